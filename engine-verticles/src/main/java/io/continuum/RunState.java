package io.continuum;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a run. This enum is the transition table: the journals validate every state
 * change against {@link #canMoveTo}, and {@code docs/architecture.md} draws it (a test keeps the
 * drawing in sync).
 *
 * <pre>{@code
 * RunDescription d = client.getRun(runId).await();
 * if (d.state().isTerminal()) { ... }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #PENDING}: created, no step taken yet.
 *   <li>{@link #RUNNING}: a step is in progress or work is waiting for one.
 *   <li>{@link #SUSPENDED}: blocked on an activity, timer, signal or child.
 *   <li>{@link #COMPLETED}, {@link #FAILED}, {@link #CANCELLED}, {@link #CONTINUED}: terminal;
 *       never changed once written.
 *   <li>{@link #DRIFTED}: parked because its code no longer replays its history; an operator
 *       resolves it by deploying code that replays, or by cancelling it.
 * </ul>
 */
public enum RunState {
  PENDING,
  RUNNING,
  SUSPENDED,
  COMPLETED,
  FAILED,
  CANCELLED,
  CONTINUED,
  DRIFTED;

  private Set<RunState> next;

  static {
    PENDING.next = EnumSet.of(RUNNING, CANCELLED);
    RUNNING.next = EnumSet.of(SUSPENDED, COMPLETED, FAILED, CANCELLED, CONTINUED, DRIFTED);
    SUSPENDED.next = EnumSet.of(RUNNING, CANCELLED);
    DRIFTED.next = EnumSet.of(RUNNING, CANCELLED);
    COMPLETED.next = EnumSet.noneOf(RunState.class);
    FAILED.next = EnumSet.noneOf(RunState.class);
    CANCELLED.next = EnumSet.noneOf(RunState.class);
    CONTINUED.next = EnumSet.noneOf(RunState.class);
  }

  /** Whether the table allows moving from this state to {@code target}. */
  public boolean canMoveTo(RunState target) {
    return next.contains(target);
  }

  /** The states reachable in one transition, in declaration order. */
  public Set<RunState> successors() {
    return EnumSet.copyOf(next.isEmpty() ? EnumSet.noneOf(RunState.class) : next);
  }

  /** Whether the state is final: completed, failed, cancelled or continued. */
  public boolean isTerminal() {
    return next.isEmpty();
  }

  /**
   * Whether a step may start from this state: a step moves the run to {@link #RUNNING} and then to
   * its outcome.
   */
  public boolean canStep() {
    return canMoveTo(RUNNING);
  }

  /**
   * The transition table as a Mermaid state diagram; {@code docs/architecture.md} embeds it.
   *
   * <pre>{@code
   * System.out.println(RunState.mermaidDiagram());
   * }</pre>
   */
  public static String mermaidDiagram() {
    var out = new StringBuilder("stateDiagram-v2\n");
    out.append("    [*] --> pending: start\n");
    for (RunState from : values()) {
      for (RunState to : from.next) {
        out.append("    ")
            .append(from.wireName())
            .append(" --> ")
            .append(to.wireName())
            .append('\n');
      }
      if (from.isTerminal()) {
        out.append("    ").append(from.wireName()).append(" --> [*]\n");
      }
    }
    return out.toString();
  }

  /** The wire name: the lower-case constant name. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a {@link #wireName()} (case-insensitive). */
  public static RunState fromWireName(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
