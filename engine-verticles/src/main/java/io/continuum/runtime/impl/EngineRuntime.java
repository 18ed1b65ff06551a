package io.continuum.runtime.impl;

import io.continuum.core.payload.PayloadCodec;
import io.continuum.core.replay.StepExecutor;
import io.continuum.core.replay.WorkflowRegistry;
import io.continuum.journal.Journal;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.concurrent.ConcurrentHashMap;

/** What every verticle of one engine shares. Immutable after construction but for the maps. */
final class EngineRuntime {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  final Vertx vertx;
  final Journal journal;
  final PayloadCodec codec;
  final StepExecutor executor;
  final WorkflowRegistry workflows;
  final ActivityRegistry activities;
  final EngineOptions options;
  final String owner;
  final WorkTracker tracker = new WorkTracker();
  final Notifications notifications;
  final NoticeRouter router;

  /** Runs hosted on this node, by id; written by the host verticles. */
  final ConcurrentHashMap<String, Boolean> hosted = new ConcurrentHashMap<>();

  EngineRuntime(
      Vertx vertx,
      Journal journal,
      PayloadCodec codec,
      WorkflowRegistry workflows,
      ActivityRegistry activities,
      EngineOptions options,
      String owner) {
    this.vertx = vertx;
    this.journal = journal;
    this.codec = codec;
    this.executor = new StepExecutor(codec);
    this.workflows = workflows;
    this.activities = activities;
    this.options = options;
    this.owner = owner;
    this.notifications = new Notifications(vertx.eventBus());
    this.router = new NoticeRouter(this);
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

  /** Asks the dispatcher to look for runnable runs. */
  Future<Void> nudgeDispatcher() {
    return request(Messages.DISPATCHER, Messages.DUTY);
  }
}
