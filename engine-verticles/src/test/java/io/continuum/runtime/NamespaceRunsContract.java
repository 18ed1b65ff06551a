package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.Continuum;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.HistoryEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Run identity is (namespace, id), all the way down: the same id started in two namespaces makes
 * two runs whose activities, timers, signals, children and continue-as-new successors never meet,
 * across the crash of the node that started them. Runs on both journals.
 */
public abstract class NamespaceRunsContract {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String ID = "order-1";

  /** Fresh nodes on a fresh journal. */
  protected abstract EngineNodes newNodes();

  /**
   * Continues as new once, then runs an activity, sleeps a minute, waits for "go" and runs a child:
   * every effect names the run it was made for.
   */
  @WorkflowType("ns.family")
  public static final class Family implements Workflow<Integer, String> {
    @Override
    public String run(WorkflowContext ctx, Integer generation) {
      if (generation == 0) {
        return ctx.continueAsNew(1);
      }
      String who = ctx.info().namespace() + "/" + ctx.info().runId();
      String echoed = ctx.activity(Echo.class, who);
      ctx.sleep(Duration.ofMinutes(1));
      String go = ctx.awaitSignal("go", String.class);
      String child = ctx.child(Kid.class, go);
      return String.join(";", who, echoed, go, child);
    }
  }

  @WorkflowType("ns.kid")
  public static final class Kid implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.info().namespace()
          + "/"
          + ctx.info().runId()
          + "<-"
          + ctx.info().parentId()
          + ":"
          + in;
    }
  }

  /** Echoes the run it ran for, as the activity sees it. */
  public static final class Echo implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return ctx.runId() + "|" + in;
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

  private EngineNodes.Node node(String id) {
    return nodes.start(
        id,
        o -> o.withLeaseTtl(LEASE),
        b -> b.workflow(Family.class).workflow(Kid.class).activity(new Echo()));
  }

  @Test
  void theSameIdInTwoNamespacesIsTwoRunsThroughEveryEffectAndACrash() {
    var a = node("a");
    Continuum billingOnA = a.engine().client().inNamespace("billing");
    var inDefault = join(a.engine().client().start(Family.class, 0, StartOptions.withId(ID)));
    var inBilling = join(billingOnA.start(Family.class, 0, StartOptions.withId(ID)));
    assertThat(inDefault.created()).isTrue();
    assertThat(inBilling.created()).isTrue();
    assertThat(inBilling.ref()).isEqualTo(RunRef.of("billing", ID));
    nodes.settle();

    a.kill(); // with both runs hosted, their activities done and their timers pending
    var b = node("b");
    nodes.advanceClock(LEASE.plusMinutes(2));
    b.tick();
    nodes.settle();
    b.tick();
    nodes.settle();

    Continuum billing = b.engine().client().inNamespace("billing");
    Continuum plain = b.engine().client();
    join(billing.signal(ID, "go", "B"));
    join(plain.signal(ID, "go", "A"));
    nodes.settle();

    String tip = ID + ":cont-1";
    assertThat(join(plain.await(ID, String.class, WAIT))).isEqualTo(expected("default", tip, "A"));
    assertThat(join(billing.await(ID, String.class, WAIT)))
        .isEqualTo(expected("billing", tip, "B"));

    assertThat(join(plain.getRun(ID)).runId()).isEqualTo(tip);
    assertThat(join(billing.getRun(ID)).namespace()).isEqualTo("billing");
    assertThat(join(nodes.journal().run(RunRef.of("billing", tip).key())).state())
        .isEqualTo(RunState.COMPLETED);
    // Each run's history holds its own signal only.
    assertThat(signals(RunRef.of("default", tip).key())).containsExactly("\"A\"");
    assertThat(signals(RunRef.of("billing", tip).key())).containsExactly("\"B\"");
  }

  private static String expected(String namespace, String runId, String go) {
    String who = namespace + "/" + runId;
    String child = runId + ":child-ns.kid-0";
    return String.join(
        ";", who, runId + "|" + who, go, namespace + "/" + child + "<-" + runId + ":" + go);
  }

  private List<String> signals(String key) {
    return join(nodes.journal().history(key, 0)).stream()
        .map(HistoryEvent::event)
        .filter(e -> e instanceof io.continuum.core.event.Event.SignalReceived)
        .map(e -> ((io.continuum.core.event.Event.SignalReceived) e).payload().jsonText())
        .toList();
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }
}
