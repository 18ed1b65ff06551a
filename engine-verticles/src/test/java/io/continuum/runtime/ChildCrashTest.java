package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.InboxItem;
import io.continuum.fixtures.Families.Brood;
import io.continuum.fixtures.Families.Kid;
import io.continuum.fixtures.Families.Parent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory twin of PgChildTest's crash: a parent's node dies between a child's end and the
 * parent's next step; the outcome waits in the parent's inbox for the next owner.
 */
class ChildCrashTest {

  @Test
  void aCrashBetweenAChildsEndAndItsParentsNextStepLosesNothing() {
    try (var nodes = new Nodes()) {
      var a = nodes.start("a", b -> b.workflow(Parent.class));
      var kids = nodes.start("kids", b -> b.workflow(Kid.class));
      Nodes.join(
          a.engine
              .client()
              .start(Parent.class, new Brood(List.of("wait-1")), StartOptions.withId("c")));
      nodes.settle();
      String kid = "c:child-family.kid-0";
      assertThat(Nodes.join(nodes.journal.run(kid)).state()).isEqualTo(RunState.SUSPENDED);

      a.kill(); // the parent's owner is gone, its lease still live
      Nodes.join(kids.engine.client().signal(kid, "go", "now"));
      nodes.settle();
      assertThat(Nodes.join(nodes.journal.run(kid)).state()).isEqualTo(RunState.COMPLETED);
      assertThat(Nodes.join(nodes.journal.run("c")).state()).isEqualTo(RunState.SUSPENDED);
      assertThat(Nodes.join(nodes.journal.inbox("c")).items())
          .singleElement()
          .isInstanceOf(InboxItem.ChildOutcome.class);

      var b = nodes.start("b", x -> x.workflow(Parent.class));
      nodes.advance(Duration.ofSeconds(31)); // a's lease lapses; b claims the parent

      assertThat(Nodes.join(b.engine.client().await("c", String.class))).isEqualTo("WAIT-1<c");
      assertThat(Nodes.join(nodes.journal.history("c", 0)))
          .extracting(e -> e.seq() + " " + e.event().typeName())
          .containsExactly(
              "1 run_started", "2 child_started", "3 child_completed", "4 run_completed");
    }
  }
}
