package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 3, as a seeded property: a cancel sent through a node that does not own the run
 * races the owner's final commit, many times, and each answer must match the run's final state — a
 * successful cancel means the run ends {@code cancelled}; a {@link RunTerminal} names the state
 * that won. Runs on both journals. The seed is {@code -Dcontinuum.race.seed} (default 12).
 */
public abstract class CancelRaceContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int RUNS = 60;

  /** Fresh nodes on a fresh journal. */
  protected abstract EngineNodes newNodes();

  /** Ends as soon as it gets "go". */
  @WorkflowType("race.go")
  public static final class UntilGo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("go", String.class);
    }
  }

  private EngineNodes nodes;

  @BeforeEach
  void openNodes() {
    nodes = newNodes();
  }

  @AfterEach
  void closeNodes() {
    nodes.close();
  }

  @Test
  void aCancelRacingTheFinalCommitAnswersWhatReallyHappened() {
    long seed = Long.getLong("continuum.race.seed", 12);
    var random = new Random(seed);
    var owner = nodes.start("owner", o -> o, b -> b.workflow(UntilGo.class));
    var other = nodes.start("other", o -> o, b -> b.workflow(UntilGo.class));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String id = "race-" + seed + "-" + i;
      join(owner.engine().client().start(UntilGo.class, "x", StartOptions.withId(id)));
      ids.add(id);
    }

    // The gaps sweep 0 to 6 ms (the owner's step takes about that long to read its inbox and
    // commit), mostly signal first; the seed shuffles which run gets which gap.
    List<Long> gaps = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      gaps.add(i % 4 == 0 ? -1L : i * 6_000_000L / RUNS);
    }
    java.util.Collections.shuffle(gaps, random);
    // Both nodes have their connections open before the first race.
    join(other.engine().client().getRun(ids.get(0)));
    join(owner.engine().client().getRun(ids.get(0)));
    List<Throwable> answers = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String id = ids.get(i);
      long gap = gaps.get(i);
      Future<Void> signal;
      Future<Void> cancel;
      if (gap >= 0) {
        signal = owner.engine().client().signal(id, "go", "done");
        spin(gap);
        cancel = other.engine().client().cancel(id);
      } else {
        cancel = other.engine().client().cancel(id);
        signal = owner.engine().client().signal(id, "go", "done");
      }
      answers.add(outcome(cancel));
      outcome(signal); // accepted, or refused because the run had ended
    }

    int cancelled = 0;
    int lost = 0;
    for (int i = 0; i < RUNS; i++) {
      String id = ids.get(i);
      Throwable answer = answers.get(i);
      RunState end = awaitEnd(id);
      if (answer == null) {
        cancelled++;
        assertThat(end)
            .as("%s: the cancel was accepted (seed %d)", id, seed)
            .isEqualTo(RunState.CANCELLED);
      } else {
        lost++;
        assertThat(answer).as("%s (seed %d)", id, seed).isInstanceOf(RunTerminal.class);
        assertThat(((RunTerminal) answer).state())
            .as("%s: the cancel says which end won (seed %d)", id, seed)
            .isEqualTo(end);
      }
    }
    System.out.printf(
        "cancel race (seed %d): %d cancels won, %d lost to the final commit%n",
        seed, cancelled, lost);
  }

  private RunState awaitEnd(String runId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    RunState state;
    while (!(state = join(nodes.journal().run(runId)).state()).isTerminal()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(runId + " did not end within " + WAIT + ": " + state);
      }
      nodes.settle();
    }
    return state;
  }

  private static void spin(long nanos) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  private static Throwable outcome(Future<Void> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("a cancel was not answered within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }
}
