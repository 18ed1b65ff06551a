package io.continuum.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.continuum.ExecutionTimeoutFailure;
import io.continuum.ReplayDriftError;
import io.continuum.RunState;
import io.continuum.Workflow;
import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.replay.ChildSettings;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepExecutor;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.WorkflowDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replays a recorded history against workflow code and raises {@link ReplayDriftError} when the
 * code would do anything else: other commands, a different result, or new commands beyond a history
 * that was waiting. Keep golden histories of your workflows under test resources and replay them on
 * every build, so a change that breaks in-flight runs fails CI.
 *
 * <pre>{@code
 * @Test void checkoutStillReplays() {
 *   WorkflowReplayer.replayResource("/golden/checkout.json", Checkout.class);
 * }
 * }</pre>
 */
public final class WorkflowReplayer {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private WorkflowReplayer() {}

  /** Replays a golden-history JSON array (the format of {@link TestEnvironment#historyJson}). */
  public static <W extends Workflow<?, ?>> void replay(String historyJson, Class<W> workflow) {
    replay(
        EventCodec.decodeHistory(historyJson),
        WorkflowDefinition.of(workflow),
        JacksonPayloadCodec.create());
  }

  /** Replays a golden history stored as a classpath resource. */
  public static <W extends Workflow<?, ?>> void replayResource(String resource, Class<W> workflow) {
    try (InputStream in = workflow.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      replay(new String(in.readAllBytes(), StandardCharsets.UTF_8), workflow);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replays a history through a definition.
   *
   * @throws ReplayDriftError when the code does not reproduce the history
   */
  public static void replay(
      List<HistoryEvent> events, WorkflowDefinition definition, PayloadCodec codec) {
    replay(events, definition, codec, ChildSettings.defaults());
  }

  /**
   * Replays a history through a definition, under the child limits of the engine that ran it (a run
   * that failed at the maximum child depth fails the same way only under the same limit).
   *
   * @throws ReplayDriftError when the code does not reproduce the history
   */
  public static void replay(
      List<HistoryEvent> events,
      WorkflowDefinition definition,
      PayloadCodec codec,
      ChildSettings children) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("an empty history cannot be replayed");
    }
    HistoryEvent last = events.get(events.size() - 1);
    Event.Terminal end = last.event() instanceof Event.Terminal t ? t : null;
    List<HistoryEvent> open = end == null ? events : events.subList(0, events.size() - 1);
    History history = History.of(open);
    Event.RunStarted started = history.started();
    var input = new StepInput(started.runId(), started.namespace(), last.recordedAt(), List.of());
    StepOutcome outcome = new StepExecutor(codec, children).step(definition, history, input);
    if (outcome.state() == RunState.DRIFTED) {
      throw outcome.drift();
    }
    // An execution timeout ends a run between steps, whatever its code would do next, and so does a
    // cancel of a run that never took a step (a delayed run cancelled before its start).
    if ((end instanceof Event.RunFailed f && ExecutionTimeoutFailure.is(f.failure()))
        || (end instanceof Event.RunCancelled && open.size() == 1)) {
      return;
    }
    String expected = end == null || end instanceof Event.RunCancelled ? "a wait" : describe(end);
    String actual = describe(outcome);
    // A run whose code was told of its cancel ends cancelled where its code ended (or, past its
    // cleanup's grace period, at a wait); one cancelled before its code ran stops at its wait.
    if (end instanceof Event.RunCancelled
        && history.cancelDelivered() > 0
        && actual.equals("run_cancelled")) {
      expected = actual;
    }
    int seq = end == null ? history.lastSeq() + 1 : last.seq();
    if (!expected.equals(actual)) {
      throw new ReplayDriftError(seq, expected, actual);
    }
  }

  private static String describe(StepOutcome outcome) {
    if (outcome.state() == RunState.SUSPENDED) {
      return outcome.events().isEmpty()
          ? "a wait"
          : "new " + outcome.events().get(0).typeName() + " beyond the history";
    }
    return describe(outcome.terminal());
  }

  private static String describe(Event.Terminal end) {
    if (end instanceof Event.RunCompleted c) {
      return "run_completed with " + canonical(c.result());
    }
    if (end instanceof Event.RunFailed f) {
      return "run_failed with " + f.failure();
    }
    if (end instanceof Event.RunContinued c) {
      return "run_continued with " + canonical(c.input());
    }
    return end.typeName();
  }

  private static String canonical(Payload p) {
    try {
      return JSON.writeValueAsString(JSON.readValue(p.json(), Object.class));
    } catch (IOException e) {
      return p.jsonText();
    }
  }
}
