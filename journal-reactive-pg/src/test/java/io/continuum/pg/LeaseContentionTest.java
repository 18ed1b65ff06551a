package io.continuum.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.pg.testing.PgTestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 5: stopping a node that hosts 20,000 runs failed with {@code deadlock detected}
 * — each host released its runs in one statement, locking rows in id order (an index scan), while
 * the lease keeper's renewal locked the same rows in table order. Releases and renewals now lock in
 * id order, in batches, retried on contention; here they race each other on 20,000 leases.
 */
class LeaseContentionTest {
  private static final String OWNER = "node-a/default/1";
  private static final int RUNS = 20_000;

  private final Vertx vertx = Vertx.vertx();
  private final PgConnectOptions db = PgTestDatabase.shared().newDatabase();

  @AfterEach
  void close() {
    PgTestDatabase.join(vertx.close());
    PgTestDatabase.shared().drop(db);
  }

  @Test
  void releasesFromManyHostsRacingRenewalsNeverDeadlockAndReleaseEverything() throws Exception {
    PgJournal journal =
        PgTestDatabase.join(PgJournal.create(vertx, db, PgJournalOptions.defaults()));
    for (int round = 0; round < 2; round++) {
      leaseAll();
      List<List<String>> hosts = idsByHost(4);
      List<Future<?>> calls = new ArrayList<>();
      calls.add(journal.renewLeases(OWNER, Duration.ofSeconds(30)));
      for (List<String> ids : hosts) {
        calls.add(journal.releaseLeases(OWNER, ids));
      }
      calls.add(journal.renewLeases(OWNER, Duration.ofSeconds(30)));
      PgTestDatabase.join(Future.all(calls));
      assertThat(count("lease_owner IS NOT NULL")).as("round " + round).isZero();
    }
    PgTestDatabase.join(journal.close());
  }

  @Test
  void aRenewalOfManyLeasesGoesOutInChunksAndExtendsEveryOne() throws Exception {
    PgJournal journal =
        PgTestDatabase.join(PgJournal.create(vertx, db, PgJournalOptions.defaults()));
    leaseAll();
    PgTestDatabase.shared()
        .execute(
            db,
            "UPDATE continuum_runs SET lease_expires_at = now() - interval '1 hour',"
                + " next_wakeup_at = now() WHERE lease_owner IS NOT NULL AND random() < 0.01");
    int waiting = count("lease_owner IS NOT NULL AND next_wakeup_at IS NOT NULL");
    var renewed = PgTestDatabase.join(journal.renewLeases(OWNER, Duration.ofMinutes(5)));
    assertThat(renewed.renewed()).isEqualTo(RUNS); // ten chunks of 2,000
    assertThat(renewed.waiting()).hasSize(Math.min(waiting, 500)).doesNotHaveDuplicates();
    assertThat(count("lease_owner IS NOT NULL AND lease_expires_at < now() + interval '4 minutes'"))
        .as("leases not extended")
        .isZero();
    PgTestDatabase.join(journal.close());
  }

  // Random ids, so the table's order and the ids' order differ, as with generated run ids. The
  // rows are written anew each round: the first renewal then finds them in table order.
  private void leaseAll() {
    PgTestDatabase.shared()
        .execute(
            db,
            "DELETE FROM continuum_runs;"
                + " INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq,"
                + " input_hash, lease_owner, lease_token, lease_expires_at, created_at, updated_at)"
                + " SELECT gen_random_uuid()::text, 't', 'default', 'suspended', 1, 'h', '"
                + OWNER
                + "', g, now() + interval '1 hour', now(), now()"
                + " FROM generate_series(1, "
                + RUNS
                + ") g;"
                // Other nodes' and finished runs too, so the planner reaches leases by index.
                + " INSERT INTO continuum_runs (id, workflow_type, namespace, state, last_seq,"
                + " input_hash, created_at, updated_at)"
                + " SELECT gen_random_uuid()::text, 't', 'default', 'completed', 2, 'h', now(),"
                + " now() FROM generate_series(1, 20000) g; ANALYZE continuum_runs");
  }

  private List<List<String>> idsByHost(int hosts) throws Exception {
    List<List<String>> byHost = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      byHost.add(new ArrayList<>());
    }
    try (Connection c = PgTestDatabase.shared().connect(db);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT id FROM continuum_runs WHERE lease_owner IS NOT NULL")) {
      while (r.next()) {
        String id = r.getString(1);
        byHost.get(Math.floorMod(id.hashCode(), hosts)).add(id);
      }
    }
    return byHost;
  }

  private int count(String where) throws Exception {
    try (Connection c = PgTestDatabase.shared().connect(db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM continuum_runs WHERE " + where)) {
      r.next();
      return r.getInt(1);
    }
  }
}
