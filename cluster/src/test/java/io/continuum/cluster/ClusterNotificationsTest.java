package io.continuum.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityType;
import io.continuum.RunRef;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.core.event.HistoryEvent;
import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.runtime.Addresses;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clustered Vert.x instances in one JVM: an engine runs on A, and B, which runs no engine,
 * hears every notification of A's runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterNotificationsTest {
  private static final String BARRIER = "test.barrier";

  @WorkflowType("cluster.greet")
  public static final class Greet implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      String loud = ctx.activity(Shout.class, in);
      return loud + ", " + ctx.awaitSignal("name", String.class);
    }
  }

  @ActivityType("cluster.shout")
  public static final class Shout implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      return in.toUpperCase();
    }
  }

  /** What B heard, on one address, in arrival order. */
  private record Heard(String address, JsonObject body) {}

  private final List<Vertx> started = new ArrayList<>();

  @AfterEach
  void closeBoth() throws Exception {
    for (Vertx vertx : started) {
      join(vertx.close());
    }
  }

  @Test
  void aNodeWithoutTheEngineHearsEveryStepAndTheEndOfARunOnAnother() throws Exception {
    String cluster = "continuum-test-" + UUID.randomUUID();
    int portA = freePort();
    int portB = freePort();
    List<Integer> ports = List.of(portA, portB);
    Vertx a = join(ContinuumCluster.start(ClusterOptions.loopback(cluster, portA, ports)));
    started.add(a);
    Vertx b = join(ContinuumCluster.start(ClusterOptions.loopback(cluster, portB, ports)));
    started.add(b);

    // B subscribes on one context, so its handlers run in the order the messages arrive.
    String runId = "greet-" + UUID.randomUUID();
    BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
    Context onB = b.getOrCreateContext();
    Future<Void> subscribed =
        Future.<Future<Void>>future(
                p ->
                    onB.runOnContext(
                        v ->
                            p.complete(
                                Future.all(
                                        subscribe(b, Addresses.RUNS_EVENTS, heard),
                                        subscribe(b, Addresses.RUNS_FINISHED, heard),
                                        subscribe(
                                            b,
                                            Addresses.runStatus(RunRef.of("default", runId)),
                                            heard),
                                        subscribe(b, BARRIER, heard))
                                    .mapEmpty())))
            .compose(f -> f);
    join(subscribed);

    Engine engine =
        Engine.builder()
            .journal(InMemoryJournal.create())
            .workflow(Greet.class)
            .activity(new Shout())
            .options(EngineOptions.defaults().withNodeId("node-a"))
            .build();
    join(engine.deploy(a));
    try {
      join(engine.client().start(Greet.class, "hello", StartOptions.withId(runId)));
      join(engine.client().signal(runId, "name", "Ada"));
      assertThat(join(engine.client().await(runId, String.class))).isEqualTo("HELLO, Ada");
      List<HistoryEvent> history = join(engine.client().history(runId, 0, 100));
      int lastSeq = history.get(history.size() - 1).seq();

      List<Heard> got = new ArrayList<>();
      // everything up to the end of the run, then a barrier from A: anything A published for the
      // run arrives before it, so a duplicate end would be seen
      awaitUntil(heard, got, h -> h.address().equals(Addresses.RUNS_FINISHED));
      awaitUntil(heard, got, h -> isEnd(h, Addresses.RUNS_EVENTS, lastSeq));
      awaitUntil(
          heard, got, h -> isEnd(h, Addresses.runStatus(RunRef.of("default", runId)), lastSeq));
      a.eventBus().publish(BARRIER, new JsonObject().put("after", runId));
      awaitUntil(heard, got, h -> h.address().equals(BARRIER));

      List<JsonObject> events = bodies(got, Addresses.RUNS_EVENTS);
      List<JsonObject> status = bodies(got, Addresses.runStatus(RunRef.of("default", runId)));
      List<JsonObject> finished = bodies(got, Addresses.RUNS_FINISHED);

      for (JsonObject body : concat(events, status, finished)) {
        assertThat(body.getString("runId")).isEqualTo(runId);
        assertThat(body.getString("workflowType")).isEqualTo("cluster.greet");
        assertThat(body.getString("namespace")).isEqualTo("default");
        assertThat(body.getString("state")).isNotBlank();
        assertThat(body.getInteger("seq")).isBetween(1, lastSeq);
        assertThat(Instant.parse(body.getString("at"))).isNotNull();
      }
      // the step notifications cover the history exactly once, in order, from run_started on
      assertThat(events.get(0).getInteger("fromSeq")).isEqualTo(1);
      List<String> types = new ArrayList<>();
      int next = 1;
      for (JsonObject step : events) {
        assertThat(step.getInteger("fromSeq")).isEqualTo(next);
        assertThat(step.getInteger("seq")).isEqualTo(step.getInteger("toSeq"));
        next = step.getInteger("toSeq") + 1;
        step.getJsonArray("types").forEach(t -> types.add((String) t));
      }
      assertThat(types)
          .isEqualTo(history.stream().map(e -> e.event().typeName()).toList())
          .startsWith("run_started");
      assertThat(events.get(events.size() - 1).getString("state")).isEqualTo("completed");
      // the run's own address saw the same steps
      assertThat(status.stream().map(s -> s.getInteger("seq")).toList())
          .isEqualTo(events.stream().map(s -> s.getInteger("seq")).toList());
      assertThat(status.get(status.size() - 1).getString("state")).isEqualTo("completed");
      // and the end, once
      assertThat(finished).hasSize(1);
      assertThat(finished.get(0).getString("state")).isEqualTo("completed");
      assertThat(finished.get(0).getInteger("seq")).isEqualTo(lastSeq);
    } finally {
      join(engine.undeploy());
    }
  }

  private static Future<Void> subscribe(Vertx vertx, String address, BlockingQueue<Heard> heard) {
    return vertx
        .eventBus()
        .<JsonObject>consumer(address, m -> heard.add(new Heard(address, m.body())))
        .completion();
  }

  private static boolean isEnd(Heard h, String address, int lastSeq) {
    return h.address().equals(address) && h.body().getInteger("seq") == lastSeq;
  }

  // Moves what B heard into got until an entry matches (it may already be there).
  private static void awaitUntil(
      BlockingQueue<Heard> heard, List<Heard> got, java.util.function.Predicate<Heard> done)
      throws InterruptedException {
    if (got.stream().anyMatch(done)) {
      return;
    }
    while (true) {
      Heard h = heard.poll(10, TimeUnit.SECONDS);
      assertThat(h).as("a notification on B within 10 s; so far: %s", got).isNotNull();
      got.add(h);
      if (done.test(h)) {
        return;
      }
    }
  }

  private static List<JsonObject> bodies(List<Heard> got, String address) {
    return got.stream().filter(h -> h.address().equals(address)).map(Heard::body).toList();
  }

  @SafeVarargs
  private static List<JsonObject> concat(List<JsonObject>... lists) {
    List<JsonObject> all = new ArrayList<>();
    for (List<JsonObject> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
