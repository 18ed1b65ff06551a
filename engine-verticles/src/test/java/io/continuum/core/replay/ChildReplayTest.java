package io.continuum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.ChildDepthExceeded;
import io.continuum.RunState;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.fixtures.Families.Kid;
import io.continuum.fixtures.Families.Tree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Children in replay: what a start records, how outcomes resolve, and when a replay drifts. */
class ChildReplayTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final JacksonPayloadCodec codec = JacksonPayloadCodec.create();

  @WorkflowType("starts-kid")
  public static final class StartsKid implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return "got " + ctx.child(Kid.class, in);
    }
  }

  /** The same type, but the child's input changed: a deploy that breaks running parents. */
  @WorkflowType("starts-kid")
  public static final class StartsKidWithOtherInput implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return "got " + ctx.child(Kid.class, in + "!");
    }
  }

  /** The same type, but it starts another workflow type. */
  @WorkflowType("starts-kid")
  public static final class StartsTree implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return "got " + ctx.child(Tree.class, 0);
    }
  }

  private List<HistoryEvent> started(int depth) {
    var first =
        new Event.RunStarted(
            "run-1",
            "default",
            "starts-kid",
            codec.encode("a"),
            NOW,
            depth == 0 ? null : "up",
            depth);
    return new ArrayList<>(List.of(new HistoryEvent(1, NOW, first)));
  }

  private StepOutcome step(
      Class<? extends Workflow<?, ?>> type, List<HistoryEvent> events, InboxItem... inbox) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    var definition = WorkflowDefinition.of((Class) type);
    return new StepExecutor(codec)
        .step(
            definition, History.of(events), new StepInput("run-1", "default", NOW, List.of(inbox)));
  }

  private List<HistoryEvent> afterFirstStep() {
    List<HistoryEvent> events = started(0);
    StepOutcome first = step(StartsKid.class, events);
    events.add(new HistoryEvent(2, NOW, first.events().get(0)));
    return events;
  }

  @Test
  void aStartRecordsChildStartedAndAskedForTheChildRun() {
    StepOutcome o = step(StartsKid.class, started(0));

    assertThat(o.state()).isEqualTo(RunState.SUSPENDED);
    var started = (Event.ChildStarted) o.events().get(0);
    assertThat(started.childId()).isEqualTo("run-1:child-family.kid-0");
    ChildRequest request = o.children().get(0);
    assertThat(request.seq()).isEqualTo(2);
    assertThat(request.childId()).isEqualTo(started.childId());
    assertThat(request.started().parentId()).isEqualTo("run-1");
    assertThat(request.started().depth()).isEqualTo(1);
    assertThat(request.started().workflowType()).isEqualTo("family.kid");
    assertThat(request.started().input()).isEqualTo(codec.encode("a"));
    assertThat(request.inputHash()).isEqualTo(started.inputHash());
  }

  @Test
  void anOutcomeResolvesTheAwaitAndAReplayStartsNothingAgain() {
    var outcome =
        new InboxItem.ChildOutcome(
            7, 2, "run-1:child-family.kid-0", RunState.COMPLETED, codec.encode("A"), null, null);
    StepOutcome o = step(StartsKid.class, afterFirstStep(), outcome);

    assertThat(o.state()).isEqualTo(RunState.COMPLETED);
    assertThat(o.children()).isEmpty();
    assertThat(o.consumed()).containsExactly(outcome);
    assertThat(o.events().get(0))
        .isEqualTo(new Event.ChildCompleted(2, "run-1:child-family.kid-0", codec.encode("A")));
  }

  @Test
  void anOutcomeOfAnotherChildIsConsumedAndResolvesNothing() {
    var stray =
        new InboxItem.ChildOutcome(
            8, 2, "someone-else", RunState.COMPLETED, codec.encode("X"), null, null);
    StepOutcome o = step(StartsKid.class, afterFirstStep(), stray);

    assertThat(o.state()).isEqualTo(RunState.SUSPENDED);
    assertThat(o.events()).isEmpty();
    assertThat(o.consumed()).containsExactly(stray);
  }

  @Test
  void aReplayWhoseChildInputChangedDrifts() {
    StepOutcome o = step(StartsKidWithOtherInput.class, afterFirstStep());

    assertThat(o.state()).isEqualTo(RunState.DRIFTED);
    assertThat(o.drift().seq()).isEqualTo(2);
    assertThat(o.drift().getMessage()).contains("child 'family.kid' with input");
    assertThat(o.children()).isEmpty();
  }

  @Test
  void aReplayWhoseChildTypeChangedDrifts() {
    StepOutcome o = step(StartsTree.class, afterFirstStep());

    assertThat(o.state()).isEqualTo(RunState.DRIFTED);
    assertThat(o.drift().getMessage()).contains("family.kid").contains("family.tree");
  }

  @Test
  void aStartBeyondTheMaximumDepthFailsTheRunAndCreatesNothing() {
    StepOutcome o = step(StartsKid.class, started(ChildSettings.DEFAULT_MAX_DEPTH));

    assertThat(o.state()).isEqualTo(RunState.FAILED);
    assertThat(o.children()).isEmpty();
    assertThat(o.events())
        .singleElement()
        .isInstanceOfSatisfying(
            Event.RunFailed.class,
            f -> {
              assertThat(f.failure().type()).isEqualTo(ChildDepthExceeded.class.getName());
              assertThat(f.failure().message())
                  .contains("depth 11")
                  .contains("maximum child depth is 10");
            });
  }
}
