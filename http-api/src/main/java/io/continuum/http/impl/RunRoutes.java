package io.continuum.http.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuum.Continuum;
import io.continuum.RunConflict;
import io.continuum.RunDescription;
import io.continuum.RunQuery;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.UpdateOptions;
import io.continuum.http.Role;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Starting, describing, listing runs, their history and their attributes. */
final class RunRoutes {
  private static final Set<String> START_FIELDS =
      Set.of(
          "workflow",
          "input",
          "id",
          "attributes",
          "signal",
          "update",
          "startDelay",
          "executionTimeout");
  private static final Set<String> LIST_PARAMS =
      Set.of("state", "workflow", "createdFrom", "createdBefore", "limit", "cursor", "prefix");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
  private static final int HISTORY_LIMIT = 1000;

  private final Continuum client;

  RunRoutes(Continuum client) {
    this.client = client;
  }

  private Continuum in(String namespace) {
    return client.inNamespace(namespace);
  }

  Future<Void> start(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.WRITER, ns);
    Params.onlyKnown(ctx.queryParams(), Set.of(), false);
    JsonNode body = Bodies.object(ctx);
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!START_FIELDS.contains(f)) {
                throw ApiError.badRequest(
                    "unknown-field",
                    "unknown field '"
                        + Params.clip(f)
                        + "'; allowed: workflow, input, id, attributes, signal, update,"
                        + " startDelay, executionTimeout");
              }
            });
    JsonNode workflow = body.get("workflow");
    if (workflow == null || !workflow.isTextual() || workflow.textValue().isEmpty()) {
      throw ApiError.badRequest("invalid-request", "'workflow' (a workflow type name) is required");
    }
    JsonNode id = body.get("id");
    if (id != null && !id.isTextual()) {
      throw ApiError.badRequest("invalid-run-id", "'id' must be a string");
    }
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw ApiError.badRequest(
          "invalid-idempotency-key", "an Idempotency-Key is 1-200 visible ASCII characters");
    }
    if (key != null && id != null) {
      throw ApiError.badRequest(
          "invalid-request",
          "give either an 'id' (itself idempotent) or an Idempotency-Key header, not both");
    }
    String runId =
        id != null ? Params.runId(id.textValue()) : key != null ? derivedId(ns, key) : null;
    var options =
        new StartOptions(
            runId,
            ns,
            Bodies.attributes(body.get("attributes"), "attributes"),
            duration(body, "startDelay", Duration.ZERO),
            duration(body, "executionTimeout", Duration.ofMillis(1)));
    JsonNode input = body.has("input") ? body.get("input") : null;
    JsonNode signal = body.get("signal");
    String signalName = signal == null ? null : signalName(signal);
    if (signal != null && runId == null) {
      throw ApiError.badRequest(
          "invalid-request", "a start with a 'signal' needs an 'id' (or an Idempotency-Key)");
    }
    JsonNode update = body.get("update");
    if (update != null) {
      if (signal != null || runId == null) {
        throw ApiError.badRequest(
            "invalid-request",
            "a start with an 'update' needs an 'id' (or an Idempotency-Key) and no 'signal'");
      }
      return updateWithStart(ctx, ns, workflow.textValue(), input, options, update);
    }
    Continuum here = in(ns);
    return (signal == null
            ? here.start(workflow.textValue(), input, options)
            : here.signalWithStart(
                workflow.textValue(),
                input,
                options,
                signalName,
                signal.has("payload") ? signal.get("payload") : null))
        .recover(
            err ->
                Future.failedFuture(
                    key != null && err instanceof RunConflict
                        ? new ApiError(
                            new Problem(
                                422,
                                "idempotency-key-reused",
                                "Unprocessable request",
                                "this Idempotency-Key was used with a different request"))
                        : err))
        .compose(
            handle -> {
              String location = RunViews.runPath(ns, handle.runId());
              var answer =
                  new JsonObject()
                      .put("runId", handle.runId())
                      .put("namespace", ns)
                      .put("workflow", workflow.textValue())
                      .put("links", RunViews.links(ns, handle.runId()));
              if (signal != null) {
                answer.put("signalled", true);
              }
              int status = handle.created() || key != null ? 201 : 200;
              ctx.response().putHeader("Location", location);
              return Bodies.send(ctx, status, answer);
            });
  }

  // {"name", "id"?, "input"}: the update of an update-with-start; the answer comes with the run.
  private Future<Void> updateWithStart(
      RoutingContext ctx,
      String ns,
      String workflow,
      JsonNode input,
      StartOptions options,
      JsonNode update) {
    if (!update.isObject()) {
      throw ApiError.badRequest(
          "invalid-request", "'update' must be {\"name\", \"id\", \"input\"}");
    }
    update
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!Set.of("name", "id", "input").contains(f)) {
                throw ApiError.badRequest(
                    "unknown-field",
                    "unknown field 'update." + Params.clip(f) + "'; allowed: name, id, input");
              }
            });
    JsonNode name = update.get("name");
    JsonNode id = update.get("id");
    if (name == null || !name.isTextual() || !Params.SIGNAL.matcher(name.textValue()).matches()) {
      throw ApiError.badRequest(
          "invalid-parameter", "'update.name' is 1 to 128 characters of [A-Za-z0-9._:-]");
    }
    if (id != null && (!id.isTextual() || !Params.SIGNAL.matcher(id.textValue()).matches())) {
      throw ApiError.badRequest(
          "invalid-parameter", "'update.id' is 1 to 128 characters of [A-Za-z0-9._:-]");
    }
    var updateOptions =
        id == null ? UpdateOptions.defaults() : UpdateOptions.withId(id.textValue());
    return in(ns)
        .updateWithStart(
            workflow,
            input,
            options,
            name.textValue(),
            update.has("input") ? update.get("input") : null,
            Object.class,
            updateOptions)
        .compose(
            result -> {
              ctx.response().putHeader("Location", RunViews.runPath(ns, options.runId()));
              return Bodies.send(
                  ctx,
                  200,
                  new JsonObject()
                      .put("runId", options.runId())
                      .put("namespace", ns)
                      .put("workflow", workflow)
                      .put("links", RunViews.links(ns, options.runId()))
                      .put(
                          "update",
                          new JsonObject()
                              .put("name", name.textValue())
                              .put("updateId", updateOptions.updateId())
                              .put("result", result)));
            });
  }

  // An ISO-8601 duration ("PT30M", "P2D"), whole milliseconds, from min up to 100 years; null or
  // absent is none. Checked here so that a bad one is a 400 that names the field.
  private static Duration duration(JsonNode body, String field, Duration min) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    Duration d = null;
    if (v.isTextual()) {
      try {
        d = Duration.parse(v.textValue());
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null
        || d.compareTo(min) < 0
        || d.compareTo(StartOptions.MAX_DURATION) > 0
        || d.getNano() % 1_000_000 != 0) {
      throw ApiError.badRequest(
          "invalid-request",
          "'"
              + field
              + "' must be an ISO-8601 duration (\"PT30M\", \"P2D\") of whole milliseconds, "
              + (min.isZero() ? "from zero" : "from 1 ms")
              + " up to 100 years");
    }
    return d;
  }

  // {"name": <signal name>, "payload": <any JSON>}: the signal of a signal-with-start.
  private static String signalName(JsonNode signal) {
    if (!signal.isObject()) {
      throw ApiError.badRequest("invalid-request", "'signal' must be {\"name\", \"payload\"}");
    }
    signal
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("name") && !f.equals("payload")) {
                throw ApiError.badRequest(
                    "unknown-field",
                    "unknown field 'signal." + Params.clip(f) + "'; allowed: name, payload");
              }
            });
    JsonNode name = signal.get("name");
    if (name == null || !name.isTextual() || !Params.SIGNAL.matcher(name.textValue()).matches()) {
      throw ApiError.badRequest(
          "invalid-signal-name", "'signal.name' is 1 to 128 characters of [A-Za-z0-9._:-]");
    }
    return name.textValue();
  }

  /** An Idempotency-Key names the run it creates: the same key always finds the same run. */
  static String derivedId(String namespace, String key) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((namespace + "\0" + key).getBytes(StandardCharsets.UTF_8));
      return "idem-" + HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  Future<Void> get(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.READER, ns);
    String runId = Params.runId(ctx);
    Params.onlyKnown(ctx.queryParams(), Set.of(), false);
    return in(ns).getRun(runId).compose(d -> Bodies.send(ctx, 200, RunViews.run(d)));
  }

  Future<Void> list(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.READER, ns);
    MultiMap q = ctx.queryParams();
    Params.onlyKnown(q, LIST_PARAMS, true);
    var states = new LinkedHashSet<RunState>();
    for (String v : q.getAll("state")) {
      for (String s : v.split(",")) {
        try {
          states.add(RunState.fromWireName(s.trim()));
        } catch (IllegalArgumentException e) {
          throw ApiError.badRequest("invalid-parameter", "unknown state '" + Params.clip(s) + "'");
        }
      }
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    for (String name : q.names()) {
      if (name.startsWith("attr.")) {
        attrs.put(name.substring(5), Bodies.queryValue(q.get(name)));
      }
    }
    Integer limit = Params.integer(q, "limit", Integer.MIN_VALUE);
    var query =
        new RunQuery(
            ns,
            states,
            q.get("workflow"),
            Params.instant(q, "createdFrom"),
            Params.instant(q, "createdBefore"),
            attrs,
            limit == null ? RunQuery.DEFAULT_LIMIT : limit,
            q.get("cursor"),
            q.get("prefix"));
    return in(ns)
        .query(query)
        .compose(
            page -> {
              var runs = new io.vertx.core.json.JsonArray();
              page.runs().forEach(r -> runs.add(RunViews.run(r)));
              return Bodies.send(
                  ctx,
                  200,
                  new JsonObject()
                      .put("runs", runs)
                      .put("limit", query.limit())
                      .put("nextCursor", page.nextCursor()));
            });
  }

  Future<Void> history(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.READER, ns);
    String runId = Params.runId(ctx);
    MultiMap q = ctx.queryParams();
    Params.onlyKnown(q, Set.of("after", "limit"), false);
    Integer after = Params.integer(q, "after", 0);
    Integer asked = Params.integer(q, "limit", Integer.MIN_VALUE);
    int limit = asked == null ? 100 : Math.max(1, Math.min(HISTORY_LIMIT, asked));
    return in(ns)
        .history(runId, after == null ? 0 : after, limit)
        .compose(
            events ->
                Bodies.send(
                    ctx,
                    200,
                    new JsonObject()
                        .put("runId", runId)
                        .put("events", RunViews.events(events))
                        .put("limit", limit)
                        .put(
                            "nextAfter",
                            events.size() == limit ? events.get(events.size() - 1).seq() : null)));
  }

  Future<Void> setAttributes(RoutingContext ctx) {
    String ns = Params.namespace(ctx);
    Caller.require(ctx, Role.WRITER, ns);
    String runId = Params.runId(ctx);
    Params.onlyKnown(ctx.queryParams(), Set.of(), false);
    Map<String, Object> attrs = Bodies.attributes(Bodies.object(ctx), "the body");
    return in(ns)
        .setAttributes(runId, attrs)
        .compose((RunDescription d) -> Bodies.send(ctx, 200, RunViews.run(d)));
  }
}
