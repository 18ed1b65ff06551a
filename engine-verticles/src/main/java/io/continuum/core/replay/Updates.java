package io.continuum.core.replay;

import io.continuum.Failure;
import io.continuum.UnknownUpdate;
import io.continuum.UpdateOptions;
import io.continuum.UpdateRejected;
import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The update handlers of one execution and the updates it applies. An update is applied at the
 * code's first wait past the history's end: {@code update_applied} (a command of kind {@code
 * update}, named by the handler) is journaled there with the input and the handler's result or
 * failure, and a replay runs the handler again at the same point so the state it changes is
 * rebuilt. Handlers and validators run on the workflow thread; a handler may use the non-blocking
 * parts of the context (time, ids, side effects, attributes) but never waits.
 */
final class Updates {

  private record Handler(
      Class<?> type, Consumer<Object> validator, Function<Object, Object> handler) {}

  private final ReplayContext ctx;
  private final StepRecorder step;
  private final CommandMatcher commands;
  private final History history;
  private final PayloadCodec codec;
  private final StepGuard guard;
  private final Map<String, Handler> handlers = new HashMap<>();
  private final Set<String> appliedNow = new HashSet<>();
  private List<InboxItem.UpdateRequested> waiting = new ArrayList<>();

  Updates(
      ReplayContext ctx,
      StepRecorder step,
      CommandMatcher commands,
      History history,
      PayloadCodec codec,
      StepGuard guard,
      List<InboxItem> inbox) {
    this.ctx = ctx;
    this.step = step;
    this.commands = commands;
    this.history = history;
    this.codec = codec;
    this.guard = guard;
    for (InboxItem item : inbox) {
      if (item instanceof InboxItem.UpdateRequested u) {
        waiting.add(u);
      }
    }
  }

  @SuppressWarnings("unchecked")
  <I> void register(
      String name, Class<I> type, Consumer<? super I> validator, Function<? super I, ?> handler) {
    checkName(name);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(handler, "handler");
    handlers.put(
        name, new Handler(type, (Consumer<Object>) validator, (Function<Object, Object>) handler));
  }

  static void checkName(String name) {
    if (name == null || !UpdateOptions.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an update name is 1 to 128 characters of [A-Za-z0-9._:-], got '" + name + "'");
    }
  }

  /**
   * The next recorded command is an update: runs its handler again (its outcome is the journaled
   * one), so the workflow's state is what it was after the original.
   */
  void replayNext() {
    String name = commands.next().name();
    int seq = ctx.match(CommandKind.UPDATE, name);
    var applied = (Event.UpdateApplied) step.eventAt(seq);
    Handler h = handlers.get(name);
    if (h == null || refused(applied.failure())) {
      return;
    }
    try {
      run(name, h, applied.input(), false);
    } catch (RuntimeException e) {
      // the original threw too: its failure is journaled
    }
  }

  /** Past the history's end: applies the updates waiting in the inbox, in arrival order. */
  void applyWaiting() {
    if (waiting.isEmpty()) {
      return;
    }
    List<InboxItem.UpdateRequested> now = waiting;
    waiting = new ArrayList<>();
    for (InboxItem.UpdateRequested u : now) {
      step.consume(u);
      if (history.updateApplied(u.updateId()) || !appliedNow.add(u.updateId())) {
        continue; // delivered twice: the first answer stands
      }
      ctx.match(CommandKind.UPDATE, u.name());
      var id = new CommandId(CommandKind.UPDATE, u.name(), ctx.ordinal());
      // the handler's own commands follow this one: journal it first, its outcome once known
      int seq =
          step.append(new Event.UpdateApplied(id, u.updateId(), u.input(), Payload.NULL, null));
      Payload result = null;
      Failure failure = null;
      Handler h = handlers.get(u.name());
      if (h == null) {
        failure =
            Failure.of(UnknownUpdate.class.getName(), new UnknownUpdate(u.name()).getMessage());
      } else {
        try {
          result = codec.encode(run(u.name(), h, u.input(), true));
        } catch (UpdateRejected e) {
          failure = Failure.of(UpdateRejected.class.getName(), e.getMessage());
        } catch (RuntimeException e) {
          failure = Failure.of(e);
        }
      }
      step.replace(seq, new Event.UpdateApplied(id, u.updateId(), u.input(), result, failure));
    }
  }

  /**
   * Checks an update against the state the replay reached, writing nothing.
   *
   * @throws UnknownUpdate when no handler has this name
   * @throws UpdateRejected when its input does not decode or its validator throws
   */
  void validate(String name, Payload input) {
    Handler h = handlers.get(name);
    if (h == null) {
      throw new UnknownUpdate(name);
    }
    validated(name, h, input);
  }

  private Object run(String name, Handler h, Payload input, boolean validate) {
    Object value = validate ? validated(name, h, input) : input.decode(codec, h.type());
    guard.updating(true);
    try {
      return h.handler().apply(value);
    } finally {
      guard.updating(false);
    }
  }

  private Object validated(String name, Handler h, Payload input) {
    Object value;
    try {
      value = input.decode(codec, h.type());
    } catch (RuntimeException e) {
      throw new UpdateRejected(name, "the input of update '" + name + "' " + e.getMessage());
    }
    guard.validating(true);
    try {
      h.validator().accept(value);
    } catch (RuntimeException e) {
      throw new UpdateRejected(name, e.getMessage());
    } finally {
      guard.validating(false);
    }
    return value;
  }

  private static boolean refused(Failure failure) {
    return failure != null
        && (failure.type().equals(UpdateRejected.class.getName())
            || failure.type().equals(UnknownUpdate.class.getName()));
  }
}
