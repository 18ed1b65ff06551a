package io.continuum.pg.impl;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit of run writes. A write goes out at once when a batch slot is free; writes that
 * arrive while every slot is busy wait, and the next free slot sends all of them (up to {@link
 * #MAX_BATCH}) as one statement. So a lone write pays no delay, and under load many runs share one
 * round trip, one transaction and one WAL flush, each still under its own lease CAS. A batch never
 * holds two writes of the same run. Called from any thread; each write's outcome is delivered on
 * the context that submitted it.
 */
final class GroupCommit {
  static final int MAX_BATCH = 64;

  /** One queued write: which run, and where its outcome goes. */
  abstract static class Write<R> {
    private final Promise<R> promise = Promise.promise();
    private final Context context = Vertx.currentContext();

    abstract String runId();

    Future<R> future() {
      return promise.future();
    }

    void settle(AsyncResult<R> outcome) {
      if (context == null || Vertx.currentContext() == context) {
        promise.handle(outcome);
      } else {
        context.runOnContext(v -> promise.handle(outcome));
      }
    }
  }

  /** A kind of write and the statement that sends a batch of it (completing every write). */
  static final class Lane<W extends Write<?>> {
    private final ConcurrentLinkedQueue<W> queue = new ConcurrentLinkedQueue<>();
    private final Function<List<W>, Future<?>> send;

    Lane(Function<List<W>, Future<?>> send) {
      this.send = send;
    }

    private Future<?> sendNext() {
      List<W> batch = new ArrayList<>();
      Set<String> runs = new HashSet<>();
      List<W> later = null;
      W w;
      while (batch.size() < MAX_BATCH && (w = queue.poll()) != null) {
        if (runs.add(w.runId())) {
          batch.add(w);
        } else {
          later = later == null ? new ArrayList<>() : later;
          later.add(w);
        }
      }
      if (later != null) {
        queue.addAll(later);
      }
      return batch.isEmpty() ? null : send.apply(batch);
    }
  }

  private final int slots;
  private final List<Lane<?>> lanes;
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicInteger turn = new AtomicInteger();

  GroupCommit(int slots, List<Lane<?>> lanes) {
    this.slots = slots;
    this.lanes = List.copyOf(lanes);
  }

  /** Queues a write on its lane and sends what a free slot allows. */
  <W extends Write<R>, R> Future<R> submit(Lane<W> lane, W write) {
    lane.queue.add(write);
    pump();
    return write.future();
  }

  // Every enqueue and every finished batch pumps, so a write is never stranded: either its own
  // pump sees a free slot, or the batch that held the slot pumps after releasing it.
  private void pump() {
    while (true) {
      int n = busy.get();
      if (n >= slots || lanes.stream().allMatch(l -> l.queue.isEmpty())) {
        return;
      }
      if (!busy.compareAndSet(n, n + 1)) {
        continue;
      }
      Future<?> sent = null;
      int first = Math.floorMod(turn.getAndIncrement(), lanes.size());
      for (int i = 0; i < lanes.size() && sent == null; i++) {
        sent = lanes.get((first + i) % lanes.size()).sendNext();
      }
      if (sent == null) {
        busy.decrementAndGet();
      } else {
        sent.onComplete(
            ar -> {
              busy.decrementAndGet();
              pump();
            });
      }
    }
  }
}
