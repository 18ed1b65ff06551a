package io.continuum.runtime.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {
  private final List<Promise<Boolean>> started = new ArrayList<>();
  private final List<Long> delays = new ArrayList<>();
  private final List<Runnable> delayed = new ArrayList<>();
  private final Rounds rounds =
      new Rounds(
          () -> {
            Promise<Boolean> p = Promise.promise();
            started.add(p);
            return p.future();
          },
          (millis, action) -> {
            delays.add(millis);
            delayed.add(action);
          });

  @Test
  void requestsDuringARoundShareOneMoreRound() {
    Future<Void> first = rounds.request();
    Future<Void> second = rounds.request();
    Future<Void> third = rounds.request();
    assertThat(started).hasSize(1);

    started.get(0).complete(false);

    assertThat(first.succeeded()).isTrue();
    assertThat(second.isComplete()).isFalse();
    assertThat(started).hasSize(2);
    started.get(1).complete(false);
    assertThat(second.succeeded()).isTrue();
    assertThat(third.succeeded()).isTrue();
    assertThat(started).hasSize(2);
  }

  @Test
  void aFullBatchKeepsTheRoundGoing() {
    Future<Void> request = rounds.request();
    started.get(0).complete(true);
    assertThat(request.isComplete()).isFalse();
    assertThat(started).hasSize(2);
    started.get(1).complete(false);
    assertThat(request.succeeded()).isTrue();
  }

  @Test
  void aFailedRoundStillEndsAndTheNextRoundWaitsABackoffThatDoublesUntilOneSucceeds() {
    Future<Void> request = rounds.request();
    started.get(0).fail(new IllegalStateException("db down"));
    assertThat(request.succeeded()).isTrue();

    Future<Void> second = rounds.request();
    assertThat(started).as("not before the backoff").hasSize(1);
    assertThat(delays).containsExactly(Rounds.FIRST_BACKOFF_MS);
    Future<Void> queued = rounds.request(); // requests while waiting share that round
    delayed.get(0).run();
    assertThat(started).hasSize(2);
    started.get(1).fail(new IllegalStateException("still down"));
    assertThat(second.succeeded()).isTrue();
    assertThat(delays).containsExactly(Rounds.FIRST_BACKOFF_MS, 2 * Rounds.FIRST_BACKOFF_MS);
    delayed.get(1).run();
    started.get(2).complete(false);
    assertThat(queued.succeeded()).isTrue();

    rounds.request();
    assertThat(started).as("a success ends the backoff").hasSize(4);
    assertThat(delays).hasSize(2);
  }

  @Test
  void theBackoffIsCapped() {
    for (int i = 0; i < 20; i++) {
      rounds.request();
      if (i > 0) {
        delayed.get(delayed.size() - 1).run();
      }
      started.get(started.size() - 1).fail(new IllegalStateException("down"));
    }
    assertThat(rounds.backoffMillis()).isEqualTo(Rounds.MAX_BACKOFF_MS);
  }
}
