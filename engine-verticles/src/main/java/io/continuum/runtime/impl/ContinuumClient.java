package io.continuum.runtime.impl;

import io.continuum.CancelledFailure;
import io.continuum.Continuum;
import io.continuum.RunDescription;
import io.continuum.RunHandle;
import io.continuum.RunPage;
import io.continuum.RunQuery;
import io.continuum.RunState;
import io.continuum.SearchAttributes;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowFailure;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.CancelResult;
import io.continuum.journal.RunRecord;
import io.continuum.journal.RunSearch;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The engine's {@link Continuum} client. */
final class ContinuumClient implements Continuum {
  private static final String CANCEL_REASON = "cancelled by a client";

  private final EngineRuntime rt;
  private final RunCursors cursors;

  ContinuumClient(EngineRuntime rt, RunCursors cursors) {
    this.rt = rt;
    this.cursors = cursors;
  }

  @Override
  public <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> start(Class<W> workflow, I input) {
    return start(workflow, input, StartOptions.defaults());
  }

  @Override
  public <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> start(
      Class<W> workflow, I input, StartOptions options) {
    return Future.<WorkflowDefinition>future(p -> p.complete(rt.workflows.forClass(workflow)))
        .compose(def -> startRun(def, input, options));
  }

  @Override
  public Future<RunHandle<Object>> start(String workflowType, Object input, StartOptions options) {
    // A caller without the class may send anything: the input must decode to the workflow's
    // input type here, or the run would be created only to fail on its first step.
    return Future.<WorkflowDefinition>future(p -> p.complete(rt.workflows.get(workflowType)))
        .compose(
            def ->
                Future.<WorkflowDefinition>future(
                    p -> {
                      rt.codec.encode(input).decode(rt.codec, def.inputType());
                      p.complete(def);
                    }))
        .compose(def -> startRun(def, input, options));
  }

  private <O> Future<RunHandle<O>> startRun(
      WorkflowDefinition def, Object input, StartOptions options) {
    Objects.requireNonNull(options, "options");
    // Starts of a chosen id go to the id's host, which serializes them; a generated id is unique.
    String runId = options.runId() != null ? options.runId() : UUID.randomUUID().toString();
    String host =
        options.runId() != null ? rt.addresses.hostOf(runId) : rt.hostForGeneratedId(runId);
    Payload in;
    Payload attributes;
    try {
      in = rt.codec.encode(input);
      attributes =
          options.attributes().isEmpty()
              ? Payload.EMPTY_OBJECT
              : rt.codec.encode(options.attributes());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    var start = new Messages.StartRun(def, runId, options.namespace(), in, attributes);
    return rt.<Boolean>request(host, start)
        .map(created -> new Handle<>(runId, created, def.resultType(), this));
  }

  @Override
  public Future<Void> signal(String runId, String name, Object payload) {
    if (name == null || name.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("a signal name must not be blank"));
    }
    Payload p;
    try {
      p = rt.codec.encode(payload);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return rt.journal.signal(runId, name, p).mapEmpty();
  }

  @Override
  public Future<Void> cancel(String runId) {
    if (!rt.hosted.containsKey(runId)) {
      return cancelInJournal(runId);
    }
    // A run that stopped being hosted meanwhile has no handler (or discards the request).
    return rt.<CancelResult>request(rt.addresses.run(runId), new Messages.CancelRun(CANCEL_REASON))
        .<Void>mapEmpty()
        .recover(
            err ->
                err instanceof ReplyException r && r.failureType() != ReplyFailure.RECIPIENT_FAILURE
                    ? cancelInJournal(runId)
                    : Future.failedFuture(err));
  }

  private Future<Void> cancelInJournal(String runId) {
    return rt.cancelInJournal(runId, CANCEL_REASON).mapEmpty();
  }

  @Override
  public <O> Future<O> await(String runId, Class<O> resultType) {
    return await(runId, (Type) resultType, null);
  }

  @Override
  public <O> Future<O> await(String runId, Class<O> resultType, Duration timeout) {
    return await(runId, (Type) resultType, Objects.requireNonNull(timeout, "timeout"));
  }

  <O> Future<O> await(String runId, Type resultType, Duration timeout) {
    return rt.awaits
        .await(runId, timeout)
        .compose(
            r ->
                r.state() == RunState.CONTINUED
                    ? rt.journal.tip(runId).compose(tip -> await(tip.runId(), resultType, timeout))
                    : outcome(r, resultType));
  }

  private <O> Future<O> outcome(RunOutcome r, Type resultType) {
    return switch (r.state()) {
      case COMPLETED -> Future.future(p -> p.complete(r.result().decode(rt.codec, resultType)));
      case FAILED -> Future.failedFuture(new WorkflowFailure(r.runId(), r.failure()));
      case CANCELLED -> Future.failedFuture(new CancelledFailure(r.runId()));
      default ->
          Future.failedFuture(new IllegalStateException("run " + r.runId() + " is " + r.state()));
    };
  }

  @Override
  public Future<RunDescription> getRun(String runId) {
    return rt.journal.tip(runId).map(this::describe);
  }

  @Override
  public Future<RunPage> query(RunQuery query) {
    RunSearch search;
    try {
      RunCursors.Position after = cursors.decode(query);
      search =
          new RunSearch(
              query.namespace(),
              query.states(),
              query.workflowType(),
              query.createdFrom(),
              query.createdBefore(),
              query.attributes().isEmpty() ? null : rt.codec.encode(query.attributes()),
              after == null ? null : after.createdAt(),
              after == null ? null : after.runId(),
              query.limit() + 1);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return rt.journal
        .query(search)
        .map(
            rows -> {
              boolean more = rows.size() > query.limit();
              List<RunRecord> page = more ? rows.subList(0, query.limit()) : rows;
              String next = more ? cursors.next(query, page.get(page.size() - 1)) : null;
              return new RunPage(page.stream().map(this::describe).toList(), next);
            });
  }

  @Override
  public Future<RunDescription> setAttributes(String runId, Map<String, ?> attributes) {
    Payload merged;
    try {
      merged = rt.codec.encode(SearchAttributes.validate(attributes));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return rt.journal.setAttributes(runId, merged).map(this::describe);
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit) {
    if (afterSeq < 0 || limit < 1) {
      return Future.failedFuture(
          new IllegalArgumentException("afterSeq must be >= 0 and limit >= 1"));
    }
    return rt.journal.history(runId, afterSeq, limit);
  }

  @Override
  public Continuum inNamespace(String namespace) {
    return new NamespacedClient(this, namespace);
  }

  @SuppressWarnings("unchecked")
  private RunDescription describe(RunRecord r) {
    Map<String, Object> attributes = r.attributes().decode(rt.codec, Map.class);
    return new RunDescription(
        r.runId(),
        r.workflowType(),
        r.namespace(),
        r.state(),
        r.lastSeq(),
        r.createdAt(),
        r.updatedAt(),
        r.result() == null ? null : r.result().jsonText(),
        r.failure(),
        r.drift(),
        attributes,
        r.correlationId(),
        r.continuedFrom(),
        r.parentId());
  }

  private record Handle<O>(String runId, boolean created, Type resultType, ContinuumClient client)
      implements RunHandle<O> {
    @Override
    public Future<O> result() {
      return client.await(runId, resultType, null);
    }
  }
}
