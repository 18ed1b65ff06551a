package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Awaitable;
import io.continuum.CancelledFailure;
import io.continuum.SignalHandle;
import io.continuum.StartOptions;
import io.continuum.TimerHandle;
import io.continuum.UpdateOptions;
import io.continuum.UpdateRejected;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 9: updates, selective waits and cancellation handling in the test kit, on its
 * settable clock, with every finished run replayed again (paranoid mode).
 */
class InteractionTestKitTest {

  /** Takes "add" updates until three items, for at most an hour; a cancel is cleaned up. */
  @WorkflowType("kit.cart")
  public static final class Cart implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String customer) {
      List<String> items = new ArrayList<>();
      ctx.onUpdate(
          "add",
          String.class,
          item -> {
            if (item.isBlank()) {
              throw new IllegalArgumentException("an item has a name");
            }
          },
          item -> {
            items.add(item);
            return items.size();
          });
      try {
        if (!ctx.await(() -> items.size() >= 3, Duration.ofHours(1))) {
          items.add("timed out");
        }
      } catch (CancelledFailure cancelled) {
        ctx.setAttributes(java.util.Map.of("cleanup", "done"));
        throw cancelled;
      }
      return items;
    }
  }

  /** Races an hour's deadline against a "stop" signal. */
  @WorkflowType("kit.race")
  public static final class Race implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      TimerHandle deadline = ctx.startTimer(Duration.ofHours(1));
      SignalHandle<String> stop = ctx.signal("stop", String.class);
      Awaitable<?> first = ctx.awaitAny(deadline, stop);
      return first == stop ? "stopped by " + ctx.await(stop) : "timed out";
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Cart.class)
        .workflow(Race.class)
        .paranoid(true)
        .build();
  }

  @Test
  void updatesAnswerAndARetryWithItsIdAppliesNothingTwice() {
    try (var env = env()) {
      var run = env.start(Cart.class, "ada", StartOptions.withId("k-1"));
      assertThat(env.update("k-1", "add", "book", Integer.class, UpdateOptions.withId("a")))
          .isEqualTo(1);
      assertThat(env.update("k-1", "add", "book", Integer.class, UpdateOptions.withId("a")))
          .isEqualTo(1);
      assertThatThrownBy(() -> env.update("k-1", "add", " ", Integer.class))
          .isInstanceOf(UpdateRejected.class);
      assertThat(env.update("k-1", "add", "pen", Integer.class)).isEqualTo(2);
      // the loop wakes on each update but only three items end it
      assertThat(env.getRun("k-1").state()).isEqualTo(io.continuum.RunState.SUSPENDED);
      assertThat(env.update("k-1", "add", "lamp", Integer.class)).isEqualTo(3);
      assertThat(env.result(run)).containsExactly("book", "pen", "lamp");
    }
  }

  @Test
  void updateWithStartMakesTheRun() {
    try (var env = env()) {
      assertThat(
              env.updateWithStart(
                  Cart.class, "bo", StartOptions.withId("k-2"), "add", "book", Integer.class))
          .isEqualTo(1);
      assertThat(env.getRun("k-2").state()).isEqualTo(io.continuum.RunState.SUSPENDED);
    }
  }

  @Test
  void theDeadlineWinsOnTheSettableClockAndASignalWinsBeforeIt() {
    try (var env = env()) {
      var late = env.start(Cart.class, "cy", StartOptions.withId("k-3"));
      env.update("k-3", "add", "book", Integer.class);
      env.advance(Duration.ofMinutes(59));
      assertThat(env.getRun("k-3").state()).isEqualTo(io.continuum.RunState.SUSPENDED);
      env.advance(Duration.ofMinutes(1));
      assertThat(env.result(late)).containsExactly("book", "timed out");

      var race = env.start(Race.class, "r", StartOptions.withId("k-4"));
      env.advance(Duration.ofMinutes(30));
      env.injectSignal("k-4", "stop", "ops");
      assertThat(env.result(race)).isEqualTo("stopped by ops");
      var slow = env.start(Race.class, "r", StartOptions.withId("k-6"));
      assertThat(env.result(slow)).isEqualTo("timed out");
    }
  }

  @Test
  void aCancelReachesTheCodeWhichCleansUpAndTheRunEndsCancelled() {
    try (var env = env()) {
      var run = env.start(Cart.class, "ed", StartOptions.withId("k-5"));
      env.cancel("k-5");
      assertThat(env.getRun("k-5").attributes()).containsEntry("cleanup", "done");
      assertThatThrownBy(() -> env.result(run)).isInstanceOf(CancelledFailure.class);
    }
  }
}
