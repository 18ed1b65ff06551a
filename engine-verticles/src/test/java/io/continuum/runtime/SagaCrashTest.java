package io.continuum.runtime;

import static io.continuum.fixtures.CrashedPayment.shape;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.CompensationMode;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.fixtures.Sagas;
import io.continuum.fixtures.Sagas.Book;
import io.continuum.fixtures.Sagas.Cancel;
import io.continuum.fixtures.Sagas.Plan;
import io.continuum.fixtures.Sagas.Trip;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SagaCrashTest {
  private static final Plan PLAN =
      new Plan(List.of("a", "b", "fail-c"), false, CompensationMode.SEQUENTIAL);

  @Test
  void aNodeKilledMidCompensationLeavesTheSagaToAnotherNodeWithTheSameKeys() throws Exception {
    Sagas.reset(true);
    List<HistoryEvent> crashed;
    try (var nodes = new Nodes()) {
      var a =
          nodes.start("a", b -> b.workflow(Trip.class).activity(new Book()).activity(new Cancel()));
      Nodes.join(a.engine.client().start(Trip.class, PLAN, StartOptions.withId("trip-9")));
      assertThat(Cancel.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

      a.kill(); // mid-compensation: the first cancellation never reports back
      Cancel.release.countDown();
      var b =
          nodes.start("b", x -> x.workflow(Trip.class).activity(new Book()).activity(new Cancel()));
      nodes.settle();
      assertThat(Nodes.join(nodes.journal.run("trip-9")).state()).isNotEqualTo(RunState.COMPLETED);

      nodes.advance(Duration.ofSeconds(31)); // leases expire; b requeues the task and the run
      nodes.advance(Duration.ofSeconds(1));

      assertThat(Nodes.join(nodes.journal.run("trip-9")).state()).isEqualTo(RunState.COMPLETED);
      assertThat(Nodes.join(b.engine.client().await("trip-9", String.class)))
          .isEqualTo("[Cancel@4 ok, Cancel@2 ok]");
      // the interrupted cancellation ran again under the same key; each ran at least once
      assertThat(Cancel.CALLS)
          .containsExactly("booking-b@trip-9/8#1", "booking-b@trip-9/8#2", "booking-a@trip-9/10#1");
      crashed = Nodes.join(nodes.journal.history("trip-9", 0));
      assertThat(crashed)
          .filteredOn(e -> e.event() instanceof Event.CompensationCompleted)
          .extracting(e -> ((Event.CompensationCompleted) e.event()).commandSeq())
          .containsExactly(8, 10);
    }

    Sagas.reset(false);
    try (var env =
        TestEnvironment.builder()
            .workflow(Trip.class)
            .activity(new Book())
            .activity(new Cancel())
            .paranoid(true)
            .build()) {
      env.start(Trip.class, PLAN, StartOptions.withId("trip-9"));
      env.runToEnd("trip-9");
      assertThat(shape(env.history("trip-9"))).isEqualTo(shape(crashed));
    }
  }
}
