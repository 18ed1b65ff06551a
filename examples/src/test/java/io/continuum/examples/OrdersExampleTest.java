package io.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.StartOptions;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.memory.InMemoryJournal;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example as the dev server runs it: registered on a real engine, driven by type name. */
class OrdersExampleTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    join(vertx.close());
  }

  @Test
  void registersTheCheckoutSoAClientWithoutTheClassesCanRunIt() throws Exception {
    Engine engine =
        join(
            OrdersExample.register(Engine.builder().journal(InMemoryJournal.create()))
                .build()
                .deploy(vertx));
    try {
      // what a REST client posts: no approval timeout (an hour), a shipping timer already due
      Map<String, Object> order =
          Map.of("orderId", "o-9", "customer", "ada", "amountCents", 1250, "shippingDelay", "PT0S");
      var run =
          join(engine.client().start(OrdersExample.CHECKOUT, order, StartOptions.withId("o-9")));
      join(engine.client().signal("o-9", Checkout.APPROVAL_SIGNAL, Map.of("approved", true)));
      join(engine.tick());

      Receipt receipt = join(engine.client().await("o-9", Receipt.class, Duration.ofSeconds(10)));
      assertThat(run.runId()).isEqualTo("o-9");
      assertThat(receipt.status()).isEqualTo(Receipt.SHIPPED);
      assertThat(receipt.trackingNumber()).startsWith("TRK-");
      assertThat(join(engine.client().getRun("o-9")).workflowType())
          .isEqualTo(OrdersExample.CHECKOUT);
      assertThat(engine.workflows())
          .extracting(WorkflowDefinition::type)
          .containsExactlyInAnyOrder(
              OrdersExample.CHECKOUT,
              OrdersExample.BATCH,
              OrdersExample.FULFIL,
              OrdersExample.SUBSCRIPTION);
    } finally {
      join(engine.undeploy());
    }
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
