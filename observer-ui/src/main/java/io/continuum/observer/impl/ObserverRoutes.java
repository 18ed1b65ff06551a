package io.continuum.observer.impl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.continuum.Continuum;
import io.continuum.PendingWork;
import io.continuum.RunDescription;
import io.continuum.RunNotFound;
import io.continuum.RunQuery;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.RunTerminal;
import io.continuum.StartOptions;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.http.ApiKey;
import io.continuum.http.Role;
import io.continuum.observer.impl.Sessions.Session;
import io.continuum.runtime.Addresses;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.thymeleaf.ThymeleafTemplateEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The observer's pages under {@code /ui/}: login and logout, the runs index, a run's page with its
 * live panel and actions, one event in full, and the workflows page. Every page reads through the
 * engine's {@link Continuum} client confined to the page's namespace, as the REST API does, and
 * checks the session's key the way the REST API checks a bearer key.
 */
public final class ObserverRoutes {
  private static final String TEMPLATES = "io/continuum/observer/templates/";
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final Pattern NAMESPACE = StartOptions.NAMESPACE;
  private static final Pattern RUN_ID = StartOptions.RUN_ID;
  private static final Pattern SIGNAL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final int PAGE = 50;
  private static final int TIMELINE_PAGE = 200;
  private static final int HISTORY_READ = 1_000;
  private static final int MAX_PAYLOAD = 256 * 1024;
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Vertx vertx;
  private final Engine engine;
  private final Sessions sessions;
  private final OneTimeLinks links;
  private final ThymeleafTemplateEngine templates;
  private final boolean secureCookies;
  private static final Duration COUNTS_FOR = Duration.ofSeconds(10);
  private final Map<String, Buffer> assets = new HashMap<>();
  private final Map<String, Counted> counted = new HashMap<>();

  public ObserverRoutes(
      Vertx vertx, Engine engine, Sessions sessions, OneTimeLinks links, boolean secureCookies) {
    this.vertx = vertx;
    this.engine = engine;
    this.sessions = sessions;
    this.links = links;
    this.secureCookies = secureCookies;
    this.templates = ThymeleafTemplateEngine.create(vertx);
  }

  /** Adds the pages to {@code router}: {@code /} redirects to {@code /ui/}. */
  public void mount(Router router) {
    asset("app.css", "io/continuum/observer/assets/app.css");
    asset("app.js", "io/continuum/observer/assets/app.js");
    asset(
        "htmx.min.js",
        "META-INF/resources/webjars/htmx.org/" + Versions.HTMX + "/dist/htmx.min.js");
    asset("sse.js", "META-INF/resources/webjars/htmx-ext-sse/" + Versions.HTMX_SSE + "/sse.js");

    router.get("/").handler(ctx -> redirect(ctx, "/ui/"));
    router.route("/ui/*").handler(this::headers);
    router.get("/ui/assets/:file").handler(this::serveAsset);
    router.get("/ui/login").handler(this::loginPage);
    router.post("/ui/login").handler(this::login);
    router.route("/ui/*").handler(this::authenticate);
    router.post("/ui/*").handler(this::checkCsrf);
    router.post("/ui/logout").handler(this::logout);
    router.get("/ui/").handler(this::home);
    router.get("/ui/namespace").handler(this::switchNamespace);
    router.get("/ui/workflows").handler(page(this::workflows));
    router.get("/ui/namespaces/:ns/runs").handler(page(ctx -> runs(ctx, "runs.html")));
    router.get("/ui/namespaces/:ns/runs/live").handler(this::indexLive);
    router.get("/ui/namespaces/:ns/runs/rows").handler(page(ctx -> runs(ctx, "rows.html")));
    router.get("/ui/namespaces/:ns/runs/counts").handler(page(this::counts));
    router.get("/ui/namespaces/:ns/runs/:id").handler(page(ctx -> run(ctx, "run.html")));
    router.get("/ui/namespaces/:ns/runs/:id/panel").handler(page(ctx -> run(ctx, "panel.html")));
    router.get("/ui/namespaces/:ns/runs/:id/live").handler(this::runLive);
    router.get("/ui/namespaces/:ns/runs/:id/events/:seq").handler(page(this::event));
    router.post("/ui/namespaces/:ns/runs/:id/cancel").handler(page(this::cancel));
    router.post("/ui/namespaces/:ns/runs/:id/signal").handler(page(this::signal));
    router.route("/ui/*").handler(ctx -> message(ctx, 404, "Not found", "no such page", null));
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private void asset(String name, String resource) {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing observer asset " + resource);
      }
      assets.put(name, Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serveAsset(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    Buffer body = assets.get(file);
    if (body == null) {
      message(ctx, 404, "Not found", "no such asset", null);
      return;
    }
    ctx.response()
        .putHeader(
            "Content-Type",
            file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=3600")
        .end(body);
  }

  private void headers(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader("Location", to).end();
  }

  /** A page handler: its failure becomes a page (404 for a missing run), never a stack trace. */
  private Function<RoutingContext, Void> noop() {
    return ctx -> null;
  }

  private io.vertx.core.Handler<RoutingContext> page(Function<RoutingContext, Future<Void>> route) {
    return ctx -> {
      Future<Void> done;
      try {
        done = route.apply(ctx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onFailure(err -> failed(ctx, err));
    };
  }

  private void failed(RoutingContext ctx, Throwable err) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (err instanceof RunNotFound nf) {
      message(ctx, 404, "Not found", "no run '" + nf.runId() + "' in this namespace", null);
    } else if (err instanceof Forbidden f) {
      message(ctx, 403, "Forbidden", f.getMessage(), null);
    } else if (err instanceof BadInput b) {
      message(ctx, 400, "Bad request", b.getMessage(), null);
    } else {
      message(ctx, 503, "Unavailable", "the engine could not answer: " + err.getMessage(), null);
    }
  }

  private void message(RoutingContext ctx, int status, String heading, String text, String back) {
    Map<String, Object> data = base(ctx);
    data.put("heading", heading);
    data.put("message", text);
    data.put("back", back);
    render(ctx, status, "message.html", data);
  }

  private Map<String, Object> base(RoutingContext ctx) {
    Map<String, Object> data = new HashMap<>();
    Session s = ctx.get("session");
    if (s != null) {
      ApiKey k = s.apiKey();
      Map<String, Object> who = new HashMap<>();
      who.put("keyId", k.id());
      who.put("role", k.role().name().toLowerCase(java.util.Locale.ROOT));
      who.put("namespaces", String.join(",", new java.util.TreeSet<>(k.namespaces())));
      data.put("session", who);
      data.put("csrf", sessions.csrf(s));
      data.put("canWrite", k.role().allows(Role.WRITER));
      data.put("namespace", homeNamespace(k));
    } else {
      data.put("session", null);
      data.put("canWrite", false);
    }
    return data;
  }

  private void render(RoutingContext ctx, int status, String template, Map<String, Object> data) {
    templates
        .render(data, TEMPLATES + template)
        .onSuccess(
            html -> {
              if (!ctx.response().ended()) {
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(html);
              }
            })
        .onFailure(
            err -> {
              if (!ctx.response().ended()) {
                ctx.response()
                    .setStatusCode(500)
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("the page could not be rendered");
              }
            });
  }

  private static String homeNamespace(ApiKey key) {
    if (key.covers(RunRef.DEFAULT_NAMESPACE)) {
      return RunRef.DEFAULT_NAMESPACE;
    }
    return key.namespaces().stream()
        .filter(n -> !"*".equals(n))
        .sorted()
        .findFirst()
        .orElse("default");
  }

  // ---- sessions ---------------------------------------------------------------------------

  private void loginPage(RoutingContext ctx) {
    String once = ctx.request().getParam("once");
    if (once != null) {
      var key = links.redeem(once);
      if (key.isPresent()) {
        sessions
            .forKey(key.get())
            .ifPresentOrElse(
                s -> startSession(ctx, s),
                () -> loginForm(ctx, 401, "the login link is for a key this server no longer has"));
      } else {
        loginForm(
            ctx, 401, "the login link was used already or has expired: log in with the API key");
      }
      return;
    }
    loginForm(ctx, 200, null);
  }

  private void loginForm(RoutingContext ctx, int status, String error) {
    Map<String, Object> data = base(ctx);
    data.put("error", error);
    render(ctx, status, "login.html", data);
  }

  private void login(RoutingContext ctx) {
    String key = ctx.request().getFormAttribute("apiKey");
    sessions
        .open(key)
        .ifPresentOrElse(
            s -> startSession(ctx, s), () -> loginForm(ctx, 401, "that is not a valid API key"));
  }

  private void startSession(RoutingContext ctx, Session s) {
    ctx.response()
        .addCookie(
            Cookie.cookie(Sessions.COOKIE, s.cookie())
                .setPath("/ui/")
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.STRICT)
                .setMaxAge(sessions.ttl().toSeconds()));
    redirect(ctx, "/ui/");
  }

  private void logout(RoutingContext ctx) {
    ctx.response()
        .addCookie(
            Cookie.cookie(Sessions.COOKIE, "")
                .setPath("/ui/")
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.STRICT)
                .setMaxAge(0));
    redirect(ctx, "/ui/login");
  }

  private void authenticate(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
    var session = sessions.verify(cookie == null ? null : cookie.getValue());
    if (session.isEmpty()) {
      if ("GET".equals(ctx.request().method().name())
          && ctx.request().getHeader("HX-Request") == null) {
        redirect(ctx, "/ui/login");
      } else {
        ctx.response().putHeader("HX-Redirect", "/ui/login");
        message(ctx, 401, "Logged out", "the session ended: log in again", "/ui/login");
      }
      return;
    }
    ctx.put("session", session.get());
    ctx.next();
  }

  private void checkCsrf(RoutingContext ctx) {
    Session s = ctx.get("session");
    String token = ctx.request().getFormAttribute("csrf");
    if (token == null) {
      token = ctx.request().getHeader("X-CSRF-Token");
    }
    if (!sessions.csrfMatches(s, token)) {
      message(ctx, 403, "Forbidden", "missing or wrong CSRF token: reload the page", null);
      return;
    }
    ctx.next();
  }

  private void home(RoutingContext ctx) {
    Session s = ctx.get("session");
    redirect(ctx, "/ui/namespaces/" + homeNamespace(s.apiKey()) + "/runs");
  }

  private void switchNamespace(RoutingContext ctx) {
    String ns = ctx.request().getParam("ns");
    if (ns == null || !NAMESPACE.matcher(ns.strip()).matches()) {
      message(
          ctx, 400, "Bad request", "a namespace is 1-63 of a-z 0-9 - starting with a letter", null);
      return;
    }
    redirect(ctx, "/ui/namespaces/" + ns.strip() + "/runs");
  }

  /** The page's namespace, checked against the session's key (403 when it does not cover it). */
  private String namespace(RoutingContext ctx, Role role) {
    String ns = ctx.pathParam("ns");
    if (ns == null || !NAMESPACE.matcher(ns).matches()) {
      throw new BadInput("not a namespace: " + ns);
    }
    ApiKey key = ((Session) ctx.get("session")).apiKey();
    if (!key.covers(ns)) {
      throw new Forbidden("the API key is not valid for namespace " + ns);
    }
    if (!key.role().allows(role)) {
      throw new Forbidden(
          "this needs the " + role.name().toLowerCase(java.util.Locale.ROOT) + " role");
    }
    return ns;
  }

  private static String runId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !RUN_ID.matcher(id).matches()) {
      throw new RunNotFound(id == null ? "" : id);
    }
    return id;
  }

  static final class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message, null, false, false);
    }
  }

  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message, null, false, false);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- the runs index -----------------------------------------------------------------------

  private Future<Void> runs(RoutingContext ctx, String template) {
    String ns = namespace(ctx, Role.READER);
    MultiMap params = ctx.queryParams();
    Map<String, Object> filter = new HashMap<>();
    RunQuery query = RunQuery.in(ns).withLimit(PAGE);
    StringBuilder kept = new StringBuilder();
    String error = null;
    try {
      String state = params.get("state");
      if (state != null && !state.isBlank()) {
        query = query.withStates(Set.of(RunState.fromWireName(state)));
        keep(kept, "state", state);
      }
      filter.put("state", state == null ? "" : state);
      String workflow = params.get("workflow");
      if (workflow != null && !workflow.isBlank()) {
        query = query.withWorkflowType(workflow.strip());
        keep(kept, "workflow", workflow.strip());
      }
      filter.put("workflow", workflow == null ? "" : workflow);
      String prefix = params.get("prefix");
      if (prefix != null && !prefix.isBlank()) {
        query = query.withIdPrefix(prefix.strip());
        keep(kept, "prefix", prefix.strip());
      }
      filter.put("prefix", prefix == null ? "" : prefix);
      String attr = params.get("attr");
      if (attr != null && !attr.isBlank()) {
        int eq = attr.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("an attribute filter is name=value");
        }
        query =
            query.withAttributes(
                Map.of(attr.substring(0, eq).strip(), attrValue(attr.substring(eq + 1).strip())));
        keep(kept, "attr", attr);
      }
      filter.put("attr", attr == null ? "" : attr);
      String from = params.get("from");
      String before = params.get("before");
      if ((from != null && !from.isBlank()) || (before != null && !before.isBlank())) {
        query =
            query.withCreated(
                from == null || from.isBlank() ? null : Instant.parse(from.strip()),
                before == null || before.isBlank() ? null : Instant.parse(before.strip()));
        if (from != null && !from.isBlank()) {
          keep(kept, "from", from.strip());
        }
        if (before != null && !before.isBlank()) {
          keep(kept, "before", before.strip());
        }
      }
      filter.put("from", from == null ? "" : from);
      filter.put("before", before == null ? "" : before);
      String cursor = params.get("cursor");
      if (cursor != null && !cursor.isBlank()) {
        query = query.withCursor(cursor);
      }
    } catch (DateTimeParseException e) {
      error = "times are ISO instants, like 2026-12-01T00:00:00Z";
    } catch (RuntimeException e) {
      error = e.getMessage();
    }
    Map<String, Object> data = base(ctx);
    data.put("namespace", ns);
    data.put("filter", filter);
    data.put("states", states());
    data.put(
        "namespaces",
        ((Session) ctx.get("session"))
            .apiKey().namespaces().stream().filter(n -> !"*".equals(n)).sorted().toList());
    data.put("error", error);
    String base = "/ui/namespaces/" + enc(ns) + "/runs";
    String filters = kept.toString();
    String cursorParam = params.get("cursor");
    data.put(
        "rowsUrl",
        base + "/rows?" + filters + (cursorParam == null ? "" : "&cursor=" + enc(cursorParam)));
    data.put("liveUrl", base + "/live");
    data.put("countsUrl", base + "/counts");
    Continuum client = engine.client().inNamespace(ns);
    if (error != null) {
      data.put("runs", List.of());
      data.put("nextUrl", null);
      render(ctx, 400, template, data);
      return Future.succeededFuture();
    }
    return client
        .query(query)
        .map(
            page -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              for (RunDescription d : page.runs()) {
                rows.add(RunView.describe(d));
              }
              data.put("runs", rows);
              data.put(
                  "nextUrl",
                  page.nextCursor() == null
                      ? null
                      : base + "?" + filters + "&cursor=" + enc(page.nextCursor()));
              render(ctx, 200, template, data);
              return null;
            });
  }

  // Counting a namespace's runs reads every one of them (150 ms for a million): the index loads
  // the counts as a fragment of their own, and each node recounts a namespace at most every
  // COUNTS_FOR. Only this context reads and writes the map.
  private Future<Void> counts(RoutingContext ctx) {
    String ns = namespace(ctx, Role.READER);
    Counted known = counted.get(ns);
    long now = System.nanoTime();
    Future<Counted> counts =
        known != null && now - known.atNanos() < COUNTS_FOR.toNanos()
            ? Future.succeededFuture(known)
            : engine
                .client()
                .inNamespace(ns)
                .countByState()
                .map(
                    c -> {
                      var fresh = new Counted(c, now, java.time.Instant.now());
                      counted.put(ns, fresh);
                      return fresh;
                    });
    return counts.map(
        c -> {
          List<Map<String, Object>> list = new ArrayList<>();
          c.counts()
              .forEach(
                  (state, n) -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("state", state.wireName());
                    m.put("count", n);
                    list.add(m);
                  });
          Map<String, Object> data = new HashMap<>();
          data.put("counts", list);
          data.put("countedAt", RunView.time(c.at()));
          render(ctx, 200, "counts.html", data);
          return null;
        });
  }

  private record VersionFacts(
      io.continuum.RunPage drifted, Map<String, Long> pinned, Map<String, List<String>> nodes) {}

  private static Map<String, List<String>> nodesByVersion(
      Map<String, List<io.continuum.journal.LoadedVersion>> byNode) {
    Map<String, List<String>> nodes = new HashMap<>();
    byNode.forEach(
        (node, versions) ->
            versions.forEach(
                v ->
                    nodes
                        .computeIfAbsent(
                            v.workflowType() + "@" + v.versionHash(), k -> new ArrayList<>())
                        .add(node)));
    nodes.values().forEach(java.util.Collections::sort);
    return nodes;
  }

  private record Counted(Map<RunState, Long> counts, long atNanos, java.time.Instant at) {}

  private static void keep(StringBuilder kept, String name, String value) {
    if (kept.length() > 0) {
      kept.append('&');
    }
    kept.append(name).append('=').append(enc(value));
  }

  private static Object attrValue(String text) {
    try {
      JsonNode node = STRICT.readTree(text);
      if (node.isNumber() || node.isBoolean() || node.isTextual()) {
        return STRICT.treeToValue(node, Object.class);
      }
    } catch (IOException e) {
      // not JSON: the value is the text itself
    }
    return text;
  }

  private static List<String> states() {
    List<String> states = new ArrayList<>();
    for (RunState s : RunState.values()) {
      states.add(s.wireName());
    }
    return states;
  }

  // ---- a run --------------------------------------------------------------------------------

  private Future<Void> run(RoutingContext ctx, String template) {
    String ns = namespace(ctx, Role.READER);
    String id = runId(ctx);
    Continuum client = engine.client().inNamespace(ns);
    Integer after = intParam(ctx, "after");
    return client
        .getRun(id)
        .compose(
            d ->
                Future.all(
                        fullHistory(client, d.runId(), 0, new ArrayList<>()),
                        client.pendingWork(d.runId()),
                        engine.journal().nodeVersions())
                    .map(
                        all ->
                            new RunData(
                                d,
                                all.resultAt(0),
                                all.resultAt(1),
                                nodesByVersion(all.resultAt(2)).keySet())))
        .map(
            e -> {
              RunDescription d = e.description();
              List<HistoryEvent> history = e.history();
              Map<String, Object> data = base(ctx);
              data.put("namespace", ns);
              data.put("run", RunView.describe(d));
              List<RunView.Pending> pending = RunView.pending(history, e.work());
              data.put("mailbox", RunView.mailbox(e.work()));
              data.put("why", RunView.why(d, pending, e.runnable()));
              List<Map<String, Object>> p = new ArrayList<>();
              pending.forEach(x -> p.add(x.view()));
              data.put("pending", p);
              data.put("children", RunView.children(history));
              data.put("successor", RunView.successor(history));
              data.put("input", RunView.input(history));
              int from = after == null ? Math.max(0, history.size() - TIMELINE_PAGE) : after;
              int to = Math.min(history.size(), from + TIMELINE_PAGE);
              data.put("timeline", RunView.timeline(history.subList(Math.min(from, to), to)));
              String runUrl = "/ui/namespaces/" + enc(ns) + "/runs/" + enc(d.runId());
              data.put(
                  "timelinePrev",
                  from > 0 ? runUrl + "?after=" + Math.max(0, from - TIMELINE_PAGE) : null);
              data.put("timelineNext", to < history.size() ? runUrl + "?after=" + to : null);
              data.put("panelUrl", runUrl + "/panel" + (after == null ? "" : "?after=" + after));
              data.put("liveUrl", runUrl + "/live");
              data.put("cancelUrl", runUrl + "/cancel");
              data.put("signalUrl", runUrl + "/signal");
              render(ctx, 200, template, data);
              return null;
            });
  }

  private record RunData(
      RunDescription description,
      List<HistoryEvent> history,
      PendingWork work,
      Set<String> runnable) {}

  private static Integer intParam(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new BadInput(name + " must be >= 0");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadInput(name + " must be a number");
    }
  }

  private static Future<List<HistoryEvent>> fullHistory(
      Continuum client, String id, int after, List<HistoryEvent> into) {
    return client
        .history(id, after, HISTORY_READ)
        .compose(
            page -> {
              into.addAll(page);
              return page.size() < HISTORY_READ
                  ? Future.succeededFuture(into)
                  : fullHistory(client, id, page.get(page.size() - 1).seq(), into);
            });
  }

  private Future<Void> event(RoutingContext ctx) {
    String ns = namespace(ctx, Role.READER);
    String id = runId(ctx);
    Integer seq = intParam(ctx, "seq");
    Continuum client = engine.client().inNamespace(ns);
    return client
        .history(id, seq - 1, 1)
        .map(
            events -> {
              if (events.isEmpty() || events.get(0).seq() != seq) {
                message(ctx, 404, "Not found", "run '" + id + "' has no event " + seq, null);
                return null;
              }
              Map<String, Object> data = base(ctx);
              data.put("namespace", ns);
              data.put("runId", id);
              data.put("seq", seq);
              data.put("runUrl", "/ui/namespaces/" + enc(ns) + "/runs/" + enc(id));
              data.put("json", RunView.fullEvent(events.get(0)));
              render(ctx, 200, "event.html", data);
              return null;
            });
  }

  private Future<Void> cancel(RoutingContext ctx) {
    String ns = namespace(ctx, Role.WRITER);
    String id = runId(ctx);
    return engine
        .client()
        .inNamespace(ns)
        .cancel(id)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                action(ctx, 200, true, "cancelled: run " + id + " is cancelled");
              } else if (ar.cause() instanceof RunTerminal t) {
                action(
                    ctx,
                    409,
                    false,
                    "not cancelled: the run already ended " + t.state().wireName());
              } else {
                return Future.failedFuture(ar.cause());
              }
              return Future.succeededFuture();
            });
  }

  private Future<Void> signal(RoutingContext ctx) {
    String ns = namespace(ctx, Role.WRITER);
    String id = runId(ctx);
    String name = ctx.request().getFormAttribute("signalName");
    String payload = ctx.request().getFormAttribute("payload");
    if (name == null || !SIGNAL.matcher(name.strip()).matches()) {
      action(ctx, 400, false, "a signal name is 1 to 128 of A-Z a-z 0-9 . _ : -");
      return Future.succeededFuture();
    }
    JsonNode body;
    try {
      if (payload == null || payload.isBlank()) {
        payload = "null";
      }
      if (payload.length() > MAX_PAYLOAD) {
        throw new IOException("the body is larger than 256 KiB");
      }
      body = STRICT.readTree(payload);
      if (!finite(body)) {
        throw new IOException("numbers must be finite");
      }
    } catch (IOException e) {
      action(
          ctx,
          400,
          false,
          "not sent: the body is not valid JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
      return Future.succeededFuture();
    }
    String signal = name.strip();
    return engine
        .client()
        .inNamespace(ns)
        .signal(id, signal, body)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                action(ctx, 200, true, "signal '" + signal + "' delivered to " + id);
              } else if (ar.cause() instanceof RunTerminal t) {
                action(ctx, 409, false, "not sent: the run already ended " + t.state().wireName());
              } else {
                return Future.failedFuture(ar.cause());
              }
              return Future.succeededFuture();
            });
  }

  private static boolean finite(JsonNode node) {
    if (node.isFloatingPointNumber() || node.isBigDecimal()) {
      return Double.isFinite(node.doubleValue());
    }
    for (JsonNode child : node) {
      if (!finite(child)) {
        return false;
      }
    }
    return true;
  }

  private void action(RoutingContext ctx, int status, boolean ok, String message) {
    Map<String, Object> data = new HashMap<>();
    data.put("ok", ok);
    data.put("message", message);
    render(ctx, status, "action.html", data);
  }

  // ---- live updates ---------------------------------------------------------------------------

  private void indexLive(RoutingContext ctx) {
    String ns;
    try {
      ns = namespace(ctx, Role.READER);
    } catch (RuntimeException e) {
      failed(ctx, e);
      return;
    }
    stream(ctx, Addresses.RUNS_EVENTS, body -> ns.equals(body.getString("namespace")));
  }

  private void runLive(RoutingContext ctx) {
    String ns;
    String id;
    try {
      ns = namespace(ctx, Role.READER);
      id = runId(ctx);
    } catch (RuntimeException e) {
      failed(ctx, e);
      return;
    }
    stream(ctx, Addresses.runStatus(RunRef.of(ns, id)), body -> true);
  }

  /** An SSE stream that says "changed" whenever a matching notification arrives. */
  private void stream(
      RoutingContext ctx, String address, java.util.function.Predicate<JsonObject> matches) {
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": live\n\n");
    MessageConsumer<JsonObject> consumer =
        vertx
            .eventBus()
            .consumer(
                address,
                m -> {
                  if (matches.test(m.body()) && !response.closed()) {
                    response.write(
                        "event: changed\ndata: " + m.body().getInteger("seq", 0) + "\n\n");
                  }
                });
    long keepAlive =
        vertx.setPeriodic(
            15_000,
            t -> {
              if (!response.closed()) {
                response.write(": keep-alive\n\n");
              }
            });
    response.closeHandler(
        v -> {
          vertx.cancelTimer(keepAlive);
          consumer.unregister();
        });
  }

  // ---- workflows --------------------------------------------------------------------------

  private Future<Void> workflows(RoutingContext ctx) {
    Session s = ctx.get("session");
    ApiKey key = s.apiKey();
    if (!key.role().allows(Role.READER)) {
      throw new Forbidden("this needs the reader role");
    }
    String ns = homeNamespace(key);
    Continuum client = engine.client().inNamespace(ns);
    return client
        .query(RunQuery.in(ns).withStates(Set.of(RunState.DRIFTED)).withLimit(100))
        .compose(
            drifted ->
                Future.all(client.openRunsByVersion(), engine.journal().nodeVersions())
                    .map(
                        all ->
                            new VersionFacts(
                                drifted, all.resultAt(0), nodesByVersion(all.resultAt(1)))))
        .map(
            e -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              Set<String> newest = new HashSet<>();
              for (WorkflowDefinition def : engine.workflows()) {
                newest.add(def.type() + "@" + def.versionHash());
              }
              for (WorkflowDefinition v : engine.workflowVersions()) {
                String version = v.type() + "@" + v.versionHash();
                Map<String, Object> m = new HashMap<>();
                m.put("type", v.type());
                m.put("version", v.versionHash() == null ? "unversioned" : v.versionHash());
                m.put("className", v.workflowClass().getName());
                m.put("newest", newest.contains(v.type() + "@" + v.versionHash()));
                m.put("node", String.join(", ", e.nodes().getOrDefault(version, List.of())));
                m.put("pinned", e.pinned().getOrDefault(version, 0L));
                rows.add(m);
              }
              List<Map<String, Object>> drifted = new ArrayList<>();
              for (RunDescription d : e.drifted().runs()) {
                Map<String, Object> m = RunView.describe(d);
                drifted.add(m);
              }
              Map<String, Object> data = base(ctx);
              data.put("workflows", rows);
              data.put("drifted", drifted);
              render(ctx, 200, "workflows.html", data);
              return null;
            });
  }
}
