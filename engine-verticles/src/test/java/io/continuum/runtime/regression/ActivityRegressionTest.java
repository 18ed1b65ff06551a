package io.continuum.runtime.regression;

import static io.continuum.runtime.regression.Cluster.WAIT;
import static io.continuum.runtime.regression.Cluster.completesWithin;
import static io.continuum.runtime.regression.Cluster.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityFailure;
import io.continuum.ActivityOptions;
import io.continuum.RetryPolicy;
import io.continuum.RunHandle;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.runtime.regression.FaultJournal.Op;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Review findings 8 and 14: activity capacity, timeouts, and work the engine must account for. */
class ActivityRegressionTest {
  static final AtomicInteger RUNNING = new AtomicInteger();
  static final AtomicInteger MAX_RUNNING = new AtomicInteger();

  private static void enter() {
    MAX_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
  }

  /** Ignores interrupts and keeps its worker thread until the test releases it. */
  public static final class Hog implements Activity<String, String> {
    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    @Override
    public String execute(ActivityContext ctx, String in) {
      enter();
      try {
        started.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (release.getCount() > 0 && System.nanoTime() < deadline) {
          try {
            release.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            // a zombie: carries on regardless
          }
        }
        return "hog";
      } finally {
        RUNNING.decrementAndGet();
      }
    }
  }

  public static final class Quick implements Activity<String, String> {
    static final AtomicInteger RAN = new AtomicInteger();

    @Override
    public String execute(ActivityContext ctx, String in) {
      enter();
      try {
        RAN.incrementAndGet();
        return "quick";
      } finally {
        RUNNING.decrementAndGet();
      }
    }
  }

  private static ActivityOptions timeout(long millis) {
    return ActivityOptions.defaults()
        .withStartToCloseTimeout(Duration.ofMillis(millis))
        .withRetry(RetryPolicy.noRetries());
  }

  public static final class UseHog implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      try {
        return ctx.activity(Hog.class, in, timeout(300));
      } catch (ActivityFailure f) {
        return "hog failed";
      }
    }
  }

  public static final class UseQuick implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      try {
        return ctx.activity(Quick.class, in, timeout(300));
      } catch (ActivityFailure f) {
        return "quick failed: " + f.getMessage();
      }
    }
  }

  /** Fails its first attempt. */
  public static final class Flaky implements Activity<String, String> {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @Override
    public String execute(ActivityContext ctx, String in) {
      ATTEMPTS.incrementAndGet();
      if (ctx.attempt() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      return "ok";
    }
  }

  public static final class UseFlaky implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      var retry =
          RetryPolicy.defaults().withMaxAttempts(2).withInitialBackoff(Duration.ofSeconds(1));
      return ctx.activity(Flaky.class, in, ActivityOptions.defaults().withRetry(retry));
    }
  }

  @BeforeEach
  void reset() {
    RUNNING.set(0);
    MAX_RUNNING.set(0);
    Hog.started = new CountDownLatch(1);
    Hog.release = new CountDownLatch(1);
    Quick.RAN.set(0);
    Flaky.ATTEMPTS.set(0);
  }

  @AfterEach
  void releaseHog() {
    Hog.release.countDown();
  }

  // ---- finding 8 ----------------------------------------------------------------------------

  @Test
  void aTimedOutAttemptKeepsItsSlotUntilItsBodyReturnsAndAQueuedAttemptIsNotTimedOutUnrun()
      throws Exception {
    try (var cluster = new Cluster()) {
      var a =
          cluster.start(
              "a",
              o -> o.withMaxConcurrentActivities(1),
              b ->
                  b.workflow(UseHog.class)
                      .workflow(UseQuick.class)
                      .activity(new Hog())
                      .activity(new Quick()));
      RunHandle<String> hog = join(a.engine.client().start(UseHog.class, "h"));
      assertThat(Hog.started.await(5, TimeUnit.SECONDS)).isTrue();
      // the attempt times out while its body still runs (it ignores the interrupt)
      assertThat(join(hog.result())).isEqualTo("hog failed");
      assertThat(RUNNING.get()).isEqualTo(1);

      RunHandle<String> quick = join(a.engine.client().start(UseQuick.class, "q"));
      // longer than the quick attempt's timeout: it must not time out while it waits for a slot
      Future<String> quickResult = quick.result();
      completesWithin(quickResult, Duration.ofMillis(900));
      Hog.release.countDown();

      assertThat(join(quickResult)).isEqualTo("quick");
      assertThat(Quick.RAN.get()).isEqualTo(1);
      assertThat(MAX_RUNNING.get()).as("bodies running at once").isEqualTo(1);
    }
  }

  // ---- finding 14 ---------------------------------------------------------------------------

  @Test
  void theRealTimePollForARetriedTaskIsTrackedWork() {
    try (var cluster = new Cluster()) {
      var a = cluster.start("a", b -> b.workflow(UseFlaky.class).activity(new Flaky()));
      RunHandle<String> run = join(a.engine.client().start(UseFlaky.class, "f"));
      cluster.settle();
      assertThat(Flaky.ATTEMPTS.get()).isEqualTo(1); // retry due in 1 s; a real-time poll then

      var claims = a.journal.hold(Op.CLAIM_TASKS, 1);
      var held = claims.next(WAIT); // the poll claims
      Future<Void> idle = a.engine.idle();
      assertThat(idle.isComplete()).as("idle while the poll's claim is in flight").isFalse();

      cluster.clock.advance(Duration.ofSeconds(1));
      held.release();
      assertThat(completesWithin(idle, WAIT)).isTrue();
      assertThat(join(run.result())).isEqualTo("ok");
      assertThat(Flaky.ATTEMPTS.get()).isEqualTo(2);
    }
  }
}
