package io.continuum;

/**
 * A child run the workflow started and has not awaited yet. Obtain one from {@link
 * WorkflowContext#startChild} and pass it to {@link WorkflowContext#awaitChild}.
 *
 * <pre>{@code
 * List<ChildHandle<Packed>> boxes = new ArrayList<>();
 * for (Item item : order.items()) boxes.add(ctx.startChild(PackItem.class, item));
 * for (ChildHandle<Packed> box : boxes) packed.add(ctx.awaitChild(box));   // all ran in parallel
 * }</pre>
 *
 * @param <O> the child workflow's result type
 */
public interface ChildHandle<O> extends Awaitable<O> {

  /** The child's run id: derived from the parent's id and the start call, stable across replays. */
  String runId();

  /** The child's workflow type name. */
  String workflowType();

  /** The history sequence number of the {@code child_started} event. */
  int seq();
}
