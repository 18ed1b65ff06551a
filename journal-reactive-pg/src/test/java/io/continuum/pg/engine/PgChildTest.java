package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.fixtures.Families.Brood;
import io.continuum.fixtures.Families.Kid;
import io.continuum.fixtures.Families.Parent;
import io.continuum.fixtures.Families.Tree;
import io.continuum.pg.PgJournal;
import io.continuum.pg.testing.PgTestDatabase;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Child runs on Postgres: created in the parent's commit, reporting their end to the parent's inbox
 * through the journal's trigger in the same transaction, cancelled in cascade, and surviving the
 * loss of the parent's node between a child's end and the parent's next step.
 */
class PgChildTest {
  private static final Consumer<Engine.Builder> ALL =
      b -> b.workflow(Parent.class).workflow(Kid.class).workflow(Tree.class);

  private static List<String> types(List<HistoryEvent> history) {
    return history.stream().map(e -> e.seq() + " " + e.event().typeName()).toList();
  }

  /** Ticks the nodes (a poll stands in for NOTIFY between nodes) until {@code done} holds. */
  private static void until(PgNodes nodes, BooleanSupplier done) {
    for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
      nodes.tick();
    }
    assertThat(done.getAsBoolean()).as("condition reached").isTrue();
  }

  /** The run's state, or null while it does not exist. */
  private static RunState state(PgNodes nodes, String runId) {
    return join(
        nodes
            .journal()
            .run(runId)
            .map(r -> r.state())
            .recover(e -> io.vertx.core.Future.succeededFuture(null)));
  }

  @Test
  void aParentGetsItsChildrensResultsAndFailures() {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", ALL);
      var brood = new Brood(List.of("a", "fail-x", "b"), true, null);
      join(a.engine.client().start(Parent.class, brood, StartOptions.withId("p")));

      assertThat(join(a.engine.client().await("p", String.class, WAIT)))
          .isEqualTo("A<p,!failed:kid fail-x failed,B<p");
      var history = join(nodes.journal().history("p", 0));
      assertThat(types(history))
          .startsWith("1 run_started", "2 child_started", "3 child_started", "4 child_started")
          .endsWith("8 run_completed");
      // the children end in any order; each outcome is journaled once
      assertThat(history.subList(4, 7))
          .extracting(e -> e.event().typeName())
          .containsExactlyInAnyOrder("child_completed", "child_completed", "child_failed");
      assertThat(join(nodes.journal().run("p:child-family.kid-2")).parentId()).isEqualTo("p");
      assertThat(join(nodes.journal().inbox("p")).items()).isEmpty();
    }
  }

  /**
   * A single node does not LISTEN: the journal that committed a child's end wakes the parent
   * itself, at once, not on the lease-renewal backstop (10 s here, twice the wait).
   */
  @Test
  void withoutListenTheParentWakesAsSoonAsItsChildEnds() {
    Vertx vertx = Vertx.vertx();
    try {
      PgConnectOptions db = PgTestDatabase.shared().newDatabase();
      var journal = join(PgJournal.create(vertx, db, PgNodes.options().withListen(false)));
      var engine =
          Engine.builder()
              .journal(journal)
              .options(
                  EngineOptions.defaults()
                      .withPollInterval(Duration.ofHours(1))
                      .withLeaseTtl(Duration.ofSeconds(30)))
              .workflow(Parent.class)
              .workflow(Kid.class)
              .build();
      join(engine.deploy(vertx));
      join(
          engine
              .client()
              .start(Parent.class, new Brood(List.of("x", "y")), StartOptions.withId("w")));

      assertThat(join(engine.client().await("w", String.class, Duration.ofSeconds(5))))
          .isEqualTo("X<w,Y<w");
    } finally {
      join(vertx.close());
    }
  }

  @Test
  void cancellingAParentLeavesEveryLiveDescendantThreeLevelsDownCancelled() {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", ALL);
      join(a.engine.client().start(Tree.class, 3, StartOptions.withId("t")));
      String l1 = "t:child-family.tree-0";
      String l2 = l1 + ":child-family.tree-0";
      String l3 = l2 + ":child-family.tree-0";
      until(nodes, () -> state(nodes, l3) == RunState.SUSPENDED);

      join(a.engine.client().cancel("t"));

      until(nodes, () -> state(nodes, l3).isTerminal());
      for (String id : List.of("t", l1, l2, l3)) {
        assertThat(state(nodes, id)).as(id).isEqualTo(RunState.CANCELLED);
      }
      // each descendant's code was told at its wait, with the same chance as its parent
      assertThat(join(nodes.journal().history(l3, 0)).get(2).event().typeName())
          .isEqualTo("cancel_delivered");
      assertThat(join(nodes.journal().history(l3, 0)).get(3).event().typeName())
          .isEqualTo("run_cancelled");
    }
  }

  @Test
  void aCrashBetweenAChildsEndAndItsParentsNextStepLosesNothing() {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", b -> b.workflow(Parent.class));
      var kids = nodes.start("kids", b -> b.workflow(Kid.class));
      join(
          a.engine
              .client()
              .start(Parent.class, new Brood(List.of("wait-1")), StartOptions.withId("c")));
      String kid = "c:child-family.kid-0";
      until(nodes, () -> state(nodes, kid) == RunState.SUSPENDED);

      a.kill(); // the parent's owner is gone, its lease still live
      join(kids.engine.client().signal(kid, "go", "now"));
      until(nodes, () -> state(nodes, kid) == RunState.COMPLETED);
      assertThat(state(nodes, "c")).isEqualTo(RunState.SUSPENDED);
      assertThat(join(nodes.journal().inbox("c")).items())
          .singleElement()
          .isInstanceOf(InboxItem.ChildOutcome.class);

      var b = nodes.start("b", x -> x.workflow(Parent.class));
      nodes.advance(Duration.ofSeconds(31)); // a's lease lapses; b claims the parent

      assertThat(join(b.engine.client().await("c", String.class, WAIT))).isEqualTo("WAIT-1<c");
      assertThat(types(join(nodes.journal().history("c", 0))))
          .containsExactly(
              "1 run_started", "2 child_started", "3 child_completed", "4 run_completed");
      assertThat(types(join(nodes.journal().history(kid, 0))))
          .containsExactly(
              "1 run_started", "2 signal_awaited", "3 signal_received", "4 run_completed");
    }
  }
}
