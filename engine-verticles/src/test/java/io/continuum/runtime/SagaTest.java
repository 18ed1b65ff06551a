package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ActivityFailure;
import io.continuum.CompensationMode;
import io.continuum.WorkflowFailure;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.fixtures.Sagas;
import io.continuum.fixtures.Sagas.Book;
import io.continuum.fixtures.Sagas.Cancel;
import io.continuum.fixtures.Sagas.Handles;
import io.continuum.fixtures.Sagas.Plan;
import io.continuum.fixtures.Sagas.Trip;
import io.continuum.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

class SagaTest {
  private static final List<String> LEGS = List.of("a", "b", "fail-c");

  private static TestEnvironment env() {
    Sagas.reset(false);
    return TestEnvironment.builder()
        .workflow(Trip.class)
        .workflow(Handles.class)
        .activity(new Book())
        .activity(new Cancel())
        .paranoid(true)
        .build();
  }

  static List<String> types(List<HistoryEvent> history) {
    return history.stream().map(e -> e.seq() + " " + e.event().typeName()).toList();
  }

  @Test
  void aSagaWhoseThirdStepFailsRunsCompensationsTwoThenOne() {
    try (var env = env()) {
      var run = env.start(Trip.class, new Plan(LEGS, false, CompensationMode.SEQUENTIAL));

      assertThat(env.result(run)).isEqualTo("[Cancel@4 ok, Cancel@2 ok]");
      String id = run.runId();
      assertThat(Cancel.CALLS)
          .containsExactly("booking-b@" + id + "/8#1", "booking-a@" + id + "/10#1");
      var history = env.history(id);
      assertThat(types(history).subList(7, 12))
          .containsExactly(
              "8 compensation_scheduled",
              "9 compensation_completed",
              "10 compensation_scheduled",
              "11 compensation_completed",
              "12 run_completed");
      var first = (Event.CompensationScheduled) history.get(7).event();
      assertThat(first.compensates()).isEqualTo(4);
      assertThat(first.id().toString()).isEqualTo("compensation 'Cancel' #0");
      assertThat(new String(first.input().json(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("\"booking-b\"");
      assertThat(((Event.CompensationScheduled) history.get(9).event()).compensates()).isEqualTo(2);
      // the original activity's options name its compensation, for replays and operators
      var booked = (Event.ActivityScheduled) history.get(1).event();
      assertThat(booked.options().compensation().activityType()).isEqualTo("Cancel");
      assertThat(env.historyJson(id)).contains("\"compensate_with\" : \"Cancel\"");
    }
  }

  @Test
  void aSagaThatRethrowsFailsWithTheOriginalErrorAfterCompensating() {
    try (var env = env()) {
      var run = env.start(Trip.class, new Plan(LEGS, true, CompensationMode.SEQUENTIAL));

      assertThatThrownBy(() -> env.result(run))
          .isInstanceOfSatisfying(
              WorkflowFailure.class,
              f -> {
                assertThat(f.failure().type()).isEqualTo(ActivityFailure.class.getName());
                assertThat(f.failure().message()).contains("no seat on fail-c");
              });
      assertThat(Cancel.CALLS).hasSize(2);
      assertThat(types(env.history(run.runId())))
          .endsWith("10 compensation_scheduled", "11 compensation_completed", "12 run_failed");
    }
  }

  @Test
  void inParallelModeSchedulesBothBeforeSuspending() {
    try (var env = env()) {
      var run = env.start(Trip.class, new Plan(LEGS, false, CompensationMode.PARALLEL));

      assertThat(env.result(run)).isEqualTo("[Cancel@4 ok, Cancel@2 ok]");
      var history = env.history(run.runId());
      assertThat(types(history).subList(7, 12))
          .containsExactlyInAnyOrder(
              "8 compensation_scheduled",
              "9 compensation_scheduled",
              "10 compensation_completed",
              "11 compensation_completed",
              "12 run_completed");
      assertThat(((Event.CompensationScheduled) history.get(7).event()).compensates()).isEqualTo(4);
      assertThat(((Event.CompensationScheduled) history.get(8).event()).compensates()).isEqualTo(2);
      assertThat(Cancel.CALLS)
          .containsExactlyInAnyOrder(
              "booking-b@" + run.runId() + "/8#1", "booking-a@" + run.runId() + "/9#1");
    }
  }

  @Test
  void aCompensationThatFailsTerminallyIsJournaledAndTheRunStillCompletes() {
    try (var env = env()) {
      var plan = new Plan(List.of("a", "sticky-b", "fail-c"), false, CompensationMode.SEQUENTIAL);
      var run = env.start(Trip.class, plan);

      assertThat(env.result(run)).isEqualTo("[Cancel@4 failed after 2, Cancel@2 ok]");
      var history = env.history(run.runId());
      var failed = (Event.CompensationFailed) history.get(8).event();
      assertThat(failed.commandSeq()).isEqualTo(8);
      assertThat(failed.attempts()).isEqualTo(2);
      assertThat(failed.failure().message()).isEqualTo("cannot cancel booking-sticky-b");
      assertThat(types(history)).endsWith("11 compensation_completed", "12 run_completed");
    }
  }

  @Test
  void compensateByHandleRemovesItAndAFailedActivityHasNothingToUndo() {
    try (var env = env()) {
      var run = env.start(Handles.class, "h");

      assertThat(env.result(run)).isEqualTo("[Cancel@2 ok] | [] | [Cancel@3 ok]");
      assertThat(Cancel.CALLS)
          .extracting(c -> c.substring(0, c.indexOf('@')))
          .containsExactly("booking-h1", "booking-h2");
      assertThat(env.history(run.runId()))
          .filteredOn(e -> e.event() instanceof Event.CompensationScheduled)
          .extracting(e -> ((Event.CompensationScheduled) e.event()).compensates())
          .containsExactly(2, 3);
    }
  }
}
