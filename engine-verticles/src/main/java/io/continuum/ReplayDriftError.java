package io.continuum;

/**
 * The workflow code no longer matches the run's history: at history position {@link #seq()} the
 * history holds {@link #expected()} but the code issued {@link #actual()}. A drifted run is parked
 * in {@link RunState#DRIFTED} (never forked, never failed) until code that replays is deployed.
 *
 * <p>It is an {@link Error} so that {@code catch (Exception e)} in workflow code cannot swallow it.
 *
 * <pre>{@code
 * try {
 *   WorkflowReplayer.replay(goldenHistoryJson, Checkout.class);
 * } catch (ReplayDriftError drift) {
 *   fail("seq " + drift.seq() + ": expected " + drift.expected() + ", got " + drift.actual());
 * }
 * }</pre>
 */
public final class ReplayDriftError extends Error {
  private final int seq;
  private final String expected;
  private final String actual;

  public ReplayDriftError(int seq, String expected, String actual) {
    super(
        "replay drift at seq " + seq + ": history has " + expected + " but code issued " + actual);
    this.seq = seq;
    this.expected = expected;
    this.actual = actual;
  }

  /** The history sequence number where code and history part ways. */
  public int seq() {
    return seq;
  }

  /** What the history holds at {@link #seq()}. */
  public String expected() {
    return expected;
  }

  /** What the code did instead. */
  public String actual() {
    return actual;
  }
}
