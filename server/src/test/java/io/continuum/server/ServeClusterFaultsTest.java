package io.continuum.server;

import static io.continuum.server.ServeNodes.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected from outside into a cluster of real {@code serve} processes on one Postgres
 * ({@link ServeNodes}), checked against a ledger of activity executions the engine never reads.
 * Each test proves its fault fired (the process's state in /proc, its exit status, the lease
 * moving, the forwarding counters) and that every acknowledged run ends as it should.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeClusterFaultsTest {
  private static final String RUNS = "/namespaces/default/runs";
  private static final Pattern METRIC =
      Pattern.compile("^(\\w+)\\{([^}]*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);

  @TempDir Path dir;

  /**
   * With LISTEN/NOTIFY off, hour-scale polls out of the way and the 10 s lease beat the only other
   * way to learn of work, a signal and a cancel sent to a node that does not own the run apply at
   * once: only the cluster's forwarding can explain it. A cancel racing the run's last step answers
   * which one won, through the owner and through another node.
   */
  @Test
  void signalsAndCancelsSentToOtherNodesReachTheOwnerWithListenOff() {
    try (var nodes = new ServeNodes(dir, 3, false, null)) {
      var a = nodes.start("a");
      var b = nodes.start("b");
      var c = nodes.start("c");

      start(a, "ledger.greet", "greet-1", "\"hello\"");
      start(a, "ledger.greet", "greet-2", "\"hello\"");
      assertThat(a.owns("greet-1")).isTrue();

      long began = System.nanoTime();
      assertThat(b.http().post(RUNS + "/greet-1/signals/name", "\"Ada\"").status()).isEqualTo(202);
      JsonNode done = result(c, "greet-1");
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
      assertThat(done.path("result").asText()).isEqualTo("hello, Ada");

      began = System.nanoTime();
      var cancel = c.http().post(RUNS + "/greet-2/cancel", "");
      assertThat(cancel.status()).isEqualTo(202);
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
      assertThat(state(nodes, "greet-2")).isEqualTo("cancelled");

      assertThat(metric(b, "continuum_forwards_total", "kind=\"wake\"", "outcome=\"delivered\""))
          .isGreaterThanOrEqualTo(1);
      assertThat(metric(c, "continuum_forwards_total", "kind=\"cancel\"", "outcome=\"delivered\""))
          .isGreaterThanOrEqualTo(1);

      // a cancel racing the last step: its answer names the winner
      for (int i = 0; i < 10; i++) {
        String id = "race-" + i;
        start(a, "ledger.greet", id, "\"hi\"");
        var canceller = i % 2 == 0 ? a : c;
        var signal =
            CompletableFuture.supplyAsync(
                () -> b.http().post(RUNS + "/" + id + "/signals/name", "\"Grace\""));
        var answer = canceller.http().post(RUNS + "/" + id + "/cancel", "");
        signal.join();
        awaitTrue(Duration.ofSeconds(30), id + " ends", () -> terminal(state(nodes, id)));
        if (answer.status() == 202) {
          assertThat(state(nodes, id)).as("%s: the cancel was accepted", id).isEqualTo("cancelled");
        } else {
          assertThat(answer.status()).as("%s: %s", id, answer.body()).isEqualTo(409);
          assertThat(answer.json().path("state").asText())
              .isEqualTo(state(nodes, id))
              .isEqualTo("completed");
        }
      }
    }
  }

  /**
   * The owner of runs in flight is killed with SIGKILL while workflows keep being started through
   * every node: every acknowledged run completes on the others, and no activity ran more often than
   * at-least-once allows (one execution per attempt the crash cost, one idempotency key per run).
   */
  @Test
  void anOwnerKilledUnderLoadLosesNothing() throws Exception {
    try (var nodes = new ServeNodes(dir, 3, true, Duration.ofSeconds(4))) {
      var a = nodes.start("a");
      var b = nodes.start("b");
      var c = nodes.start("c");
      List<String> acknowledged = new ArrayList<>();
      var nodesUp = List.of(a, b, c);
      for (int i = 0; i < 30; i++) {
        String id = "pay-" + i;
        start(nodesUp.get(i % 3), "ledger.pay", id, "\"slow:1500 order " + i + "\"");
        acknowledged.add(id);
      }
      long ownedByA =
          nodes.count(
              "SELECT count(*) FROM continuum_runs WHERE lease_owner LIKE 'a/%' AND state NOT IN"
                  + " ('completed', 'failed', 'cancelled')");
      a.kill();
      assertThat(a.process.exitValue()).as("SIGKILL").isEqualTo(137);
      assertThat(ownedByA).as("runs in flight on a when it died").isPositive();
      for (int i = 30; i < 60; i++) {
        String id = "pay-" + i;
        start(i % 2 == 0 ? b : c, "ledger.pay", id, "\"order " + i + "\"");
        acknowledged.add(id);
      }
      awaitTrue(
          Duration.ofSeconds(60),
          "every acknowledged run completes",
          () ->
              nodes.count("SELECT count(*) FROM continuum_runs WHERE state = 'completed'")
                  == acknowledged.size());
      for (String id : acknowledged) {
        JsonNode run = b.http().get(RUNS + "/" + id).json();
        assertThat(run.path("state").asText()).isEqualTo("completed");
        String order = id.substring("pay-".length());
        assertThat(run.path("result").asText()).endsWith("order " + order);
      }
      assertLedger(nodes, acknowledged.size(), 2);
    }
  }

  /**
   * The owner is frozen (SIGSTOP) past its run and task leases in the middle of an activity: the
   * others take its runs over and finish them; when it thaws, its late writes are fenced and every
   * run keeps the end the new owner gave it.
   */
  @Test
  void anOwnerPausedPastItsLeaseIsFencedWhenItResumes() throws Exception {
    try (var nodes = new ServeNodes(dir, 2, true, Duration.ofSeconds(4))) {
      var a = nodes.start("a");
      var b = nodes.start("b");
      for (int i = 0; i < 5; i++) {
        start(a, "ledger.pay", "paused-" + i, "\"slow:3000 order " + i + "\"");
      }
      awaitTrue(
          Duration.ofSeconds(20),
          "a runs the five activities",
          () -> nodes.count("SELECT count(*) FROM test_ledger WHERE node = 'a'") == 5);
      a.pause();
      awaitTrue(
          Duration.ofSeconds(60),
          "b finishes a's runs while a is frozen",
          () ->
              nodes.count(
                      "SELECT count(*) FROM continuum_runs WHERE state = 'completed'"
                          + " AND id LIKE 'paused-%'")
                  == 5);
      List<String> results = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        results.add(b.http().get(RUNS + "/paused-" + i).json().path("result").asText());
      }
      a.resume();
      // a's activities end after the thaw; their outcomes go out under a's stale leases
      awaitTrue(
          Duration.ofSeconds(30),
          "a's stale outcomes are fenced",
          () ->
              metric(a, "continuum_activity_attempts_total", "outcome=\"fenced\"")
                      + metric(a, "continuum_leases_lost_total")
                  >= 1);
      for (int i = 0; i < 5; i++) {
        JsonNode run = a.http().get(RUNS + "/paused-" + i).json();
        assertThat(run.path("state").asText()).isEqualTo("completed");
        assertThat(run.path("result").asText()).isEqualTo(results.get(i));
        assertThat(
                nodes.count(
                    "SELECT count(*) FROM continuum_events WHERE run_id = ? AND type ="
                        + " 'run_completed'",
                    "paused-" + i))
            .isEqualTo(1);
      }
      assertLedger(nodes, 5, 2);
    }
  }

  /**
   * A member frozen and thawed every few seconds for a minute (longer than Hazelcast's heartbeat
   * timeout and the run leases, so it leaves and rejoins the cluster and loses its leases each
   * time) while workflows keep coming through the others: no run is stuck, none ends twice, and
   * activities ran at least once and no more than the pauses can explain.
   */
  @Test
  void aFlappingMemberCausesNoDuplicateAndNoStuckRun() throws Exception {
    try (var nodes = new ServeNodes(dir, 3, true, Duration.ofSeconds(4))) {
      var a = nodes.start("a");
      var b = nodes.start("b");
      var c = nodes.start("c");
      var flapping = new AtomicBoolean(true);
      var flaps =
          CompletableFuture.runAsync(
              () -> {
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < end) {
                  a.pause();
                  pause(Duration.ofSeconds(6));
                  a.resume();
                  pause(Duration.ofSeconds(3));
                }
                flapping.set(false);
              });
      List<String> acknowledged = new ArrayList<>();
      for (int i = 0; flapping.get(); i++) {
        String id = "flap-" + i;
        start(i % 2 == 0 ? b : c, "ledger.pay", id, "\"slow:200 order " + i + "\"");
        acknowledged.add(id);
      }
      flaps.get(2, TimeUnit.MINUTES);
      assertThat(acknowledged.size()).isGreaterThan(20);
      awaitTrue(
          Duration.ofSeconds(60),
          "every acknowledged run completes",
          () ->
              nodes.count("SELECT count(*) FROM continuum_runs WHERE state = 'completed'")
                  == acknowledged.size());
      assertThat(
              nodes.count(
                  "SELECT count(*) FROM (SELECT run_id FROM continuum_events WHERE type ="
                      + " 'run_completed' GROUP BY run_id HAVING count(*) > 1) twice"))
          .isZero();
      assertLedger(nodes, acknowledged.size(), 8);
    }
  }

  // Every run's activity ran at least once and at most {@code most} times, with one idempotency
  // key per run.
  private static void assertLedger(ServeNodes nodes, int runs, int most) {
    assertThat(nodes.count("SELECT count(DISTINCT run_key) FROM test_ledger")).isEqualTo(runs);
    assertThat(
            nodes.count(
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM test_ledger GROUP BY"
                    + " run_key) x"))
        .isBetween(1L, (long) most);
    assertThat(
            nodes.count(
                "SELECT count(*) FROM (SELECT run_key FROM test_ledger GROUP BY run_key HAVING"
                    + " count(DISTINCT idempotency_key) > 1) x"))
        .isZero();
  }

  private static void start(ServeNodes.Node node, String workflow, String id, String input) {
    var r =
        node.http()
            .post(
                RUNS,
                "{\"workflow\": \""
                    + workflow
                    + "\", \"id\": \""
                    + id
                    + "\", \"input\": "
                    + input
                    + "}");
    assertThat(r.status()).as("start %s through %s: %s", id, node.id, r.body()).isEqualTo(201);
  }

  private static JsonNode result(ServeNodes.Node node, String id) {
    var r = node.http().get(RUNS + "/" + id + "/result?wait=30");
    assertThat(r.status()).as("%s: %s", id, r.body()).isEqualTo(200);
    return r.json();
  }

  private static String state(ServeNodes nodes, String id) {
    return nodes.query("SELECT state FROM continuum_runs WHERE id = ?", id);
  }

  private static boolean terminal(String state) {
    return List.of("completed", "failed", "cancelled").contains(state);
  }

  /**
   * The sum of a Prometheus counter's samples on a node whose labels include all of {@code tags}.
   */
  private static double metric(ServeNodes.Node node, String name, String... tags) {
    var r = node.http().getRoot("/metrics");
    assertThat(r.status()).isEqualTo(200);
    double sum = 0;
    Matcher m = METRIC.matcher(r.body());
    while (m.find()) {
      if (m.group(1).equals(name) && List.of(tags).stream().allMatch(m.group(2)::contains)) {
        sum += Double.parseDouble(m.group(3));
      }
    }
    return sum;
  }

  private static void pause(Duration d) {
    try {
      TimeUnit.MILLISECONDS.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
