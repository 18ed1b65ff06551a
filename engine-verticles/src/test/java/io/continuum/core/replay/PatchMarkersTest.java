package io.continuum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.Workflow;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchMarkersTest {
  private static final String TYPE = "patch.test";

  /** v1: waits for "go", returns what it saw. */
  private static final Workflow<String, String> V1 =
      (ctx, in) -> "v1:" + ctx.awaitSignal("go", String.class);

  /** v2: a change before the wait, and the same change asked again after it. */
  private static final Workflow<String, String> V2 =
      (ctx, in) -> {
        List<String> path = new ArrayList<>();
        path.add(ctx.patched("greet-first") ? "new" : "old");
        String go = ctx.awaitSignal("go", String.class);
        path.add(ctx.patched("greet-first") ? "new" : "old");
        return String.join(",", path) + ":" + go;
      };

  /** v3: the old branch is gone; histories with and without the marker still replay. */
  private static final Workflow<String, String> V3 =
      (ctx, in) -> {
        ctx.deprecatePatch("greet-first");
        return "v3:" + ctx.awaitSignal("go", String.class);
      };

  private static WorkflowDefinition def(Workflow<String, String> w) {
    return WorkflowDefinition.of(TYPE, String.class, String.class, w);
  }

  private static StepOutcome step(Driver d, Workflow<String, String> code, Object... signal) {
    var inbox =
        signal.length == 0
            ? List.<io.continuum.core.event.InboxItem>of()
            : List.<io.continuum.core.event.InboxItem>of(d.signal("go", signal[0]));
    StepOutcome o =
        d.executor.step(def(code), d.history, new StepInput("run-1", "default", d.now, inbox));
    if (o.drift() == null) {
      int seq = d.history.lastSeq();
      for (Event e : o.events()) {
        d.history.append(new HistoryEvent(++seq, d.now, e));
      }
    }
    return o;
  }

  private static long markers(Driver d) {
    return d.history.events().stream()
        .filter(
            e -> e.event() instanceof Event.ValueRecorded v && v.id().kind() == CommandKind.PATCH)
        .count();
  }

  @Test
  void aNewRunTakesTheNewBranchAndJournalsOneMarker() {
    var d = new Driver(def(V2), "in");
    assertThat(step(d, V2).state()).isEqualTo(RunState.SUSPENDED);
    StepOutcome done = step(d, V2, "x");

    assertThat(done.state()).isEqualTo(RunState.COMPLETED);
    assertThat(done.events().get(done.events().size() - 1).toString()).contains("new,new:x");
    assertThat(markers(d)).isEqualTo(1);
    assertThat(d.history.get(2).event()).isInstanceOf(Event.ValueRecorded.class);
  }

  @Test
  void aHistoryRecordedBeforeThePatchKeepsTheOldBranchWithoutConsumingAnything() {
    var d = new Driver(def(V1), "in");
    step(d, V1); // v1 waits: run_started, signal_awaited
    int before = d.history.lastSeq();

    StepOutcome done = step(d, V2, "x"); // deployed v2 resumes the run

    assertThat(done.drift()).isNull();
    assertThat(done.state()).isEqualTo(RunState.COMPLETED);
    // decided false before the wait, and the same answer after it, at the frontier
    assertThat(done.events().get(done.events().size() - 1).toString()).contains("old,old:x");
    assertThat(markers(d)).isZero();
    assertThat(d.history.lastSeq()).isEqualTo(before + 2);
  }

  @Test
  void aDeprecatedPatchReplaysHistoriesWithAndWithoutItsMarker() {
    var withMarker = new Driver(def(V2), "in");
    step(withMarker, V2);
    assertThat(markers(withMarker)).isEqualTo(1);
    StepOutcome a = step(withMarker, V3, "x");
    assertThat(a.drift()).isNull();
    assertThat(a.state()).isEqualTo(RunState.COMPLETED);

    var without = new Driver(def(V1), "in");
    step(without, V1);
    StepOutcome b = step(without, V3, "y");
    assertThat(b.drift()).isNull();
    assertThat(b.state()).isEqualTo(RunState.COMPLETED);
    assertThat(markers(without)).isZero();
  }

  @Test
  void removingAPatchCallWhoseMarkerIsJournaledIsADrift() {
    var d = new Driver(def(V2), "in");
    step(d, V2);
    StepOutcome o = step(d, V1, "x");
    assertThat(o.state()).isEqualTo(RunState.DRIFTED);
    assertThat(o.drift().getMessage()).contains("patch");
  }
}
