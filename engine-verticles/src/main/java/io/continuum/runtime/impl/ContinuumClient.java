package io.continuum.runtime.impl;

import io.continuum.ActivityNotPending;
import io.continuum.CancelledFailure;
import io.continuum.Continuum;
import io.continuum.ExecutionTimeoutFailure;
import io.continuum.Failure;
import io.continuum.InvalidCompletionToken;
import io.continuum.PendingWork;
import io.continuum.RunConflict;
import io.continuum.RunDescription;
import io.continuum.RunHandle;
import io.continuum.RunNotFound;
import io.continuum.RunPage;
import io.continuum.RunQuery;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.SearchAttributes;
import io.continuum.StartOptions;
import io.continuum.UpdateOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowFailure;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.ExternalCompletion;
import io.continuum.journal.FencedException;
import io.continuum.journal.NewRun;
import io.continuum.journal.RunRecord;
import io.continuum.journal.RunSearch;
import io.vertx.core.Future;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The engine's {@link Continuum} client, confined to one namespace: a run-addressed call means the
 * run of that id in this namespace ({@link RunRef#key()}), so another namespace's run of the same
 * id is simply not there — the answer, and the work done to reach it, are those of a missing run.
 * The engine's own client is the {@code default} namespace's and may start runs in any namespace;
 * one made by {@link #inNamespace} starts runs in its namespace only.
 */
final class ContinuumClient implements Continuum {
  private static final String CANCEL_REASON = "cancelled by a client";

  private final EngineRuntime rt;
  private final RunCursors cursors;
  private final CompletionTokens tokens;
  private final RunReads reads;
  private final RunUpdates updates;
  private final String namespace;
  private final boolean confined;

  ContinuumClient(EngineRuntime rt, RunCursors cursors, CompletionTokens tokens) {
    this(rt, cursors, tokens, RunRef.DEFAULT_NAMESPACE, false);
  }

  private ContinuumClient(
      EngineRuntime rt,
      RunCursors cursors,
      CompletionTokens tokens,
      String namespace,
      boolean confined) {
    this.rt = rt;
    this.cursors = cursors;
    this.tokens = tokens;
    this.reads = new RunReads(rt);
    this.updates = new RunUpdates(rt);
    this.namespace = namespace;
    this.confined = confined;
  }

  /** The key of run {@code runId} of this namespace; an id no run can have is a missing run. */
  private String key(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (runId.isEmpty() || runId.indexOf('/') >= 0) {
      throw new RunNotFound(runId);
    }
    return RunRef.of(namespace, runId).key();
  }

  private <T> Future<T> withKey(String runId, java.util.function.Function<String, Future<T>> op) {
    String key;
    try {
      key = key(runId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return op.apply(key);
  }

  private StartOptions here(StartOptions options) {
    if (!confined || options.namespace().equals(namespace)) {
      return options;
    }
    if (options.namespace().equals(RunRef.DEFAULT_NAMESPACE)) {
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
    return Future.<WorkflowDefinition>future(p -> p.complete(rt.workflows.forClass(workflow)))
        .compose(def -> startRun(def, input, options, null));
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
        .compose(def -> startRun(def, input, options, null));
  }

  @Override
  public <I, O, W extends Workflow<I, O>> Future<RunHandle<O>> signalWithStart(
      Class<W> workflow, I input, StartOptions options, String signalName, Object payload) {
    return Future.<WorkflowDefinition>future(p -> p.complete(rt.workflows.forClass(workflow)))
        .compose(def -> signalWithStart(def, input, options, signalName, payload));
  }

  @Override
  public Future<RunHandle<Object>> signalWithStart(
      String workflowType, Object input, StartOptions options, String signalName, Object payload) {
    return Future.<WorkflowDefinition>future(
            p -> {
              WorkflowDefinition def = rt.workflows.get(workflowType);
              rt.codec.encode(input).decode(rt.codec, def.inputType());
              p.complete(def);
            })
        .compose(def -> signalWithStart(def, input, options, signalName, payload));
  }

  // The run and the signal are one write when the start creates the run. When the run exists
  // already (of this workflow type), the start writes nothing and the signal is delivered to it
  // as any signal; a retried call may then deliver it again, as a retried signal would.
  private <O> Future<RunHandle<O>> signalWithStart(
      WorkflowDefinition def, Object input, StartOptions options, String name, Object payload) {
    if (name == null || name.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("a signal name must not be blank"));
    }
    Payload body;
    try {
      body = rt.codec.encode(payload);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return this.<O>startRun(def, input, options, new NewRun.Signal(name, body))
        .recover(
            err ->
                err instanceof RunConflict ? existing(def, options, err) : Future.failedFuture(err))
        .compose(
            handle ->
                handle.created()
                    ? Future.succeededFuture(handle)
                    : rt.journal.signal(((Handle<O>) handle).key(), name, body).map(id -> handle));
  }

  // A run of this id exists with another input: still the run to signal, if of the same type.
  private <O> Future<RunHandle<O>> existing(
      WorkflowDefinition def, StartOptions options, Throwable conflict) {
    String key;
    try {
      key = RunRef.of(here(options).namespace(), options.runId()).key();
    } catch (RuntimeException e) {
      return Future.failedFuture(conflict);
    }
    return rt.journal
        .tip(key)
        .compose(
            tip ->
                tip.workflowType().equals(def.type())
                    ? Future.succeededFuture(new Handle<>(key, false, def.resultType(), this))
                    : Future.failedFuture(conflict));
  }

  private <O> Future<RunHandle<O>> startRun(
      WorkflowDefinition def, Object input, StartOptions given, NewRun.Signal signal) {
    Objects.requireNonNull(given, "options");
    // Starts of a chosen id go to the id's host, which serializes them; a generated id is unique.
    String runId = given.runId() != null ? given.runId() : UUID.randomUUID().toString();
    StartOptions options;
    String key;
    Payload in;
    Payload attributes;
    try {
      options = here(given);
      key = RunRef.of(options.namespace(), runId).key();
      in = rt.codec.encode(input);
      attributes =
          options.attributes().isEmpty()
              ? Payload.EMPTY_OBJECT
              : rt.codec.encode(options.attributes());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String host = rt.directory.hostForStart(key, given.runId() == null);
    var start =
        new Messages.StartRun(
            def,
            key,
            options.namespace(),
            in,
            attributes,
            signal,
            options.startDelay(),
            options.executionTimeout());
    return rt.<Boolean>request(host, start)
        .map(created -> new Handle<>(key, created, def.resultType(), this));
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
    return withKey(runId, key -> rt.journal.signal(key, name, p).mapEmpty());
  }

  @Override
  public <O> Future<O> update(String runId, String name, Object input, Class<O> resultType) {
    return update(runId, name, input, resultType, UpdateOptions.defaults());
  }

  @Override
  public <O> Future<O> update(
      String runId, String name, Object input, Class<O> resultType, UpdateOptions options) {
    Payload body;
    try {
      Objects.requireNonNull(options, "options");
      RunUpdates.checkName(name);
      body = rt.codec.encode(input);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return withKey(runId, key -> updates.update(key, name, body, resultType, options));
  }

  @Override
  public <I, O, W extends Workflow<I, ?>> Future<O> updateWithStart(
      Class<W> workflow,
      I input,
      StartOptions options,
      String name,
      Object updateInput,
      Class<O> resultType,
      UpdateOptions updateOptions) {
    return Future.<WorkflowDefinition>future(p -> p.complete(rt.workflows.forClass(workflow)))
        .compose(
            def ->
                updateWithStart(def, input, options, name, updateInput, resultType, updateOptions));
  }

  @Override
  public <O> Future<O> updateWithStart(
      String workflowType,
      Object input,
      StartOptions options,
      String name,
      Object updateInput,
      Class<O> resultType,
      UpdateOptions updateOptions) {
    return Future.<WorkflowDefinition>future(
            p -> {
              WorkflowDefinition def = rt.workflows.get(workflowType);
              rt.codec.encode(input).decode(rt.codec, def.inputType());
              p.complete(def);
            })
        .compose(
            def ->
                updateWithStart(def, input, options, name, updateInput, resultType, updateOptions));
  }

  // Start (or find the run of this id and type), then update it: a retry with the same update id
  // finds the run and the answer.
  private <O> Future<O> updateWithStart(
      WorkflowDefinition def,
      Object input,
      StartOptions options,
      String name,
      Object updateInput,
      Class<O> resultType,
      UpdateOptions updateOptions) {
    Payload body;
    try {
      if (options == null || options.runId() == null) {
        throw new IllegalArgumentException(
            "update-with-start needs a run id (StartOptions.withId)");
      }
      Objects.requireNonNull(updateOptions, "updateOptions");
      RunUpdates.checkName(name);
      body = rt.codec.encode(updateInput);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return this.<Object>startRun(def, input, options, null)
        .recover(
            err ->
                err instanceof RunConflict ? existing(def, options, err) : Future.failedFuture(err))
        .compose(
            handle ->
                updates.update(
                    ((Handle<Object>) handle).key(), name, body, resultType, updateOptions));
  }

  @Override
  public Future<Void> cancel(String runId) {
    return withKey(runId, this::cancelRun);
  }

  // Through the run's host, here or (in a cluster) on its owner, which answers what its next step
  // made of the request; when no host has the run, or its owner does not answer in time, the
  // journal decides.
  private Future<Void> cancelRun(String runId) {
    return rt.directory
        .cancel(runId, CANCEL_REASON)
        .<Void>mapEmpty()
        .recover(
            err ->
                err instanceof RunDirectory.NotHosted
                    ? cancelInJournal(runId)
                    : Future.failedFuture(err));
  }

  private Future<Void> cancelInJournal(String runId) {
    return rt.cancelInJournal(runId, CANCEL_REASON).mapEmpty();
  }

  @Override
  public <O> Future<O> await(String runId, Class<O> resultType) {
    return withKey(runId, key -> await(key, (Type) resultType, null));
  }

  @Override
  public <O> Future<O> await(String runId, Class<O> resultType, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return withKey(runId, key -> await(key, (Type) resultType, timeout));
  }

  /** Awaits run {@code runId} (a key) and, when it continued as new, its chain's last run. */
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
      case FAILED ->
          Future.failedFuture(
              ExecutionTimeoutFailure.is(r.failure())
                  ? new ExecutionTimeoutFailure(r.runId(), r.failure())
                  : new WorkflowFailure(r.runId(), r.failure()));
      case CANCELLED -> Future.failedFuture(new CancelledFailure(r.runId()));
      default ->
          Future.failedFuture(new IllegalStateException("run " + r.runId() + " is " + r.state()));
    };
  }

  @Override
  public Future<RunDescription> getRun(String runId) {
    return withKey(runId, key -> rt.journal.tip(key).map(this::describe));
  }

  @Override
  public Future<RunPage> query(RunQuery query) {
    if (confined && !query.namespace().equals(namespace)) {
      return Future.failedFuture(
          new IllegalArgumentException("this client queries namespace '" + namespace + "' only"));
    }
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
              query.limit() + 1,
              query.idPrefix() == null
                  ? null
                  : RunRef.of(query.namespace(), query.idPrefix()).key());
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
  public <T> Future<T> query(String runId, String name, Class<T> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    return withKey(runId, key -> reads.query(key, name, type));
  }

  @Override
  public Future<PendingWork> pendingWork(String runId) {
    return withKey(runId, reads::pendingWork);
  }

  @Override
  public Future<Map<RunState, Long>> countByState() {
    return rt.journal.countRuns(namespace);
  }

  @Override
  public Future<Map<String, Long>> openRunsByVersion() {
    return rt.journal.openRunsByVersion(namespace);
  }

  @Override
  public Future<RunDescription> setAttributes(String runId, Map<String, ?> attributes) {
    Payload merged;
    try {
      merged = rt.codec.encode(SearchAttributes.validate(attributes));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return withKey(runId, key -> rt.journal.setAttributes(key, merged).map(this::describe));
  }

  @Override
  public Future<List<HistoryEvent>> history(String runId, int afterSeq, int limit) {
    if (afterSeq < 0 || limit < 1) {
      return Future.failedFuture(
          new IllegalArgumentException("afterSeq must be >= 0 and limit >= 1"));
    }
    return withKey(runId, key -> rt.journal.history(key, afterSeq, limit));
  }

  @Override
  public Future<Void> completeActivity(String token, Object result) {
    return Future.<Payload>future(p -> p.complete(rt.codec.encode(result)))
        .compose(payload -> resolve(token, payload, null));
  }

  @Override
  public Future<Void> failActivity(String token, Failure failure) {
    return Future.<Failure>future(p -> p.complete(Objects.requireNonNull(failure, "failure")))
        .compose(f -> resolve(token, null, f));
  }

  // The token is verified here (signature, namespace); whether its attempt is still pending is
  // the journal's compare-and-set, so a used, timed-out or cancelled one writes nothing.
  private Future<Void> resolve(String token, Payload result, Failure failure) {
    CompletionTokens.Claim claim;
    try {
      claim = tokens.verify(token);
    } catch (InvalidCompletionToken e) {
      return Future.failedFuture(e);
    }
    if (confined && !claim.namespace().equals(namespace)) {
      return Future.failedFuture(new InvalidCompletionToken());
    }
    return rt.journal
        .completeExternally(
            new ExternalCompletion(
                claim.taskId(),
                claim.runKey(),
                claim.attempt(),
                claim.leaseToken(),
                result,
                failure))
        .recover(
            err ->
                Future.failedFuture(
                    err instanceof FencedException ? new ActivityNotPending(claim.runKey()) : err));
  }

  @Override
  public Continuum inNamespace(String namespace) {
    return new ContinuumClient(rt, cursors, tokens, RunQuery.in(namespace).namespace(), true);
  }

  @SuppressWarnings("unchecked")
  private RunDescription describe(RunRecord r) {
    Map<String, Object> attributes = r.attributes().decode(rt.codec, Map.class);
    return new RunDescription(
        RunRef.idOf(r.runId()),
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
        RunRef.idOf(r.correlationId()),
        r.continuedFrom() == null ? null : RunRef.idOf(r.continuedFrom()),
        r.parentId() == null ? null : RunRef.idOf(r.parentId()),
        r.versionHash(),
        r.startAt(),
        r.executionDeadline());
  }

  private record Handle<O>(String key, boolean created, Type resultType, ContinuumClient client)
      implements RunHandle<O> {
    @Override
    public String runId() {
      return RunRef.idOf(key);
    }

    @Override
    public RunRef ref() {
      return RunRef.ofKey(key);
    }

    @Override
    public Future<O> result() {
      return client.await(key, resultType, null);
    }
  }
}
