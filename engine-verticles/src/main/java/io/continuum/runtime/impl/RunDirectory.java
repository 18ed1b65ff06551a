package io.continuum.runtime.impl;

import io.continuum.journal.CancelResult;
import io.continuum.journal.Lease;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who hosts what, and the one way into a run: a message to the run's address, handled on its host's
 * event loop. Only the hosts know which runs they have; a message for a run hosted on no host of
 * this node fails with {@link NotHosted}, and the caller takes the way that needs no host here: the
 * run's owner elsewhere (through {@link ForwardingVerticle}, in a cluster) or the journal. Starts
 * and adoptions, which create a hosted run, go to a host's address instead.
 */
final class RunDirectory {
  private final EngineRuntime rt;
  private final EngineAddresses addresses;
  // Which host (if any) runs on the current thread; each host sets it for its own thread, once.
  private final ThreadLocal<Integer> hostOfThread = new ThreadLocal<>();
  // A count, not a directory: read by the hosted-runs gauge and by the lease keeper's idle check.
  private final AtomicInteger hostedCount = new AtomicInteger();

  RunDirectory(EngineRuntime rt, EngineAddresses addresses) {
    this.rt = rt;
    this.addresses = addresses;
  }

  /** No host of this node has the run. */
  static final class NotHosted extends RuntimeException {
    NotHosted(String runKey) {
      super("run " + runKey + " is not hosted on this node", null, false, false);
    }
  }

  /**
   * Sends {@code message} to run {@code runKey} on this node and returns its reply; fails with
   * {@link NotHosted} when no host has the run (or it left while the message was on its way).
   */
  <T> Future<T> send(String runKey, Object message) {
    return rt.<T>request(addresses.run(runKey), message)
        .recover(
            err ->
                err instanceof ReplyException r
                        && (r.failureType() == ReplyFailure.NO_HANDLERS
                            || r.failureType() == ReplyFailure.TIMEOUT)
                    ? Future.failedFuture(new NotHosted(runKey))
                    : Future.failedFuture(err));
  }

  /**
   * Wakes a run whose inbox changed: on this node when hosted here, else its owner elsewhere (when
   * {@code passOn} and there is a cluster; {@code owner}, when known, saves looking it up), else
   * the dispatcher, which claims it when nobody holds it.
   */
  Future<Void> wake(String runKey, boolean passOn, String owner) {
    return this.<Object>send(runKey, Messages.WAKE)
        .<Void>mapEmpty()
        .recover(
            err -> {
              if (!(err instanceof NotHosted)) {
                return rt.nudgeDispatcher();
              }
              return passOn && rt.forwarding != null
                  ? rt.forwarding
                      .wake(runKey, owner)
                      .compose(woken -> woken ? Future.succeededFuture() : rt.nudgeDispatcher())
                  : rt.nudgeDispatcher();
            });
  }

  /**
   * Cancels a run through its host: here, or its owner elsewhere in a cluster; fails with {@link
   * NotHosted} when no host has it, for the journal to decide.
   */
  Future<CancelResult> cancel(String runKey, String reason) {
    return this.<CancelResult>send(runKey, new Messages.CancelRun(reason))
        .recover(
            err ->
                err instanceof NotHosted && rt.forwarding != null
                    ? rt.forwarding.cancel(runKey, reason)
                    : Future.failedFuture(err));
  }

  /** Whether a host of this node has the run now (it will announce the run's end in-process). */
  Future<Boolean> hostsHere(String runKey) {
    return this.<Object>send(runKey, Messages.PROBE)
        .map(v -> true)
        .recover(
            err ->
                err instanceof NotHosted
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(err));
  }

  /** Hands a claimed run to the host that has it already, else to the host its key maps to. */
  Future<Void> adopt(Lease lease) {
    var adopt = new Messages.AdoptRun(lease);
    return this.<Object>send(lease.runId(), adopt)
        .<Void>mapEmpty()
        .recover(
            err ->
                err instanceof NotHosted
                    ? rt.request(addresses.hostOf(lease.runId()), adopt)
                    : Future.failedFuture(err));
  }

  /**
   * The host for a new run: the one on the caller's thread, when the caller runs on a host's event
   * loop and the id is one nobody else can know yet (so the run, its database connection and its
   * caller share a thread); else the id's host, which serializes the starts of one id.
   */
  String hostForStart(String runKey, boolean generatedId) {
    Integer here = generatedId ? hostOfThread.get() : null;
    return here != null ? addresses.host(here) : addresses.hostOf(runKey);
  }

  /** A host started on the current thread. */
  void hostOnThisThread(int index) {
    hostOfThread.set(index);
  }

  void hosted() {
    hostedCount.incrementAndGet();
  }

  void unhosted() {
    hostedCount.decrementAndGet();
  }

  /** How many runs this node hosts now. */
  int hostedCount() {
    return hostedCount.get();
  }
}
