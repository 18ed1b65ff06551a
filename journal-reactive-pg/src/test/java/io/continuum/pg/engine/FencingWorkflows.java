package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.WAIT;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The workflows and activities of the fencing tests (Pg*FencingTest). */
final class FencingWorkflows {
  private FencingWorkflows() {}

  /**
   * Waits for "first", records which node took that step, waits for "second". The node name comes
   * from the factory the node registered it with.
   */
  public static final class Relay implements Workflow<String, String> {
    private final String node;

    public Relay() {
      this("?");
    }

    Relay(String node) {
      this.node = node;
    }

    @Override
    public String run(WorkflowContext ctx, String in) {
      String first = ctx.awaitSignal("first", String.class);
      String writer = ctx.sideEffect("writer", String.class, () -> node);
      String second = ctx.awaitSignal("second", String.class);
      return first + "/" + second + " by " + writer;
    }
  }

  /**
   * Its first attempt (when {@link #hangFirst}) blocks until the test releases it; other attempts
   * answer at once. Every execution is logged as {@code node#attempt key}.
   */
  public static final class Slow implements Activity<String, String> {
    static final List<String> EXECUTIONS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch firstStarted = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile boolean hangFirst;

    private final String node;

    /** Forgets earlier executions; attempts answer at once until {@link #hangFirst} is set. */
    static void reset() {
      EXECUTIONS.clear();
      firstStarted = new CountDownLatch(1);
      release = new CountDownLatch(1);
      hangFirst = false;
    }

    Slow(String node) {
      this.node = node;
    }

    @Override
    public String execute(ActivityContext ctx, String in) throws Exception {
      EXECUTIONS.add(node + "#" + ctx.attempt() + " " + ctx.idempotencyKey());
      if (hangFirst && ctx.attempt() == 1) {
        firstStarted.countDown();
        if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the first attempt");
        }
      }
      return node + "#" + ctx.attempt();
    }
  }

  /** Runs {@link Slow} (three attempts at most) and returns its result. */
  public static final class Pay implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String order) {
      return ctx.activity(Slow.class, order, ActivityOptions.defaults().withMaxAttempts(3));
    }
  }

  /** Says which node ran it. */
  public static final class Stamp implements Activity<String, String> {
    private final String node;

    Stamp(String node) {
      this.node = node;
    }

    @Override
    public String execute(ActivityContext ctx, String in) {
      return in + " stamped by " + node;
    }
  }

  /** Runs {@link Stamp}. */
  public static final class Stamped implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(Stamp.class, in);
    }
  }

  /** Sleeps two seconds (a timer the wheel holds in memory and fires on a real-time alarm). */
  public static final class Nap implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofSeconds(2));
      return "woke " + in;
    }
  }

  /** Waits up to ten minutes for "answer". */
  public static final class Deadline implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.awaitSignal("answer", String.class, Duration.ofMinutes(10)).orElse("timed out");
    }
  }

  /** Waits up to ten minutes for "answer", then (without a timeout) for "done". */
  public static final class AnswerThenDone implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String answer =
          ctx.awaitSignal("answer", String.class, Duration.ofMinutes(10)).orElse("timed out");
      return answer + "/" + ctx.awaitSignal("done", String.class);
    }
  }

  /** Sleeps a day. */
  public static final class Sleeper implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofDays(1));
      return in;
    }
  }

  /** Registered on no node: its tasks stay ready. */
  public static final class Idle implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in;
    }
  }

  /** Leaves pending work behind: an activity task nobody runs, and a signal timeout an hour out. */
  public static final class Busy implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.startActivity(Idle.class, in);
      return ctx.awaitSignal("go", String.class, Duration.ofHours(1)).orElse("timed out");
    }
  }
}
