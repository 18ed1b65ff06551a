package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.pg.Migrator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database from before run ids were per namespace (schema version 5, where a run of namespace
 * {@code billing} is stored under its bare id and its history names its child by bare id) keeps
 * working after V006: a parent waiting for its child, both in {@code billing}, are renamed to their
 * keys with everything that names them, and finish when the child is signalled by id through a
 * {@code billing} client; a run of the default namespace is untouched.
 */
class RunKeysMigrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @WorkflowType("legacy.parent")
  public static final class Parent implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return "parent(" + ctx.child(Waiter.class, in) + ")";
    }
  }

  @WorkflowType("legacy.waiter")
  public static final class Waiter implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return in + "+" + ctx.awaitSignal("go", String.class) + "<-" + ctx.info().parentId();
    }
  }

  // What version 5 stored: a billing run's key was its bare id, in every table and in its events.
  // The later migrations are undone first (newest first), so that migrating applies them again.
  private static final List<String> BACK_TO_VERSION_5 =
      List.of(
          "CREATE INDEX continuum_runs_lease_owner_idx ON continuum_runs (lease_owner)"
              + " WHERE lease_owner IS NOT NULL",
          "DROP INDEX continuum_runs_lease_owner_id_idx",
          "DROP TABLE continuum_updates",
          "ALTER TABLE continuum_runs DROP COLUMN start_at, DROP COLUMN execution_deadline",
          "ALTER TABLE continuum_activity_tasks DROP COLUMN heartbeat_details,"
              + " DROP COLUMN heartbeat_deadline, DROP COLUMN attempt_started_at,"
              + " DROP COLUMN cancel_requested, DROP COLUMN external",
          "ALTER TABLE continuum_runs DROP CONSTRAINT continuum_runs_key_check",
          "UPDATE continuum_events SET run_id = substr(run_id, 9),"
              + " data = convert_to(replace(convert_from(data, 'UTF8'), 'billing/', ''), 'UTF8')"
              + " WHERE run_id LIKE 'billing/%'",
          "UPDATE continuum_signals SET run_id = substr(run_id, 9) WHERE run_id LIKE 'billing/%'",
          "UPDATE continuum_timers SET run_id = substr(run_id, 9) WHERE run_id LIKE 'billing/%'",
          "UPDATE continuum_activity_tasks SET run_id = substr(run_id, 9)"
              + " WHERE run_id LIKE 'billing/%'",
          "UPDATE continuum_child_outcomes SET run_id = substr(run_id, 9)"
              + " WHERE run_id LIKE 'billing/%'",
          "UPDATE continuum_runs SET id = substr(id, 9),"
              + " parent_run_id = substr(parent_run_id, 9),"
              + " correlation_id = substr(correlation_id, 9),"
              + " continued_from = substr(continued_from, 9) WHERE namespace = 'billing'",
          "DELETE FROM continuum_schema_version WHERE version >= 6");

  @Test
  void aVersion5DatabasesRunsOfAnotherNamespaceKeepWorkingUnderTheirKeys() {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", b -> b.workflow(Parent.class).workflow(Waiter.class));
      var billingOnA = a.engine().client().inNamespace("billing");
      join(billingOnA.start(Parent.class, "in", StartOptions.withId("legacy-1")));
      join(a.engine().client().start(Parent.class, "plain", StartOptions.withId("plain-1")));
      nodes.settle();
      a.stop();

      Vertx vertx = Vertx.vertx();
      Pool pool = PgBuilder.pool().connectingTo(nodes.db).using(vertx).build();
      try {
        join(
            pool.withTransaction(
                c -> {
                  io.vertx.core.Future<?> chain = io.vertx.core.Future.succeededFuture();
                  for (String sql : BACK_TO_VERSION_5) {
                    chain = chain.compose(v -> c.query(sql).execute());
                  }
                  return chain;
                }));
        assertThat(ids(pool)).contains("legacy-1", "plain-1").noneMatch(id -> id.contains("/"));

        assertThat(join(Migrator.migrate(vertx, nodes.db)))
            .containsExactlyElementsOf(Migrator.MIGRATIONS.subList(5, Migrator.LATEST))
            .startsWith("V006__run_keys.sql");
        assertThat(ids(pool))
            .contains("billing/legacy-1", "plain-1")
            .doesNotContain("legacy-1")
            .allMatch(id -> !id.startsWith("billing") || id.startsWith("billing/"));
      } finally {
        join(pool.close());
        join(vertx.close());
      }

      var b = nodes.start("b", o -> o, bb -> bb.workflow(Parent.class).workflow(Waiter.class));
      nodes.tick();
      var billing = b.engine().client().inNamespace("billing");
      String child = "legacy-1:child-legacy.waiter-0";
      assertThat(join(billing.getRun(child)).parentId()).isEqualTo("legacy-1");
      join(billing.signal(child, "go", "now"));
      nodes.tick(); // the pollers are the test's: the child's end reaches its parent's inbox
      nodes.tick();
      assertThat(join(billing.await("legacy-1", String.class, WAIT)))
          .isEqualTo("parent(in+now<-legacy-1)");
      assertThat(join(nodes.journal().run(RunRef.of("billing", child).key())).state())
          .isEqualTo(RunState.COMPLETED);
      assertThat(join(b.engine().client().getRun("plain-1")).state()).isEqualTo(RunState.SUSPENDED);
    }
  }

  private static List<String> ids(Pool pool) {
    List<String> ids = new ArrayList<>();
    for (Row r : join(pool.query("SELECT id FROM continuum_runs ORDER BY id").execute())) {
      ids.add(r.getString("id"));
    }
    return ids;
  }
}
