package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.journal.RunRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Continue-as-new on Postgres: a chain that continues every 10 signals receives 1,000 numbered
 * signals from 5 concurrent senders, all addressed to the chain's first run id, while the node
 * hosting it is killed once mid-chain; every signal is observed exactly once, in per-sender order,
 * and awaiting the first run id returns the chain's final result.
 */
class PgContinueAsNewTest {
  private static final int SENDERS = 5;
  private static final int PER_SENDER = 200;

  /** What a chain has observed so far, and how many signals it waits for in all. */
  public record Tally(List<String> seen, int target) {}

  /** Counts signals and continues as new every 10 of them until it saw {@code target}. */
  @WorkflowType("pg.tally")
  public static final class Counter implements Workflow<Tally, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, Tally in) {
      List<String> seen = new ArrayList<>(in.seen());
      for (int i = 0; i < 10 && seen.size() < in.target(); i++) {
        seen.add(ctx.awaitSignal("n", String.class));
      }
      return seen.size() >= in.target() ? seen : ctx.continueAsNew(new Tally(seen, in.target()));
    }
  }

  @Test
  void aChainLosesNoSignalWhenItsHostIsKilledMidChain() throws Exception {
    try (var nodes = new PgNodes()) {
      var a = nodes.start("a", x -> x.workflow(Counter.class));
      var b = nodes.start("b", x -> x.workflow(Counter.class));
      var sender = nodes.start("s", x -> {}); // runs no workflow, so it is never a host
      join(
          a.engine
              .client()
              .start(
                  Counter.class,
                  new Tally(List.of(), SENDERS * PER_SENDER),
                  StartOptions.withId("chain")));

      AtomicInteger sent = new AtomicInteger();
      var aThirdSent = new java.util.concurrent.CountDownLatch(SENDERS * PER_SENDER / 3);
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      List<Future<Void>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int from = s;
        Callable<Void> send =
            () -> {
              for (int i = 0; i < PER_SENDER; i++) {
                join(sender.engine.client().signal("chain", "n", from + ":" + i));
                sent.incrementAndGet();
                aThirdSent.countDown();
              }
              return null;
            };
        senders.add(pool.submit(send));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      aThirdSent.await(20, java.util.concurrent.TimeUnit.SECONDS);
      RunRecord atKill = join(nodes.journal().tip("chain"));
      while (atKill.leaseOwner() == null && System.nanoTime() < deadline) {
        atKill = join(nodes.journal().tip("chain")); // kill the node that hosts the live tip
      }
      int sentAtKill = sent.get();
      var host = atKill.leaseOwner() != null && atKill.leaseOwner().startsWith("b") ? b : a;
      var survivor = host == a ? b : a;
      host.kill(); // its leases stay until they expire
      nodes.advance(Duration.ofSeconds(31)); // the survivor claims what the host held
      for (Future<Void> f : senders) {
        f.get();
      }
      pool.shutdown();
      nodes.advance(Duration.ofSeconds(31)); // anything a claimed in its last moments

      @SuppressWarnings("unchecked")
      List<String> seen =
          join(survivor.engine.client().await("chain", List.class, Duration.ofSeconds(30)));

      assertThat(sentAtKill).isLessThan(SENDERS * PER_SENDER);
      assertThat(atKill.runId()).startsWith("chain:cont-");
      assertThat(atKill.leaseOwner()).isNotNull();
      assertThat(seen).hasSize(SENDERS * PER_SENDER).doesNotHaveDuplicates();
      Map<String, Integer> next = new HashMap<>();
      for (String v : seen) {
        String[] parts = v.split(":");
        int expected = next.getOrDefault(parts[0], 0);
        assertThat(Integer.parseInt(parts[1]))
            .as("order of sender " + parts[0])
            .isEqualTo(expected);
        next.put(parts[0], expected + 1);
      }
      RunRecord tip = join(nodes.journal().tip("chain"));
      assertThat(tip.runId()).isEqualTo("chain:cont-" + (SENDERS * PER_SENDER / 10 - 1));
      assertThat(tip.state()).isEqualTo(RunState.COMPLETED);
      assertThat(tip.correlationId()).isEqualTo("chain");
      assertThat(join(nodes.journal().run("chain")).state()).isEqualTo(RunState.CONTINUED);
      assertThat(join(nodes.journal().inbox(tip.runId())).items()).isEmpty();
    }
  }
}
