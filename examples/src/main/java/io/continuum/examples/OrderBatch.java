package io.continuum.examples;

import io.continuum.ChildFailure;
import io.continuum.ChildHandle;
import io.continuum.ChildOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fulfils a batch of orders in parallel: one {@link FulfilOrder} child run per order, all started
 * before the first is awaited, so the children run side by side while the batch waits. Each child
 * is named after its order ({@code <batch id>:order-<order id>}), so the observer and {@code
 * getRun} find it by that id. A child that fails (a declined payment) or is cancelled goes into the
 * report's {@code failed} list; the batch itself completes. Cancelling the batch cancels the
 * children still running.
 *
 * <pre>{@code
 * var input = new BatchInput(List.of(
 *     new Order("o-1", "ada", 4200, List.of("book")),
 *     new Order("o-2", "grace", 990, List.of("pen"))));
 * client.start(OrderBatch.class, input, StartOptions.withId("batch-7"))
 *     .compose(run -> client.await("batch-7", BatchReport.class))
 *     .onSuccess(report -> log.info("shipped {}, failed {}", report.shipped(), report.failed()));
 * }</pre>
 *
 * <p>At the end the run carries the search attributes {@code shipped} and {@code failed}: how many
 * orders went each way.
 */
@WorkflowType(OrdersExample.BATCH)
public final class OrderBatch implements Workflow<BatchInput, BatchReport> {

  @Override
  public BatchReport run(WorkflowContext ctx, BatchInput batch) {
    List<ChildHandle<String>> children = new ArrayList<>();
    for (Order order : batch.orders()) {
      children.add(
          ctx.startChild(
              FulfilOrder.class, order, ChildOptions.defaults().id("order-" + order.orderId())));
    }

    List<String> shipped = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      try {
        shipped.add(ctx.awaitChild(children.get(i)));
      } catch (ChildFailure f) {
        String reason =
            f.failure().message().isEmpty() ? f.state().wireName() : f.failure().message();
        failed.add(batch.orders().get(i).orderId() + ": " + reason);
      }
    }
    ctx.setAttributes(Map.of("shipped", shipped.size(), "failed", failed.size()));
    return new BatchReport(shipped, failed);
  }
}
