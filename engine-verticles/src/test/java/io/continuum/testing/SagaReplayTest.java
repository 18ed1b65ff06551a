package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.CompensationMode;
import io.continuum.ReplayDriftError;
import io.continuum.StartOptions;
import io.continuum.fixtures.Sagas;
import io.continuum.fixtures.Sagas.Book;
import io.continuum.fixtures.Sagas.Cancel;
import io.continuum.fixtures.Sagas.ForgetfulTrip;
import io.continuum.fixtures.Sagas.Plan;
import io.continuum.fixtures.Sagas.Trip;
import java.util.List;
import org.junit.jupiter.api.Test;

class SagaReplayTest {
  static final String GOLDEN = "/golden/saga-trip.json";

  static String record(CompensationMode mode) {
    Sagas.reset(false);
    try (var env =
        TestEnvironment.builder()
            .workflow(Trip.class)
            .activity(new Book())
            .activity(new Cancel())
            .build()) {
      var plan = new Plan(List.of("a", "sticky-b", "fail-c"), false, mode);
      var run = env.start(Trip.class, plan, StartOptions.withId("trip-1"));
      env.result(run);
      return env.historyJson(run.runId());
    }
  }

  @Test
  void aRecordedSagaReplaysInBothModesAndCodeThatStopsCompensatingDrifts() {
    for (CompensationMode mode : CompensationMode.values()) {
      String golden = record(mode);
      assertThat(golden).contains("compensation_failed").contains("compensation_completed");

      WorkflowReplayer.replay(golden, Trip.class);

      assertThatThrownBy(() -> WorkflowReplayer.replay(golden, ForgetfulTrip.class))
          .isInstanceOfSatisfying(
              ReplayDriftError.class,
              drift -> {
                assertThat(drift.seq()).isEqualTo(8);
                assertThat(drift.expected()).isEqualTo("compensation 'Cancel' #0");
              });
    }
  }

  @Test
  void theCommittedGoldenSagaHistoryStillReplays() {
    WorkflowReplayer.replayResource(GOLDEN, Trip.class);
  }
}
