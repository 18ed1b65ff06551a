package io.continuum.runtime.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {
  private final List<Promise<Boolean>> started = new ArrayList<>();
  private final Rounds rounds =
      new Rounds(
          () -> {
            Promise<Boolean> p = Promise.promise();
            started.add(p);
            return p.future();
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
  void aFailedRoundStillEndsAndTheNextRequestStartsAFreshOne() {
    Future<Void> request = rounds.request();
    started.get(0).fail(new IllegalStateException("db down"));
    assertThat(request.succeeded()).isTrue();
    rounds.request();
    assertThat(started).hasSize(2);
  }
}
