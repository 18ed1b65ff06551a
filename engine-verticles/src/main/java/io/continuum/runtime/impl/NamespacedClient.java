package io.continuum.runtime.impl;

import io.continuum.Continuum;
import io.continuum.RunDescription;
import io.continuum.RunHandle;
import io.continuum.RunNotFound;
import io.continuum.RunPage;
import io.continuum.RunQuery;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.core.event.HistoryEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A client confined to one namespace. Each run-addressed call reads the run's namespace first (it
 * never changes, so the check cannot race) and answers {@link RunNotFound} for another namespace's
 * run, the same answer as for a missing one.
 */
final class NamespacedClient implements Continuum {
  private final ContinuumClient client;
  private final String namespace;

  NamespacedClient(ContinuumClient client, String namespace) {
    this.client = client;
    this.namespace = RunQuery.in(namespace).namespace();
  }

  private Future<RunDescription> owned(String runId) {
    return client
        .getRun(runId)
        .compose(
            r ->
                namespace.equals(r.namespace())
                    ? Future.succeededFuture(r)
                    : Future.failedFuture(new RunNotFound(runId)));
  }

  private StartOptions here(StartOptions options) {
    if (options.namespace().equals(namespace)) {
      return options;
    }
    if (options.namespace().equals(StartOptions.defaults().namespace())) {
      return options.withNamespace(namespace);
    }
    throw new IllegalArgumentException(
        "this client starts runs in namespace '"
            + namespace
            + "', not '"
            + options.namespace()
            + "'");
  }

  @Override
  public <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> start(Class<W> workflow, I input) {
    return start(workflow, input, StartOptions.defaults());
  }

  @Override
  public <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> start(
      Class<W> workflow, I input, StartOptions options) {
    return Future.<StartOptions>future(p -> p.complete(here(options)))
        .compose(o -> client.start(workflow, input, o));
  }

  @Override
  public Future<RunHandle<Object>> start(String workflowType, Object input, StartOptions options) {
    return Future.<StartOptions>future(p -> p.complete(here(options)))
        .compose(o -> client.start(workflowType, input, o));
  }

  @Override
  public Future<Void> signal(String runId, String name, Object payload) {
    return owned(runId).compose(r -> client.signal(runId, name, payload));
  }

  @Override
  public Future<Void> cancel(String runId) {
    return owned(runId).compose(r -> client.cancel(runId));
  }

  @Override
  public <O> Future<O> await(String runId, Class<O> resultType) {
    return owned(runId).compose(r -> client.await(runId, resultType));
  }

  @Override
  public <O> Future<O> await(String runId, Class<O> resultType, Duration timeout) {
    return owned(runId).compose(r -> client.await(runId, resultType, timeout));
  }

  @Override
  public Future<RunDescription> getRun(String runId) {
    return owned(runId);
  }

  @Override
  public Future<RunPage> query(RunQuery query) {
    if (!query.namespace().equals(namespace)) {
      return Future.failedFuture(
          new IllegalArgumentException("this client queries namespace '" + namespace + "' only"));
    }
    return client.query(query);
  }

  @Override
  public Future<RunDescription> setAttributes(String runId, Map<String, ?> attributes) {
    return owned(runId).compose(r -> client.setAttributes(runId, attributes));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit) {
    return owned(runId).compose(r -> client.history(runId, afterSeq, limit));
  }

  @Override
  public Continuum inNamespace(String other) {
    return client.inNamespace(other);
  }
}
