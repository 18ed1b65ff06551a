package io.continuum.load.throughput;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.AsyncActivity;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.vertx.core.Future;

/**
 * The workflow the throughput harness runs: one activity, three durable steps (start with the
 * activity scheduled, the activity's result, the completion).
 *
 * <pre>{@code
 * Engine.builder().workflow(OneActivity.class).activity(new OneActivity.Echo()).build();
 * }</pre>
 */
@WorkflowType("bench.one-activity")
public final class OneActivity implements Workflow<Integer, Integer> {

  @Override
  public Integer run(WorkflowContext ctx, Integer n) {
    return ctx.activity(Echo.class, n);
  }

  /** A blocking no-op activity: runs on the worker pool. */
  public static final class Echo implements Activity<Integer, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, Integer n) {
      return n;
    }
  }

  /** The same workflow with an asynchronous activity (no worker-thread hop). */
  @WorkflowType("bench.one-async-activity")
  public static final class Async implements Workflow<Integer, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, Integer n) {
      return ctx.activity(AsyncEcho.class, n);
    }
  }

  /** An asynchronous no-op activity: completes on the event loop. */
  public static final class AsyncEcho implements AsyncActivity<Integer, Integer> {
    @Override
    public Future<Integer> execute(ActivityContext ctx, Integer n) {
      return Future.succeededFuture(n);
    }
  }
}
