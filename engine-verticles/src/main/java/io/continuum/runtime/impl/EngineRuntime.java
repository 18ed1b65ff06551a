package io.continuum.runtime.impl;

import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.replay.ChildSettings;
import io.continuum.core.replay.StepExecutor;
import io.continuum.core.replay.WorkflowRegistry;
import io.continuum.journal.CancelResult;
import io.continuum.journal.Journal;
import io.continuum.journal.LoadedVersion;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.List;

/** What every verticle of one engine shares. */
final class EngineRuntime {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  final Vertx vertx;
  final Journal journal;
  final PayloadCodec codec;
  final StepExecutor executor;
  final WorkflowRegistry workflows;
  final List<String> workflowTypes;
  final ActivityRegistry activities;
  final EngineOptions options;
  final EngineMetrics metrics;
  final String owner;
  final EngineAddresses addresses;
  final WorkTracker tracker = new WorkTracker();
  final Notifications notifications;
  final NoticeRouter router;
  final AwaitRegistry awaits;
  final AttemptRunner attempts;

  /** Activity worker slots: taken by claims and by tasks leased at commit, freed per attempt. */
  final WorkerSlots slots;

  /** Who hosts what on this node, and the way into a run. */
  final RunDirectory directory;

  /**
   * In a cluster, the way to runs hosted on other nodes; null on a Vert.x that is not clustered.
   */
  final ForwardingVerticle forwarding;

  EngineRuntime(
      Vertx vertx,
      Journal journal,
      PayloadCodec codec,
      WorkflowRegistry workflows,
      ActivityRegistry activities,
      EngineOptions options,
      String owner,
      int hosts,
      EngineMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.journal = journal;
    this.codec = codec;
    this.executor =
        new StepExecutor(
            codec,
            new ChildSettings(
                options.maxChildDepth(),
                type -> workflows.contains(type) ? workflows.get(type).versionHash() : null),
            options.cancelGracePeriod());
    this.workflows = workflows;
    this.workflowTypes =
        workflows.versions().stream()
            .map(d -> LoadedVersion.claimKey(d.type(), d.versionHash()))
            .distinct()
            .toList();
    this.activities = activities;
    this.options = options;
    this.owner = owner;
    this.addresses = EngineAddresses.of(owner, hosts);
    this.directory = new RunDirectory(this, addresses);
    this.forwarding = vertx.isClustered() ? new ForwardingVerticle(this) : null;
    this.slots = new WorkerSlots(activities.isEmpty() ? 0 : options.maxConcurrentActivities());
    this.notifications = new Notifications(vertx.eventBus(), metrics);
    this.router = new NoticeRouter(this);
    this.awaits = new AwaitRegistry(this);
    this.attempts = new AttemptRunner(this);
  }

  /**
   * Sends a request to a local address as one tracked unit of work, and unwraps a {@link
   * Messages.Reply}: the future fails with the receiver's exception, type intact.
   */
  @SuppressWarnings("unchecked")
  <T> Future<T> request(String address, Object message) {
    tracker.begin();
    Future<Message<Object>> sent = vertx.eventBus().request(address, message, LOCAL);
    return tracker.track(
        sent.compose(
            reply -> {
              Object body = reply.body();
              if (body instanceof Messages.Reply r) {
                return r.error() != null
                    ? Future.failedFuture(r.error())
                    : Future.succeededFuture((T) r.value());
              }
              return Future.succeededFuture((T) body);
            }));
  }

  /**
   * Cancels a run that no step of ours is running, in the journal (a binding request its code will
   * be told of, unless no code can run it); when this call is the one that ended it (outside any
   * step), announces the end to awaiters and subscribers.
   */
  Future<CancelResult> cancelInJournal(String runId, String reason) {
    return journal
        .requestCancel(runId, reason)
        .compose(
            result ->
                result != CancelResult.CANCELLED
                    ? Future.succeededFuture(result)
                    : journal
                        .run(runId)
                        .map(
                            r -> {
                              awaits.finished(RunOutcome.of(r));
                              notifications.finished(
                                  r.runId(),
                                  r.workflowType(),
                                  r.namespace(),
                                  r.state(),
                                  r.lastSeq(),
                                  r.updatedAt());
                              return result;
                            }));
  }

  /** Asks the dispatcher to look for runnable runs. */
  Future<Void> nudgeDispatcher() {
    return request(addresses.dispatcher(), Messages.DUTY);
  }

  /** Asks the activity worker to claim tasks. */
  Future<Void> nudgeWorker() {
    return request(addresses.worker(), Messages.DUTY);
  }
}
