package io.continuum.observer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Failure;
import io.continuum.PendingWork;
import io.continuum.RunDescription;
import io.continuum.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunViewTest {
  private static final Instant T = Instant.parse("2026-12-07T10:02:00Z");

  private static RunDescription run(RunState state, String drift, String version) {
    return new RunDescription(
        "order-1",
        "orders.checkout",
        "default",
        state,
        5,
        T,
        T,
        null,
        state == RunState.FAILED ? Failure.of("boom", "card declined") : null,
        drift,
        Map.of(),
        "order-1",
        null,
        null,
        version);
  }

  @Test
  void aWaitingRunSaysWhatItWaitsForAndUntilWhen() {
    var signal =
        new RunView.Pending(
            "signal", "approval", 6, T, Instant.parse("2026-12-07T11:02:00Z"), null);
    assertThat(RunView.why(run(RunState.SUSPENDED, null, null), List.of(signal), Set.of()))
        .isEqualTo(
            "waiting for signal `approval` since 10:02:00, times out at 2026-12-07 11:02:00 UTC.");
    var timer =
        new RunView.Pending("timer", "sleep", 7, T, Instant.parse("2026-12-07T10:07:00Z"), null);
    assertThat(RunView.why(run(RunState.SUSPENDED, null, null), List.of(timer), Set.of()))
        .isEqualTo("sleeping until 2026-12-07 10:07:00 UTC.");
  }

  @Test
  void aConditionAndACancelledRunsCleanupAreSaid() {
    var cmd =
        new io.continuum.core.event.CommandId(
            io.continuum.core.event.CommandKind.CONDITION, "condition", 0);
    var cancel =
        new io.continuum.core.event.CommandId(
            io.continuum.core.event.CommandKind.CANCEL, "cancel", 0);
    var history =
        List.of(
            new io.continuum.core.event.HistoryEvent(
                2, T, new io.continuum.core.event.Event.ConditionAwaited(cmd, T.plusSeconds(3600))),
            new io.continuum.core.event.HistoryEvent(
                3, T, new io.continuum.core.event.Event.CancelDelivered(cancel, "customer left")));
    var pending = RunView.pending(history, new PendingWork(List.of(), List.of()));
    assertThat(RunView.why(run(RunState.SUSPENDED, null, null), pending, Set.of()))
        .isEqualTo(
            "waiting for a condition since 10:02:00, times out at 2026-12-07 11:02:00 UTC;"
                + " cancelled at 10:02:00 (customer left): its code is cleaning up, and it ends"
                + " cancelled when that is done.");
  }

  @Test
  void aRetryingActivitySaysWhichAttemptFailedAndWhenTheNextComes() {
    var work =
        new PendingWork(
            List.of(
                new PendingWork.Activity(
                    3,
                    "ChargeCard",
                    3,
                    5,
                    false,
                    Instant.parse("2026-12-07T10:05:00Z"),
                    Failure.of("io", "gateway timeout"))),
            List.of());
    var history = List.<io.continuum.core.event.HistoryEvent>of();
    assertThat(RunView.pending(history, work)).isEmpty(); // nothing scheduled in this history
    var p =
        new RunView.Pending(
            "activity",
            "ChargeCard",
            3,
            T,
            null,
            "attempt 3 of 5 failed: gateway timeout, retry at 2026-12-07 10:05:00 UTC");
    assertThat(RunView.why(run(RunState.SUSPENDED, null, null), List.of(p), Set.of()))
        .isEqualTo(
            "activity `ChargeCard` attempt 3 of 5 failed: gateway timeout, retry at 2026-12-07"
                + " 10:05:00 UTC.");
  }

  @Test
  void endsDriftsAndMissingVersionsAreSaid() {
    assertThat(RunView.why(run(RunState.FAILED, null, null), List.of(), Set.of()))
        .isEqualTo("failed at 2026-12-07 10:02:00 UTC: card declined");
    assertThat(
            RunView.why(
                run(RunState.DRIFTED, "at seq 7: expected ChargeCard, got ReserveStock", null),
                List.of(),
                Set.of()))
        .startsWith("drifted: at seq 7: expected ChargeCard, got ReserveStock");
    assertThat(RunView.why(run(RunState.SUSPENDED, null, "ab12cd"), List.of(), Set.of()))
        .isEqualTo(
            "no node has version `ab12cd` of `orders.checkout`: it waits for a node that runs the"
                + " code it started on.");
    assertThat(
            RunView.why(
                run(RunState.SUSPENDED, null, "ab12cd"),
                List.of(),
                Set.of("orders.checkout@ab12cd")))
        .startsWith("suspended with nothing pending");
  }
}
