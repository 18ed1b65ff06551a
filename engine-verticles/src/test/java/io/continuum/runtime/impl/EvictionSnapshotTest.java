package io.continuum.runtime.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.StartOptions;
import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineNodes;
import io.continuum.runtime.EngineOptions;
import io.continuum.runtime.SnapshotContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HostedRun#snapshotForEviction}: a run leaving memory stores a snapshot only when its
 * history grew enough since the last one, so idle runs with short histories cost nothing.
 */
class EvictionSnapshotTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final InMemoryJournal journal = InMemoryJournal.create();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Vertx vertx = Vertx.vertx();
  // steps never snapshot here: only eviction does
  private final EngineImpl engine =
      (EngineImpl)
          Engine.builder()
              .journal(journal)
              .options(EngineOptions.defaults().withSnapshotEvery(1_000))
              .meterRegistry(meters)
              .workflow(SnapshotContract.LongRun.class)
              .activity(new SnapshotContract.Double())
              .build();

  @AfterEach
  void close() {
    join(engine.undeploy());
    join(vertx.close());
  }

  private static <T> T join(Future<T> f) {
    return EngineNodes.join(f, WAIT);
  }

  private HostedRun waiting(String runId, int activities, int lastSeq) {
    join(
        engine
            .client()
            .start(SnapshotContract.LongRun.class, activities, StartOptions.withId(runId)));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (join(journal.run(runId)).lastSeq() < lastSeq) {
      assertThat(System.nanoTime()).as(runId + " waits").isLessThan(deadline);
      join(engine.idle());
    }
    join(engine.idle());
    return join(engine.runtime().directory.send(runId, Messages.PROBE));
  }

  // Called from the test thread on idle runs (no step in flight): the in-memory journal answers at
  // once, so nothing else touches the run meanwhile.
  @Test
  void aGrownHistoryIsSnapshottedOnceAndAShortOneNever() {
    join(engine.deploy(vertx));
    HostedRun grown = waiting("e-1", 20, 42);
    HostedRun shortOne = waiting("e-2", 0, 2);

    join(grown.snapshotForEviction());
    join(grown.snapshotForEviction()); // nothing new since
    join(shortOne.snapshotForEviction());

    assertThat(join(journal.resume("e-1")).afterSeq()).isEqualTo(42);
    assertThat(join(journal.resume("e-1")).tail()).isEmpty();
    assertThat(join(journal.resume("e-2")).snapshot()).isNull();
    assertThat(meters.find("continuum.snapshots.written").counter().count()).isEqualTo(1);
  }
}
