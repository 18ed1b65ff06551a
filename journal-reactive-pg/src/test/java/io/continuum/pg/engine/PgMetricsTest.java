package io.continuum.pg.engine;

import static io.continuum.pg.engine.FencingHistory.eventually;
import static io.continuum.pg.engine.PgNodes.WAIT;
import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.pg.impl.PgJournalImpl;
import io.continuum.pg.testing.PgTestDatabase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine's meters on Postgres: a run through an activity, a timer and a signal is counted as on
 * the in-memory journal, and the journal's {@code continuum.listen.reconnects} counts the LISTEN
 * connection coming back after its backend was terminated.
 */
class PgMetricsTest {
  private static final String FLOW = "pg-metrics.flow";

  public static final class Greet implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      return "hello " + name;
    }
  }

  /** An activity, a one-minute timer, then a signal. */
  @WorkflowType(FLOW)
  public static final class Flow implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String greeting = ctx.activity(Greet.class, in);
      ctx.sleep(Duration.ofMinutes(1));
      return greeting + ctx.awaitSignal("go", String.class);
    }
  }

  @Test
  void aRunToCompletionIsCountedAndALostListenConnectionCountsAReconnect() {
    var meters = new SimpleMeterRegistry();
    try (var nodes = new PgNodes()) {
      var a =
          nodes.start("a", b -> b.workflow(Flow.class).activity(new Greet()).meterRegistry(meters));
      assertThat(a.pg.bindTo(meters, "a")).isSameAs(a.pg);
      var client = a.engine.client();

      join(client.start(Flow.class, "pg", StartOptions.withId("flow-1")));
      join(client.start(Flow.class, "pg", StartOptions.withId("flow-1"))); // a repeat
      nodes.settle();
      nodes.advance(Duration.ofMinutes(2)); // the timer fires about a minute late
      join(client.signal("flow-1", "go", "!"));
      assertThat(join(client.await("flow-1", String.class, WAIT))).isEqualTo("hello pg!");
      nodes.settle();

      assertThat(runs(meters, "started")).isEqualTo(1);
      assertThat(runs(meters, "completed")).isEqualTo(1);
      assertThat(runs(meters, "failed")).isZero();
      assertThat(runs(meters, "cancelled")).isZero();
      // start, activity result, timer, signal
      long steps =
          meters.get("continuum.step.latency").tags("node", "a", "workflow", FLOW).timer().count();
      assertThat(steps).isGreaterThanOrEqualTo(4);
      assertThat(
              meters
                  .get("continuum.replay.time")
                  .tags("node", "a", "workflow", FLOW)
                  .timer()
                  .count())
          .isGreaterThanOrEqualTo(steps);
      assertThat(journalCalls(meters, "commit", "success")).isGreaterThanOrEqualTo(3);
      assertThat(journalCalls(meters, "start", "success")).isEqualTo(2);
      assertThat(journalCalls(meters, "commit", "failure")).isZero();
      assertThat(
              meters
                  .get("continuum.activity.attempts")
                  .tags("node", "a", "activity", "Greet", "outcome", "completed")
                  .counter()
                  .count())
          .isEqualTo(1);
      var lag = meters.get("continuum.timers.lag").tag("node", "a").timer();
      assertThat(lag.count()).isEqualTo(1);
      assertThat(lag.totalTime(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(59.0);
      assertThat(meters.get("continuum.leases.renewed").tag("node", "a").counter().count())
          .isGreaterThanOrEqualTo(1);

      FunctionCounter reconnects =
          meters.get("continuum.listen.reconnects").tag("node", "a").functionCounter();
      double before = reconnects.count();
      int pid = join(((PgJournalImpl) a.pg).listenBackendPid());
      PgTestDatabase.shared().execute(nodes.db, "SELECT pg_terminate_backend(" + pid + ")");
      eventually("a to lose its LISTEN", () -> reconnects.count() > before ? true : null);
      assertThat(a.pg.listenReconnects()).isPositive();
    }
  }

  private static double runs(SimpleMeterRegistry meters, String what) {
    return meters
        .get("continuum.runs." + what)
        .tags("node", "a", "workflow", FLOW)
        .counter()
        .count();
  }

  private static long journalCalls(SimpleMeterRegistry meters, String op, String outcome) {
    return meters
        .get("continuum.journal.latency")
        .tags("node", "a", "op", op, "outcome", outcome)
        .timer()
        .count();
  }
}
