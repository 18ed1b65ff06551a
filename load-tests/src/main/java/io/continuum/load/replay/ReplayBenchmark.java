package io.continuum.load.replay;

import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepExecutor;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.WorkflowDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Replays a complete {@link MixedWorkflow} history (all events but {@code run_completed}, empty
 * inbox) through the real {@link StepExecutor}; one operation is one step that replays the whole
 * run and returns {@code COMPLETED}. {@link #warm} replays a history already decoded in memory (a
 * hosted run's wake); {@link #cold} first decodes every event from its stored bytes and indexes a
 * new {@link History} (a run loaded after a move, minus the database fetch), so its payloads are
 * fresh objects with nothing decoded yet. The setup fails if either step does not complete with the
 * same result the run originally produced, so a drift can never be measured silently.
 *
 * <pre>{@code
 * new Runner(new OptionsBuilder()
 *     .include(ReplayBenchmark.class.getName())
 *     .param("events", "12500")
 *     .build()).run();   // score: µs per replay; divide by events for µs per event
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplayBenchmark {

  /** The history's length without {@code run_completed}. */
  @Param("12500")
  public int events;

  private StepExecutor executor;
  private WorkflowDefinition definition;
  private StepInput input;
  private History warmHistory;
  private byte[][] stored;
  private Instant[] recordedAt;
  private Event.RunCompleted expected;

  /** Builds the history, encodes its stored form and checks that both replays complete. */
  @Setup(Level.Trial)
  public void setUp() {
    executor = new StepExecutor(JacksonPayloadCodec.create());
    MixedHistory run = new HistoryBuilder(executor).build(events);
    if (run.history().lastSeq() != events) {
      throw new IllegalStateException(
          "the mixed run journaled " + run.history().lastSeq() + " events, not " + events);
    }
    definition = run.definition();
    input = run.replayInput();
    warmHistory = run.history();
    stored = run.storedEvents();
    recordedAt = run.recordedAt();
    expected = run.completion();
    check("warm", warm());
    check("cold", cold());
  }

  /** One step over the decoded, indexed history. */
  @Benchmark
  public StepOutcome warm() {
    return executor.step(definition, warmHistory, input);
  }

  /** Decodes the stored events, indexes them, then runs the same step. */
  @Benchmark
  public StepOutcome cold() {
    List<HistoryEvent> decoded = new ArrayList<>(stored.length);
    for (int i = 0; i < stored.length; i++) {
      decoded.add(new HistoryEvent(i + 1, recordedAt[i], EventCodec.decode(stored[i])));
    }
    return executor.step(definition, History.of(decoded), input);
  }

  private void check(String which, StepOutcome outcome) {
    boolean same =
        outcome.state() == RunState.COMPLETED
            && outcome.events().size() == 1
            && expected.equals(outcome.terminal());
    if (!same) {
      throw new IllegalStateException(
          which
              + " replay did not complete the run as recorded: "
              + outcome.state()
              + (outcome.drift() != null ? " " + outcome.drift().getMessage() : "")
              + ", events "
              + outcome.events());
    }
  }
}
