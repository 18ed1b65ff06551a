package io.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunHandle;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.core.event.HistoryEvent;
import io.continuum.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderBatchTest {
  private static final Order BOOK = new Order("o-1", "ada", 4200, List.of("book"));
  private static final Order YACHT =
      new Order("o-2", "grace", ChargePayment.LIMIT_CENTS + 1, List.of("yacht"));
  private static final Order LAMP = new Order("o-3", "linus", 1500, List.of("lamp"));

  private final ChargePayment payments = new ChargePayment();

  private TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(OrderBatch.class)
        .workflow(FulfilOrder.class)
        .activity(payments)
        .activity(new RefundPayment())
        .activity(new ShipOrder())
        .paranoid(true)
        .build();
  }

  @Test
  void aDeclinedOrderIsReportedAsFailedAndTheOthersShip() {
    try (var env = env()) {
      RunHandle<BatchReport> batch =
          env.start(
              OrderBatch.class,
              new BatchInput(List.of(BOOK, YACHT, LAMP)),
              StartOptions.withId("batch-1"));

      BatchReport report = env.result(batch);

      assertThat(report.shipped())
          .containsExactly(tracking(BOOK), tracking(LAMP))
          .allSatisfy(t -> assertThat(t).startsWith("TRK-"));
      assertThat(report.failed())
          .singleElement()
          .asString()
          .startsWith("o-2: ")
          .contains("exceeds the limit of " + ChargePayment.LIMIT_CENTS + " cents");
      assertThat(env.getRun("batch-1").state()).isEqualTo(RunState.COMPLETED);
      assertThat(env.getRun("batch-1").attributes())
          .containsEntry("shipped", 2)
          .containsEntry("failed", 1);
      assertThat(payments.charges()).isEqualTo(2);
    }
  }

  @Test
  void eachOrderIsAChildNamedAfterItAndAllStartBeforeAnyIsAwaited() {
    try (var env = env()) {
      RunHandle<BatchReport> batch =
          env.start(
              OrderBatch.class,
              new BatchInput(List.of(BOOK, YACHT, LAMP)),
              StartOptions.withId("batch-2"));
      env.result(batch);

      for (String id : List.of("batch-2:order-o-1", "batch-2:order-o-3")) {
        var child = env.getRun(id);
        assertThat(child.state()).as(id).isEqualTo(RunState.COMPLETED);
        assertThat(child.workflowType()).isEqualTo(OrdersExample.FULFIL);
      }
      var declined = env.getRun("batch-2:order-o-2");
      assertThat(declined.state()).isEqualTo(RunState.FAILED);
      assertThat(declined.failure().message()).contains("exceeds the limit");

      List<String> children =
          env.history("batch-2").stream()
              .map(HistoryEvent::event)
              .map(e -> e.typeName())
              .filter(t -> t.startsWith("child_"))
              .toList();
      // all three start (in one step) before any outcome; outcomes arrive in whatever order the
      // children end, not the order the batch awaits them
      assertThat(children.subList(0, 3)).containsOnly("child_started");
      assertThat(children.subList(3, children.size()))
          .containsExactlyInAnyOrder("child_completed", "child_completed", "child_failed");
    }
  }

  @Test
  void anEmptyBatchReportsNothing() {
    try (var env = env()) {
      BatchReport report = env.startSynchronous(OrderBatch.class, new BatchInput(List.of()));

      assertThat(report.shipped()).isEmpty();
      assertThat(report.failed()).isEmpty();
    }
  }

  private static String tracking(Order order) {
    return new ShipOrder().execute(null, order);
  }
}
