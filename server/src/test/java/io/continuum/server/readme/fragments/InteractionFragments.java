package io.continuum.server.readme.fragments;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityHandle;
import io.continuum.Awaitable;
import io.continuum.Continuum;
import io.continuum.SignalHandle;
import io.continuum.TimerHandle;
import io.continuum.UpdateOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's fragments on talking to running workflows (updates, selective waits), each in a
 * context where it compiles as shown; the README test finds each block here, token for token.
 */
public final class InteractionFragments {
  private InteractionFragments() {}

  public static final class GetQuote implements Activity<String, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, String item) {
      return item.length() * 100;
    }
  }

  @WorkflowType("readme.cart")
  public static final class Cart implements Workflow<String, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, String customer) {
      List<String> items = new ArrayList<>();
      ctx.onUpdate(
          "add",
          String.class,
          item -> {
            if (item.isBlank()) throw new IllegalArgumentException("an item has a name");
          },
          item -> {
            items.add(item);
            return items.size();
          }); // the answer the caller gets
      // wakes on every update; false when an hour passed first
      boolean full = ctx.await(() -> items.size() >= 3, Duration.ofHours(1));
      ActivityHandle<Integer> quote = ctx.startActivity(GetQuote.class, String.join(",", items));
      TimerHandle deadline = ctx.startTimer(Duration.ofMinutes(5));
      SignalHandle<String> stop = ctx.signal("stop", String.class);
      Awaitable<?> first = ctx.awaitAny(quote, deadline, stop); // the first to complete wins
      if (first == stop) return List.of("stopped: " + ctx.await(stop));
      return first == quote
          ? items
          : List.of("no quote in time; still coming: " + ctx.await(quote));
    }
  }

  static void send(Continuum client) {
    client
        .update("cart-7", "add", "book", Integer.class, UpdateOptions.withId("req-19"))
        .onSuccess(size -> System.out.println("the cart holds " + size)); // once committed
  }
}
