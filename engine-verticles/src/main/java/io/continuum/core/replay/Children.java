package io.continuum.core.replay;

import io.continuum.ChildDepthExceeded;
import io.continuum.ChildFailure;
import io.continuum.ChildOptions;
import io.continuum.Failure;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.Workflow;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadCodec;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

/**
 * Child runs of one execution. {@code child_started} (a command of kind {@code child}, named by the
 * child's workflow type) records the child's id and its input's hash; a replay whose type, input or
 * id option differs drifts. The child itself is created by the journal in the commit of the step
 * that recorded it, and its end reaches this run's inbox in the transaction that ends it; {@code
 * child_completed}, {@code child_failed} or {@code child_cancelled} journal it.
 */
final class Children {
  private final ReplayContext ctx;
  private final StepRecorder step;
  private final History history;
  private final StepInput input;
  private final PayloadCodec codec;
  private final ChildSettings settings;

  Children(
      ReplayContext ctx,
      StepRecorder step,
      History history,
      StepInput input,
      PayloadCodec codec,
      ChildSettings settings) {
    this.ctx = ctx;
    this.step = step;
    this.history = history;
    this.input = input;
    this.codec = codec;
    this.settings = settings;
  }

  <O> PendingChild<O> start(Class<? extends Workflow<?, ?>> workflow, Object in, ChildOptions o) {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(o, "options");
    String type = WorkflowDefinition.typeName(workflow);
    Type resultType = resultType(workflow);
    Payload payload = ctx.encode(in);
    String hash = ChildIds.sha256(payload.json());
    int seq = ctx.match(CommandKind.CHILD, type);
    String childId = ChildIds.of(input.runId(), type, ctx.ordinal(), o.id());
    if (seq >= 0) {
      var recorded = (Event.ChildStarted) history.get(seq).event();
      if (!recorded.inputHash().equals(hash)) {
        throw ctx.drift(
            seq,
            "child '" + type + "' with input " + brief(recorded.inputHash()),
            "child '" + type + "' with input " + brief(hash));
      }
      // Compared without the namespace: a history recorded before run ids were per namespace
      // names its children by bare id, and a run never changes namespace.
      if (!RunRef.idOf(recorded.childId()).equals(RunRef.idOf(childId))) {
        throw ctx.drift(
            seq,
            "child '" + RunRef.idOf(recorded.childId()) + "'",
            "child '" + RunRef.idOf(childId) + "'");
      }
      return new PendingChild<>(ctx, type, childId, seq, resultType);
    }
    Event.RunStarted parent = history.started();
    int depth = parent.depth() + 1;
    if (depth > settings.maxDepth()) {
      throw ctx.fatal(
          new ChildDepthExceeded(RunRef.idOf(input.runId()), depth, settings.maxDepth()));
    }
    Payload attributes = attributes(o.attributes());
    var id = new CommandId(CommandKind.CHILD, type, ctx.ordinal());
    seq = step.append(new Event.ChildStarted(id, childId, hash));
    var started =
        new Event.RunStarted(
            childId, parent.namespace(), type, payload, input.now(), input.runId(), depth);
    step.child(
        new ChildRequest(seq, started, hash, settings.newestVersion().apply(type), attributes));
    return new PendingChild<>(ctx, type, childId, seq, resultType);
  }

  <O> O await(PendingChild<O> child) {
    ctx.atWait();
    Event.Resolution r = step.resolution(child.seq());
    if (r == null) {
      throw ctx.suspend("child '" + child.runId() + "' (seq " + child.seq() + ")");
    }
    if (r instanceof Event.ChildCompleted c) {
      return c.result().decode(codec, child.resultType());
    }
    if (r instanceof Event.ChildFailed f) {
      throw new ChildFailure(child.runId(), child.workflowType(), RunState.FAILED, f.failure());
    }
    if (r instanceof Event.ChildCancelled c) {
      throw new ChildFailure(
          child.runId(),
          child.workflowType(),
          RunState.CANCELLED,
          Failure.of("cancelled", c.reason()));
    }
    throw ctx.drift(child.seq(), "a child outcome", r.typeName());
  }

  private Payload attributes(Map<String, Object> attributes) {
    if (attributes.isEmpty()) {
      return Payload.EMPTY_OBJECT;
    }
    StepRecorder.checkAttributeKeys(attributes);
    return ctx.encode(new java.util.TreeMap<>(attributes));
  }

  private static Type resultType(Class<?> workflow) {
    return ActivityTypes.valueType(WorkflowDefinition.typeArguments(workflow)[1]);
  }

  private static String brief(String hash) {
    return hash.substring(0, 12);
  }
}
