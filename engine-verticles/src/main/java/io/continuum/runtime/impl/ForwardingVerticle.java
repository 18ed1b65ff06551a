package io.continuum.runtime.impl;

import io.continuum.RunNotFound;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.journal.CancelResult;
import io.continuum.runtime.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * In a cluster, carries wakes and cancels for runs hosted on other nodes to their owners, and takes
 * the ones other nodes send this node on {@link Addresses#node}. The owner is the lease holder the
 * journal names, remembered per run and forgotten when the owner no longer has the run or does not
 * answer within {@link io.continuum.runtime.EngineOptions#forwardTimeout}; the caller then takes
 * the database path. Forwarding only makes things faster: the lease decides who owns a run, and
 * everything a forwarded message asks for is checked against the receiver's hosts and the journal.
 *
 * <p>Its methods may be called from any thread: they send to this verticle's local address, and its
 * state (the owners it remembers) is touched on its own context only.
 */
final class ForwardingVerticle extends VerticleBase {
  private static final int REMEMBERED_OWNERS = 10_000;
  private static final int MAX_REASON = 500;

  private final EngineRuntime rt;
  private final DeliveryOptions forwardOptions;
  // Owners that did not answer, each with a claim round due when their leases have lapsed.
  private final java.util.Set<String> unanswered = new java.util.HashSet<>();
  // Run key -> the node that held its lease when last looked up; access order, eldest dropped.
  private final Map<String, String> owners =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_OWNERS;
        }
      };

  ForwardingVerticle(EngineRuntime rt) {
    this.rt = rt;
    this.forwardOptions =
        new DeliveryOptions().setSendTimeout(rt.options.forwardTimeout().toMillis());
  }

  /**
   * What this node asks its forwarding verticle: a wake ({@code reason} null) or a cancel; {@code
   * owner} is the run's owner when the caller knows it already (else null).
   */
  record Forward(String runKey, String reason, String owner) {}

  @Override
  public Future<?> start() {
    Future<Void> local =
        vertx.eventBus().<Forward>localConsumer(rt.addresses.forward(), this::onLocal).completion();
    Future<Void> remote =
        vertx.eventBus().<Object>consumer(Addresses.node(rt.owner), this::onForwarded).completion();
    return Future.all(local, remote);
  }

  /**
   * Wakes a run on the node that owns it ({@code owner}, when the caller knows it); false when no
   * other node took the wake.
   */
  Future<Boolean> wake(String runKey, String owner) {
    return rt.request(rt.addresses.forward(), new Forward(runKey, null, owner));
  }

  /**
   * Cancels a run on the node that owns it, with that node's answer; fails with {@link
   * RunDirectory.NotHosted} when no other node has the run, for the journal to decide.
   */
  Future<CancelResult> cancel(String runKey, String reason) {
    return rt.request(rt.addresses.forward(), new Forward(runKey, reason, null));
  }

  private void onLocal(Message<Forward> message) {
    Forward f = message.body();
    if (f.owner() != null) {
      owners.put(f.runKey(), f.owner());
    }
    Future<Object> answer = owner(f.runKey(), false).compose(owner -> forward(f, owner, true));
    answer.onComplete(
        ar ->
            message.reply(
                ar.succeeded()
                    ? Messages.Reply.of(ar.result())
                    : Messages.Reply.failed(ar.cause())));
  }

  // The owner's answer: true (woken), a CancelResult, or RunTerminal; false or NotHosted when no
  // other node took it. An owner that let the run go is looked up once more (the run may have
  // moved); one that does not answer is forgotten.
  private Future<Object> forward(Forward f, String owner, boolean mayLookAgain) {
    String kind = f.reason() == null ? "wake" : "cancel";
    if (owner == null || owner.equals(rt.owner)) {
      rt.metrics.forwarded(kind, "no_owner");
      return notTaken(f);
    }
    RunRef run = RunRef.ofKey(f.runKey());
    var body =
        new JsonObject().put("op", kind).put("namespace", run.namespace()).put("runId", run.id());
    if (f.reason() != null) {
      body.put("reason", f.reason());
    }
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.node(owner), body, forwardOptions)
        .transform(
            ar -> {
              if (ar.failed()) {
                owners.remove(f.runKey());
                rt.metrics.forwarded(kind, "unreachable");
                claimAfterLapse(owner);
                return notTaken(f);
              }
              JsonObject reply = ar.result().body();
              String outcome = reply.getString("outcome", "");
              switch (outcome) {
                case "woken":
                  rt.metrics.forwarded(kind, "delivered");
                  return Future.succeededFuture(true);
                case "cancelled":
                case "requested":
                  rt.metrics.forwarded(kind, "delivered");
                  return Future.succeededFuture(
                      outcome.equals("cancelled")
                          ? CancelResult.CANCELLED
                          : CancelResult.REQUESTED);
                case "terminal":
                  rt.metrics.forwarded(kind, "delivered");
                  return Future.failedFuture(
                      new RunTerminal(f.runKey(), RunState.fromWireName(reply.getString("state"))));
                case "error":
                  rt.metrics.forwarded(kind, "failed");
                  return notTaken(f);
                default:
                  owners.remove(f.runKey());
                  rt.metrics.forwarded(kind, "not_hosted");
                  return mayLookAgain
                      ? owner(f.runKey(), true)
                          .compose(
                              now ->
                                  now != null && !now.equals(owner)
                                      ? forward(f, now, false)
                                      : notTaken(f))
                      : notTaken(f);
              }
            });
  }

  // An owner that does not answer has left, or is frozen or cut off: its runs are claimable once
  // their leases lapse, at most a lease TTL from now, and a claim round then takes them without
  // waiting for the dispatcher's backstop poll (unless the owner renewed meanwhile: then the round
  // finds nothing of its).
  private void claimAfterLapse(String owner) {
    if (unanswered.add(owner)) {
      vertx.setTimer(
          rt.options.leaseTtl().toMillis() + 250,
          id -> {
            unanswered.remove(owner);
            rt.nudgeDispatcher();
          });
    }
  }

  private static Future<Object> notTaken(Forward f) {
    return f.reason() == null
        ? Future.succeededFuture(false)
        : Future.failedFuture(new RunDirectory.NotHosted(f.runKey()));
  }

  // The run's lease holder, remembered, or read from the journal (null: nobody holds it).
  private Future<String> owner(String runKey, boolean fresh) {
    String known = fresh ? null : owners.get(runKey);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return rt.journal
        .leaseHolder(runKey)
        .recover(err -> Future.succeededFuture(null))
        .onSuccess(
            owner -> {
              if (owner != null) {
                owners.put(runKey, owner);
              }
            });
  }

  // A message from another node. Nothing in it is trusted: the run is named by namespace and id
  // (checked as any caller's), a wake only makes a hosted run read its inbox from the journal, and
  // a cancel is recorded in the journal by the run's host, which checks the run's state there.
  private void onForwarded(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      message.fail(400, "a forwarded message is a JSON object");
      return;
    }
    String op = body.getString("op");
    String key;
    try {
      key = RunRef.of(body.getString("namespace"), body.getString("runId")).key();
    } catch (RuntimeException e) {
      message.fail(400, "not a run: " + e.getMessage());
      return;
    }
    if ("wake".equals(op)) {
      rt.directory
          .<Object>send(key, Messages.WAKE)
          .onComplete(ar -> message.reply(outcome(ar.succeeded() ? "woken" : "not-hosted")));
    } else if ("cancel".equals(op)) {
      String reason = body.getString("reason", "cancelled by a client");
      if (reason.length() > MAX_REASON) {
        reason = reason.substring(0, MAX_REASON);
      }
      rt.directory
          .<CancelResult>send(key, new Messages.CancelRun(reason))
          .onComplete(ar -> message.reply(cancelled(ar)));
    } else {
      message.fail(400, "unknown operation: " + op);
    }
  }

  private static JsonObject cancelled(io.vertx.core.AsyncResult<CancelResult> ar) {
    if (ar.succeeded()) {
      return outcome(ar.result() == CancelResult.CANCELLED ? "cancelled" : "requested");
    }
    Throwable err = ar.cause();
    if (err instanceof RunTerminal t) {
      return outcome("terminal").put("state", t.state().wireName());
    }
    if (err instanceof RunNotFound || err instanceof RunDirectory.NotHosted) {
      return outcome("not-hosted");
    }
    return outcome("error").put("message", String.valueOf(err.getMessage()));
  }

  private static JsonObject outcome(String outcome) {
    return new JsonObject().put("outcome", outcome);
  }
}
