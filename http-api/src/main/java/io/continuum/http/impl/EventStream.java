package io.continuum.http.impl;

import io.continuum.Continuum;
import io.continuum.RunRef;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.http.Role;
import io.continuum.runtime.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * A run's history as Server-Sent Events: the events already journaled after {@code after} (or
 * {@code Last-Event-ID}), then each new one as it commits; the stream ends after the terminal
 * event. Step notifications only say "read again": the events themselves always come from the
 * journal, so a lost notification delays an event, never drops or reorders it.
 */
final class EventStream {
  private static final int PAGE = 200;
  private static final long KEEP_ALIVE_MS = 15_000;

  private final Vertx vertx;
  private final Continuum client;

  EventStream(Vertx vertx, Continuum client) {
    this.vertx = vertx;
    this.client = client;
  }

  Future<Void> open(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.READER, ns);
    String runId = Params.runId(ctx);
    Params.onlyKnown(ctx.queryParams(), Set.of("after"), false);
    Integer after = Params.integer(ctx.queryParams(), "after", 0);
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId != null) {
      try {
        after = Integer.parseInt(lastEventId.trim());
      } catch (NumberFormatException e) {
        after = -1;
      }
      if (after < 0) {
        throw ApiError.badRequest("invalid-parameter", "Last-Event-ID must be an event seq");
      }
    }
    int from = after == null ? 0 : after;
    Continuum here = client.inNamespace(ns);
    return here.getRun(runId)
        .map(
            d ->
                new Pump(ctx.response(), here, RunRef.of(ns, runId), from, d.state().isTerminal())
                    .start());
  }

  private final class Pump {
    private final HttpServerResponse response;
    private final Continuum here;
    private final RunRef run;
    private final String runId;
    private final boolean endedAlready;
    private int lastSeq;
    private boolean busy;
    private boolean again;
    private boolean closed;
    private MessageConsumer<JsonObject> consumer;
    private long keepAlive;

    Pump(
        HttpServerResponse response,
        Continuum here,
        RunRef run,
        int lastSeq,
        boolean endedAlready) {
      this.endedAlready = endedAlready;
      this.response = response;
      this.here = here;
      this.run = run;
      this.runId = run.id();
      this.lastSeq = lastSeq;
    }

    Void start() {
      response
          .setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("X-Accel-Buffering", "no")
          // A compressor may hold an event back until it has more bytes; events must go out now.
          .putHeader("Content-Encoding", "identity");
      response.write(": events of run " + runId + "\n\n");
      consumer = vertx.eventBus().consumer(Addresses.runStatus(run), m -> pump());
      keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, t -> response.write(": keep-alive\n\n"));
      response.closeHandler(v -> close());
      consumer.completion().onComplete(ar -> pump());
      return null;
    }

    private void pump() {
      if (closed) {
        return;
      }
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      again = false;
      here.history(runId, lastSeq, PAGE)
          .onComplete(
              ar -> {
                busy = false;
                if (closed) {
                  return;
                }
                if (ar.failed()) {
                  finish("error", new JsonObject().put("detail", "the history could not be read"));
                  return;
                }
                if (write(ar.result())) {
                  return;
                }
                if (endedAlready && ar.result().isEmpty()) {
                  // Resumed after the terminal event: nothing more will ever come.
                  finish("end", new JsonObject().put("runId", runId).put("seq", lastSeq));
                  return;
                }
                if (again || ar.result().size() == PAGE) {
                  pump();
                }
              });
    }

    /** Writes events; true when the run ended and the stream is finished. */
    private boolean write(List<HistoryEvent> events) {
      for (HistoryEvent e : events) {
        response.write(
            "id: "
                + e.seq()
                + "\nevent: "
                + e.event().typeName()
                + "\ndata: "
                + RunViews.events(List.of(e)).getJsonObject(0).encode()
                + "\n\n");
        lastSeq = e.seq();
        if (e.event() instanceof Event.Terminal) {
          finish("end", new JsonObject().put("runId", runId).put("seq", e.seq()));
          return true;
        }
      }
      return false;
    }

    private void finish(String event, JsonObject data) {
      response.write("event: " + event + "\ndata: " + data.encode() + "\n\n");
      response.end();
      close();
    }

    private void close() {
      if (!closed) {
        closed = true;
        consumer.unregister();
        vertx.cancelTimer(keepAlive);
      }
    }
  }
}
