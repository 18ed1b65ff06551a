package io.continuum.http.impl;

import io.continuum.ContinuumException;
import io.continuum.InvalidQuery;
import io.continuum.JournalException;
import io.continuum.RunConflict;
import io.continuum.RunNotFound;
import io.continuum.RunTerminal;
import io.continuum.UnknownWorkflowType;
import io.continuum.core.payload.PayloadException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeoutException;

/**
 * An RFC 9457 problem. The {@code type} is stable ({@code urn:continuum:problem:<kind>}); the
 * detail is written for people and never carries a stack trace, SQL or a class name.
 */
record Problem(int status, String kind, String title, String detail, JsonObject extensions) {
  private static final System.Logger LOG = System.getLogger(Problem.class.getName());

  static final String TYPE_PREFIX = "urn:continuum:problem:";

  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "2";

  Problem(int status, String kind, String title, String detail) {
    this(status, kind, title, detail, null);
  }

  static Problem unavailable(String detail) {
    return new Problem(503, "unavailable", "Service unavailable", detail);
  }

  static Problem badRequest(String kind, String detail) {
    return new Problem(400, kind, "Bad request", detail);
  }

  static Problem notFound(String kind, String detail) {
    return new Problem(404, kind, "Not found", detail);
  }

  JsonObject toJson(String instance) {
    var body =
        new JsonObject()
            .put("type", TYPE_PREFIX + kind)
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    if (extensions != null) {
      body.mergeIn(extensions);
    }
    return body;
  }

  void send(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return; // answered already (its deadline passed): this late outcome has nowhere to go
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"continuum\"");
    }
    if (status == 503) {
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(toJson(ctx.request().path()).encode());
  }

  /** The problem an engine error stands for; unexpected ones are logged and answered as 500. */
  static Problem of(Throwable err) {
    if (err instanceof ApiError api) {
      return api.problem();
    }
    if (err instanceof RunNotFound e) {
      return notFound(e.errorType(), e.getMessage());
    }
    if (err instanceof UnknownWorkflowType e) {
      return notFound(e.errorType(), e.getMessage());
    }
    if (err instanceof io.continuum.UnknownQuery e) {
      return notFound(e.errorType(), e.getMessage());
    }
    if (err instanceof io.continuum.QueryFailed e) {
      return new Problem(422, e.errorType(), "Unprocessable", e.getMessage());
    }
    if (err instanceof io.continuum.UnknownUpdate e) {
      return notFound(e.errorType(), e.getMessage());
    }
    if (err instanceof io.continuum.UpdateRejected e) {
      return new Problem(422, e.errorType(), "Unprocessable", e.getMessage());
    }
    if (err instanceof io.continuum.UpdateFailed e) {
      return new Problem(
          422,
          e.errorType(),
          "Unprocessable",
          e.getMessage(),
          new JsonObject().put("failureType", e.failure().type()));
    }
    if (err instanceof io.continuum.InvalidCompletionToken e) {
      return notFound(e.errorType(), e.getMessage());
    }
    if (err instanceof io.continuum.ActivityNotPending e) {
      return new Problem(
          409, e.errorType(), "Conflict", e.getMessage(), new JsonObject().put("runId", e.runId()));
    }
    if (err instanceof RunTerminal e) {
      return new Problem(
          409,
          e.errorType(),
          "Conflict",
          e.getMessage(),
          new JsonObject().put("runId", e.runId()).put("state", e.state().wireName()));
    }
    if (err instanceof RunConflict e) {
      return new Problem(409, e.errorType(), "Conflict", e.getMessage());
    }
    if (err instanceof InvalidQuery e) {
      return badRequest(e.errorType(), e.getMessage());
    }
    if (err instanceof PayloadException p) {
      return new Problem(
          400,
          "invalid-payload",
          "Bad request",
          "the input does not fit the workflow's input type at " + p.path() + ": " + p.reason(),
          new JsonObject().put("path", p.path()).put("reason", p.reason()));
    }
    if (err instanceof IllegalArgumentException e) {
      return badRequest("invalid-request", e.getMessage());
    }
    if (err instanceof JournalException
        || err instanceof TimeoutException
        || err instanceof io.vertx.core.eventbus.ReplyException) {
      LOG.log(Level.WARNING, "journal unavailable while serving a request: {0}", err.toString());
      return unavailable("the journal is unavailable");
    }
    if (err instanceof ContinuumException e) {
      return badRequest(e.errorType(), e.getMessage());
    }
    LOG.log(Level.ERROR, "unexpected error while serving a request", err);
    return new Problem(500, "internal", "Internal error", "an internal error occurred");
  }
}
