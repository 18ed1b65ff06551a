package io.continuum.http.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuum.CancelledFailure;
import io.continuum.Continuum;
import io.continuum.Failure;
import io.continuum.UpdateOptions;
import io.continuum.UpdatePending;
import io.continuum.WorkflowFailure;
import io.continuum.http.Role;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Signals, cancels, result long-polls and external completions of activities. */
final class ControlRoutes {
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private final Continuum client;
  private final Duration maxAwait;
  private final Duration cancelWait;

  ControlRoutes(Continuum client, Duration maxAwait, Duration cancelWait) {
    this.client = client;
    this.maxAwait = maxAwait;
    this.cancelWait = cancelWait;
  }

  Future<Void> signal(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.WRITER, ns);
    String runId = Params.runId(ctx);
    String name = Params.signalName(ctx);
    Params.onlyKnown(ctx.queryParams(), Set.of(), false);
    JsonNode payload = Bodies.json(ctx);
    return client
        .inNamespace(ns)
        .signal(runId, name, payload)
        .compose(
            v ->
                Bodies.send(
                    ctx,
                    202,
                    new JsonObject()
                        .put("runId", runId)
                        .put("signal", name)
                        .put("links", RunViews.links(ns, runId))));
  }

  /**
   * {@code POST /v1/completions/{token}} with {@code {"result": <json>}} or {@code {"failure":
   * {"message": "...", "type": "..."}}}: completes or fails the activity attempt the token names.
   * The key needs the writer role in the token's namespace (as for a signal); a token that does not
   * verify is a 404, one whose attempt is no longer pending a 409, and neither writes anything.
   */
  Future<Void> complete(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    StrictJson.checkNoNul(token, "the token");
    String ns = Continuum.completionTokenNamespace(token);
    Caller.require(ctx, Role.WRITER, ns);
    Params.onlyKnown(ctx.queryParams(), Set.of(), false);
    JsonNode body = Bodies.object(ctx);
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("result") && !f.equals("failure")) {
                throw ApiError.badRequest(
                    "invalid-request",
                    "unknown field '" + Params.clip(f) + "'; allowed: result, failure");
              }
            });
    if (body.has("result") == body.has("failure")) {
      throw ApiError.badRequest("invalid-request", "send exactly one of 'result' and 'failure'");
    }
    Continuum here = client.inNamespace(ns);
    if (body.has("result")) {
      return here.completeActivity(token, body.get("result"))
          .compose(v -> Bodies.send(ctx, 202, new JsonObject().put("outcome", "completed")));
    }
    return here.failActivity(token, failure(body.get("failure")))
        .compose(v -> Bodies.send(ctx, 202, new JsonObject().put("outcome", "failed")));
  }

  // {"message": "...", "type": "..."}; the type defaults to Continuum.EXTERNAL_FAILURE
  private static Failure failure(JsonNode f) {
    if (!f.isObject()) {
      throw ApiError.badRequest(
          "invalid-request", "'failure' must be {\"message\": \"...\", \"type\": \"...\"}");
    }
    f.fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("message") && !name.equals("type")) {
                throw ApiError.badRequest(
                    "invalid-request",
                    "unknown field 'failure." + Params.clip(name) + "'; allowed: message, type");
              }
            });
    JsonNode message = f.get("message");
    if (message == null || !message.isTextual() || message.asText().length() > 4096) {
      throw ApiError.badRequest(
          "invalid-request", "'failure.message' is a string of at most 4096 characters");
    }
    JsonNode type = f.get("type");
    if (type != null && (!type.isTextual() || !FAILURE_TYPE.matcher(type.asText()).matches())) {
      throw ApiError.badRequest(
          "invalid-request", "'failure.type' is 1 to 200 characters of [A-Za-z0-9._:$-]");
    }
    return Failure.of(type == null ? Continuum.EXTERNAL_FAILURE : type.asText(), message.asText());
  }

  private static final java.util.regex.Pattern FAILURE_TYPE =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:$-]{1,200}");

  Future<Void> cancel(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.WRITER, ns);
    String runId = Params.runId(ctx);
    Params.onlyKnown(ctx.queryParams(), Set.of(), false);
    Continuum here = client.inNamespace(ns);
    // A successful cancel is binding (nothing else can end the run now); waiting a little lets
    // the answer show the end itself when the owner is quick, as it usually is.
    return here.cancel(runId)
        .compose(v -> here.getRun(runId))
        .compose(
            d ->
                d.state().isTerminal() || cancelWait.isZero()
                    ? Future.succeededFuture(d)
                    : here.await(runId, Object.class, cancelWait)
                        .transform(ar -> here.getRun(runId)))
        .compose(
            d ->
                Bodies.send(
                    ctx, 202, RunViews.run(d).put("cancelRequested", !d.state().isTerminal())));
  }

  /** 200 with the run once it is finished; 202 with the run when the wait ran out first. */
  Future<Void> query(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.READER, ns);
    String runId = Params.runId(ctx);
    String name = ctx.pathParam("query");
    if (name == null || !Params.SIGNAL.matcher(name).matches()) {
      throw ApiError.badRequest(
          "invalid-parameter", "a query name is 1 to 128 characters of [A-Za-z0-9._:-]");
    }
    Params.onlyKnown(ctx.queryParams(), Set.of(), false);
    return client
        .inNamespace(ns)
        .query(runId, name, Object.class)
        .compose(
            answer ->
                Bodies.send(
                    ctx,
                    200,
                    new JsonObject().put("runId", runId).put("query", name).put("result", answer)));
  }

  /**
   * 200 with the handler's answer once the step that applied the update committed; 202 when the
   * wait ran out first (the update stays queued: send it again with its id to get the answer).
   */
  Future<Void> update(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.WRITER, ns);
    String runId = Params.runId(ctx);
    String name = ctx.pathParam("update");
    if (name == null || !Params.SIGNAL.matcher(name).matches()) {
      throw ApiError.badRequest(
          "invalid-parameter", "an update name is 1 to 128 characters of [A-Za-z0-9._:-]");
    }
    MultiMap q = ctx.queryParams();
    Params.onlyKnown(q, Set.of("id", "wait"), false);
    String id = q.get("id");
    if (id != null && !Params.SIGNAL.matcher(id).matches()) {
      throw ApiError.badRequest(
          "invalid-parameter", "an update id is 1 to 128 characters of [A-Za-z0-9._:-]");
    }
    Duration wait = waitOf(q.get("wait"));
    var options =
        (id == null ? UpdateOptions.defaults() : UpdateOptions.withId(id))
            .withTimeout(wait.isZero() ? Duration.ofMillis(1) : wait);
    JsonNode input = Bodies.json(ctx);
    var answer =
        new JsonObject()
            .put("runId", runId)
            .put("update", name)
            .put("updateId", options.updateId());
    return client
        .inNamespace(ns)
        .update(runId, name, input, Object.class, options)
        .compose(result -> Bodies.send(ctx, 200, answer.put("result", result)))
        .recover(
            err ->
                err instanceof UpdatePending
                    ? Bodies.send(ctx, 202, answer.put("pending", true))
                    : Future.failedFuture(err));
  }

  Future<Void> result(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.READER, ns);
    String runId = Params.runId(ctx);
    MultiMap q = ctx.queryParams();
    Params.onlyKnown(q, Set.of("wait"), false);
    Duration wait = waitOf(q.get("wait"));
    Continuum here = client.inNamespace(ns);
    return here.getRun(runId)
        .compose(
            d ->
                d.state().isTerminal() || wait.isZero()
                    ? Future.succeededFuture()
                    : here.await(runId, Object.class, wait)
                        .<Void>mapEmpty()
                        .recover(
                            err ->
                                err instanceof TimeoutException
                                        || err instanceof WorkflowFailure
                                        || err instanceof CancelledFailure
                                        || err instanceof IllegalStateException
                                    ? Future.succeededFuture()
                                    : Future.failedFuture(err)))
        .compose(v -> here.getRun(runId))
        .compose(
            d ->
                Bodies.send(
                    ctx,
                    d.state().isTerminal() ? 200 : 202,
                    RunViews.run(d).put("done", d.state().isTerminal())));
  }

  private Duration waitOf(String text) {
    if (text == null) {
      return DEFAULT_WAIT.compareTo(maxAwait) > 0 ? maxAwait : DEFAULT_WAIT;
    }
    Duration d;
    try {
      d =
          text.matches("\\d{1,9}")
              ? Duration.ofSeconds(Long.parseLong(text))
              : text.matches("\\d{1,9}s")
                  ? Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)))
                  : Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(
          "invalid-parameter", "wait is seconds (30), with a unit (30s) or ISO-8601 (PT30S)");
    }
    if (d.isNegative()) {
      throw ApiError.badRequest("invalid-parameter", "wait must not be negative");
    }
    return d.compareTo(maxAwait) > 0 ? maxAwait : d;
  }
}
