package io.continuum.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.http.fixture.ApiResponse;
import io.continuum.http.fixture.ApiServer;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 4: with {@code continuum_runs} locked by another session, every request used to
 * hang until the lock went away. Now every request answers within its deadline — {@code 503} with
 * {@code Retry-After} — health answers within a second and names the locked table, nothing is
 * written, and everything works again once the lock is gone.
 */
class PgStuckDatabaseTest {
  private static final String RUNS = "/v1/namespaces/default/runs";
  private static final Duration DEADLINE = Duration.ofSeconds(2);

  private final PgConnectOptions db = PgTestDatabase.shared().newDatabase();
  private final ApiServer server =
      new ApiServer(
          vertx ->
              PgTestDatabase.join(
                  PgJournal.create(
                      vertx,
                      db,
                      PgJournalOptions.defaults()
                          .withLockTimeout(Duration.ofSeconds(1))
                          .withPoolWait(Duration.ofSeconds(1)))),
          o -> o.withRequestTimeout(DEADLINE).withCancelWait(Duration.ofMillis(500)));

  @AfterEach
  void close() {
    server.close();
    PgTestDatabase.shared().drop(db);
  }

  record Timed(ApiResponse response, Duration took) {}

  private static Timed timed(Supplier<ApiResponse> call) {
    long began = System.nanoTime();
    ApiResponse r = call.get();
    return new Timed(r, Duration.ofNanos(System.nanoTime() - began));
  }

  @Test
  void aLockedRunsTableAnswers503WithinTheDeadlineAndHealthSaysWhy() throws Exception {
    String order = "{\"id\":\"o\",\"amountCents\":1}";
    assertThat(
            server
                .post(
                    RUNS,
                    server.writer,
                    "{\"workflow\":\"test.approve\",\"id\":\"before\",\"input\":" + order + "}")
                .status())
        .isEqualTo(201);
    assertThat(server.get("/v1/health", null).status()).isEqualTo(200);

    try (Connection locker = PgTestDatabase.shared().connect(db);
        Connection watcher = PgTestDatabase.shared().connect(db)) {
      locker.setAutoCommit(false);
      try (Statement s = locker.createStatement()) {
        s.execute("LOCK TABLE continuum_runs IN ACCESS EXCLUSIVE MODE");
      }
      assertThat(lockHeld(watcher)).as("the lock is held").isTrue();

      Timed health = timed(() -> server.get("/v1/health", null));
      assertThat(health.response().status()).isEqualTo(503);
      assertThat(health.took()).isLessThan(Duration.ofSeconds(1));
      assertThat(health.response().headers().firstValue("Retry-After")).isPresent();
      var journal = health.response().json().getJsonObject("checks").getJsonObject("journal");
      assertThat(journal.getString("status")).isEqualTo("down");
      assertThat(journal.getString("detail")).contains("continuum_runs").contains("locked");

      String started = "{\"workflow\":\"test.approve\",\"id\":\"during\",\"input\":" + order + "}";
      var calls = new java.util.LinkedHashMap<String, Supplier<ApiResponse>>();
      calls.put("get", () -> server.get(RUNS + "/before", server.reader));
      calls.put("list", () -> server.get(RUNS + "?limit=5", server.reader));
      calls.put("start", () -> server.post(RUNS, server.writer, started));
      calls.put(
          "signal",
          () ->
              server.post(RUNS + "/before/signals/approval", server.writer, "{\"approved\":true}"));
      calls.put("cancel", () -> server.post(RUNS + "/before/cancel", server.writer, null));
      calls.put(
          "attributes",
          () -> server.patch(RUNS + "/before/attributes", server.writer, "{\"k\":\"v\"}"));
      for (var call : calls.entrySet()) {
        Timed t = timed(call.getValue());
        assertThat(t.response().status()).as(call.getKey() + ": " + t.response()).isEqualTo(503);
        assertThat(t.response().problem()).as(call.getKey()).isEqualTo("unavailable");
        assertThat(t.response().headers().firstValue("Retry-After")).as(call.getKey()).isPresent();
        assertThat(t.took()).as(call.getKey()).isLessThan(DEADLINE.plusMillis(500));
      }
      assertThat(lockHeld(watcher)).as("the lock was held throughout").isTrue();
      locker.rollback();
    }

    assertThat(server.get("/v1/health", null).status()).isEqualTo(200);
    ApiResponse before = server.get(RUNS + "/before", server.reader);
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.json().getString("state")).isEqualTo("suspended");
    assertThat(before.json().getJsonObject("attributes").containsKey("k")).isFalse();
    assertThat(server.get(RUNS + "/during", server.reader).status()).isEqualTo(404);
  }

  private static boolean lockHeld(Connection watcher) throws Exception {
    try (Statement s = watcher.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                    + " WHERE c.relname = 'continuum_runs' AND l.mode = 'AccessExclusiveLock'"
                    + " AND l.granted")) {
      r.next();
      return r.getInt(1) == 1;
    }
  }
}
