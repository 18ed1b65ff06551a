package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A signal that reaches the mailbox while the run is still busy with an earlier activity is read by
 * a step that cannot consume it yet. The host must read the inbox again on its next step, or that
 * step runs on the activity's result alone and waits for a signal that is already there (until a
 * lease beat happens to wake it: never, on these nodes).
 */
class EarlySignalTest {
  static final CountDownLatch STARTED = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  public static final class Gate implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) throws Exception {
      STARTED.countDown();
      if (!RELEASE.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return in;
    }
  }

  public static final class GateThenSignal implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String passed = ctx.activity(Gate.class, in);
      return passed + ctx.awaitSignal("go", String.class);
    }
  }

  @Test
  void aSignalReadBeforeItsAwaitIsConsumedWhenTheAwaitComes() throws Exception {
    try (var nodes = new Nodes()) {
      // No lease beat and no poll within the test: only the host's own steps can find the signal.
      var node =
          nodes.start(
              "a",
              b ->
                  b.workflow(GateThenSignal.class)
                      .activity(new Gate())
                      .options(
                          io.continuum.runtime.EngineOptions.defaults()
                              .withNodeId("a")
                              .withPollInterval(Duration.ofHours(1))
                              .withLeaseTtl(Duration.ofHours(3))
                              .withHostInstances(1)));
      Nodes.join(
          node.engine.client().start(GateThenSignal.class, "x", StartOptions.withId("early-1")));
      assertThat(STARTED.await(10, TimeUnit.SECONDS)).isTrue();

      var looked = new CountDownLatch(1);
      node.journal.onInboxRead = runId -> looked.countDown();
      Nodes.join(node.engine.client().signal("early-1", "go", "!"));
      assertThat(looked.await(10, TimeUnit.SECONDS)).as("the wake step read the inbox").isTrue();
      RELEASE.countDown();

      String result =
          Nodes.join(node.engine.client().await("early-1", String.class, Duration.ofSeconds(10)));
      assertThat(result).isEqualTo("x!");
    }
  }
}
