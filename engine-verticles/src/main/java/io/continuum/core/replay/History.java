package io.continuum.core.replay;

import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A run's history held in memory and indexed for replay: events by sequence number, commands in
 * issue order, and each command's resolution by the command's sequence number. Append-only; owned
 * by one thread at a time (the run's host).
 *
 * <pre>{@code
 * History history = History.of(journal.history(runId).await());
 * StepOutcome outcome = executor.step(definition, history, input);
 * }</pre>
 */
public final class History {

  private final ArrayList<HistoryEvent> events = new ArrayList<>();
  private int[] commandSeqs = new int[16];
  private int commandCount;
  private Event.Resolution[] resolutionBySeq = new Event.Resolution[16];
  // Kept in step with resolutionBySeq; allocated lazily like the update ids (a hosted run's history
  // stays in memory while it waits, so what most runs never use costs nothing).
  private int[] resolvedAt = new int[0];
  private Event.Terminal terminal;
  private int cancelDelivered;
  private int openTasks;
  private java.util.Set<String> updates;

  private History() {}

  /** Indexes a history; seq must run 1..n without gaps, starting with {@code run_started}. */
  public static History of(List<HistoryEvent> events) {
    History h = new History();
    for (HistoryEvent e : events) {
      h.append(e);
    }
    return h;
  }

  /**
   * Appends the next event.
   *
   * @throws IllegalStateException when the event does not fit (wrong seq, dangling resolution,
   *     anything after a terminal event)
   */
  public void append(HistoryEvent e) {
    int seq = e.seq();
    if (seq != events.size() + 1) {
      throw new IllegalStateException("expected seq " + (events.size() + 1) + ", got " + seq);
    }
    if (terminal != null) {
      throw new IllegalStateException("history already ended with " + terminal.typeName());
    }
    Event event = e.event();
    if ((seq == 1) != (event instanceof Event.RunStarted)) {
      throw new IllegalStateException("a history starts with exactly one run_started event");
    }
    if (event instanceof Event.Command) {
      if (event instanceof Event.UpdateApplied u) {
        if (updates == null) {
          updates = new java.util.HashSet<>();
        }
        updates.add(u.updateId());
      }
      if (event instanceof Event.ActivityScheduled
          || event instanceof Event.CompensationScheduled) {
        openTasks++;
      }
      if (event instanceof Event.CancelDelivered && cancelDelivered == 0) {
        cancelDelivered = seq;
      }
      if (commandCount == commandSeqs.length) {
        commandSeqs = Arrays.copyOf(commandSeqs, commandCount * 2);
      }
      commandSeqs[commandCount++] = seq;
    } else if (event instanceof Event.Resolution r) {
      index(r, seq);
    } else if (event instanceof Event.Terminal t) {
      terminal = t;
    }
    events.add(e);
  }

  private void index(Event.Resolution r, int seq) {
    int cmd = r.commandSeq();
    if (cmd < 1 || cmd >= seq || !(events.get(cmd - 1).event() instanceof Event.Command)) {
      throw new IllegalStateException(
          "event " + seq + " (" + r.typeName() + ") resolves seq " + cmd + ", not a command");
    }
    if (cmd >= resolutionBySeq.length) {
      resolutionBySeq =
          Arrays.copyOf(resolutionBySeq, Math.max(cmd + 1, resolutionBySeq.length * 2));
    }
    if (cmd >= resolvedAt.length) {
      resolvedAt = Arrays.copyOf(resolvedAt, resolutionBySeq.length);
    }
    if (resolutionBySeq[cmd] != null) {
      throw new IllegalStateException("seq " + cmd + " is resolved twice (again at " + seq + ")");
    }
    resolutionBySeq[cmd] = r;
    resolvedAt[cmd] = seq;
    Event command = events.get(cmd - 1).event();
    if (command instanceof Event.ActivityScheduled
        || command instanceof Event.CompensationScheduled) {
      openTasks--;
    }
  }

  /**
   * Whether an activity or compensation this history scheduled has no outcome yet (its task is
   * queued or running somewhere).
   */
  public boolean hasOpenTasks() {
    return openTasks > 0;
  }

  /** The sequence number of the last event (0 when empty). */
  public int lastSeq() {
    return events.size();
  }

  /** The event at {@code seq} (from 1). */
  public HistoryEvent get(int seq) {
    return events.get(seq - 1);
  }

  /** The {@code run_started} event. */
  public Event.RunStarted started() {
    return (Event.RunStarted) events.get(0).event();
  }

  /** How many command events the history holds. */
  public int commandCount() {
    return commandCount;
  }

  /** The {@code index}-th command event (from 0), in issue order. */
  public HistoryEvent command(int index) {
    return events.get(commandSeqs[index] - 1);
  }

  /** The resolution of the command at {@code commandSeq}, or null. */
  public Event.Resolution resolution(int commandSeq) {
    return commandSeq < resolutionBySeq.length ? resolutionBySeq[commandSeq] : null;
  }

  /** The seq of the run's {@code cancel_delivered} event, or 0 when the code was not cancelled. */
  public int cancelDelivered() {
    return cancelDelivered;
  }

  /** The seq of the resolution of the command at {@code commandSeq}, or 0 when unresolved. */
  public int resolvedAt(int commandSeq) {
    return commandSeq < resolvedAt.length ? resolvedAt[commandSeq] : 0;
  }

  /** Whether the history holds the outcome of update {@code updateId}. */
  public boolean updateApplied(String updateId) {
    return updates != null && updates.contains(updateId);
  }

  /** The terminal event, or null while the run is open. */
  public Event.Terminal terminal() {
    return terminal;
  }

  /** The events, in order (an unmodifiable view). */
  public List<HistoryEvent> events() {
    return Collections.unmodifiableList(events);
  }
}
