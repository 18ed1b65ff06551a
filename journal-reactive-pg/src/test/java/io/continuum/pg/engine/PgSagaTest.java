package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.CompensationMode;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.Event;
import io.continuum.fixtures.Sagas;
import io.continuum.fixtures.Sagas.Book;
import io.continuum.fixtures.Sagas.Cancel;
import io.continuum.fixtures.Sagas.Plan;
import io.continuum.fixtures.Sagas.Trip;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sagas on Postgres: compensations are ordinary activity tasks, so the journal needs nothing new;
 * their events round-trip through the events table and the run replays them.
 */
class PgSagaTest {

  @Test
  void aSagaWhoseThirdStepFailsRunsCompensationsTwoThenOne() {
    Sagas.reset(false);
    try (var nodes = new PgNodes()) {
      var a =
          nodes.start("a", b -> b.workflow(Trip.class).activity(new Book()).activity(new Cancel()));
      var plan = new Plan(List.of("a", "b", "fail-c"), false, CompensationMode.SEQUENTIAL);
      join(a.engine.client().start(Trip.class, plan, StartOptions.withId("trip-1")));

      assertThat(join(a.engine.client().await("trip-1", String.class, WAIT)))
          .isEqualTo("[Cancel@4 ok, Cancel@2 ok]");
      assertThat(join(nodes.journal().run("trip-1")).state()).isEqualTo(RunState.COMPLETED);
      assertThat(Cancel.CALLS).containsExactly("booking-b@trip-1/8#1", "booking-a@trip-1/10#1");
      var history = join(nodes.journal().history("trip-1", 0));
      assertThat(history.subList(7, 11))
          .extracting(e -> e.seq() + " " + e.event().typeName())
          .containsExactly(
              "8 compensation_scheduled",
              "9 compensation_completed",
              "10 compensation_scheduled",
              "11 compensation_completed");
      assertThat(((Event.CompensationScheduled) history.get(7).event()).compensates()).isEqualTo(4);
      assertThat(((Event.ActivityScheduled) history.get(1).event()).options().compensation())
          .isNotNull()
          .satisfies(c -> assertThat(c.activityType()).isEqualTo("Cancel"));
    }
  }

  @Test
  void inParallelModeBothAreScheduledInOneStepAndAFailedOneDoesNotFailTheRun() {
    Sagas.reset(false);
    try (var nodes = new PgNodes()) {
      var a =
          nodes.start("a", b -> b.workflow(Trip.class).activity(new Book()).activity(new Cancel()));
      var plan = new Plan(List.of("a", "sticky-b", "fail-c"), false, CompensationMode.PARALLEL);
      join(a.engine.client().start(Trip.class, plan, StartOptions.withId("trip-2")));
      nodes.settle();
      nodes.advance(Duration.ofSeconds(1)); // the sticky cancellation's retry backoff

      assertThat(join(a.engine.client().await("trip-2", String.class, WAIT)))
          .isEqualTo("[Cancel@4 failed after 2, Cancel@2 ok]");
      var history = join(nodes.journal().history("trip-2", 0));
      assertThat(history.subList(7, 9))
          .extracting(e -> e.event().typeName())
          .containsExactly("compensation_scheduled", "compensation_scheduled");
      assertThat(history)
          .filteredOn(e -> e.event() instanceof Event.CompensationFailed)
          .singleElement()
          .satisfies(
              e -> assertThat(((Event.CompensationFailed) e.event()).attempts()).isEqualTo(2));
    }
  }
}
