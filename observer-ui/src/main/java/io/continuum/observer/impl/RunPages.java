package io.continuum.observer.impl;

import io.continuum.Continuum;
import io.continuum.PendingWork;
import io.continuum.RunDescription;
import io.continuum.RunQuery;
import io.continuum.RunState;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.http.ApiKey;
import io.continuum.http.Role;
import io.continuum.http.impl.JsonRules;
import io.continuum.observer.impl.Sessions.Session;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pages that read: the runs index (with its rows and counts fragments), a run's page (and its
 * live panel), one event in full, and the workflows page. Everything is read through the engine's
 * client confined to the page's namespace.
 */
final class RunPages {
  private static final int PAGE = 50;
  private static final int TIMELINE_PAGE = 200;
  private static final int HISTORY_READ = 1_000;
  private static final Duration COUNTS_FOR = Duration.ofSeconds(10);

  private final Engine engine;
  private final Pages pages;
  private final Map<String, Counted> counted = new HashMap<>();

  RunPages(Engine engine, Pages pages) {
    this.engine = engine;
    this.pages = pages;
  }

  Future<Void> runs(RoutingContext ctx, String template) {
    String ns = pages.namespace(ctx, Role.READER);
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
                Map.of(
                    attr.substring(0, eq).strip(),
                    JsonRules.attributeValue(attr.substring(eq + 1).strip())));
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
    Map<String, Object> data = pages.base(ctx);
    data.put("namespace", ns);
    data.put("filter", filter);
    data.put("states", states());
    data.put(
        "namespaces",
        ((Session) ctx.get("session"))
            .apiKey().namespaces().stream().filter(n -> !"*".equals(n)).sorted().toList());
    data.put("error", error);
    String base = "/ui/namespaces/" + Pages.enc(ns) + "/runs";
    String filters = kept.toString();
    String cursorParam = params.get("cursor");
    data.put(
        "rowsUrl",
        base
            + "/rows?"
            + filters
            + (cursorParam == null ? "" : "&cursor=" + Pages.enc(cursorParam)));
    data.put("liveUrl", base + "/live");
    data.put("countsUrl", base + "/counts");
    Continuum client = engine.client().inNamespace(ns);
    if (error != null) {
      data.put("runs", List.of());
      data.put("nextUrl", null);
      pages.render(ctx, 400, template, data);
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
                      : base + "?" + filters + "&cursor=" + Pages.enc(page.nextCursor()));
              pages.render(ctx, 200, template, data);
              return null;
            });
  }

  // Counting a namespace's runs reads every one of them (150 ms for a million): the index loads
  // the counts as a fragment of their own, and each node recounts a namespace at most every
  // COUNTS_FOR. Only this context reads and writes the map.
  Future<Void> counts(RoutingContext ctx) {
    String ns = pages.namespace(ctx, Role.READER);
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
          pages.render(ctx, 200, "counts.html", data);
          return null;
        });
  }

  record Counted(Map<RunState, Long> counts, long atNanos, java.time.Instant at) {}

  static void keep(StringBuilder kept, String name, String value) {
    if (kept.length() > 0) {
      kept.append('&');
    }
    kept.append(name).append('=').append(Pages.enc(value));
  }

  static List<String> states() {
    List<String> states = new ArrayList<>();
    for (RunState s : RunState.values()) {
      states.add(s.wireName());
    }
    return states;
  }

  Future<Void> run(RoutingContext ctx, String template) {
    String ns = pages.namespace(ctx, Role.READER);
    String id = Pages.runId(ctx);
    Continuum client = engine.client().inNamespace(ns);
    Integer after = Pages.intParam(ctx, "after");
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
              Map<String, Object> data = pages.base(ctx);
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
              String runUrl = "/ui/namespaces/" + Pages.enc(ns) + "/runs/" + Pages.enc(d.runId());
              data.put(
                  "timelinePrev",
                  from > 0 ? runUrl + "?after=" + Math.max(0, from - TIMELINE_PAGE) : null);
              data.put("timelineNext", to < history.size() ? runUrl + "?after=" + to : null);
              data.put("panelUrl", runUrl + "/panel" + (after == null ? "" : "?after=" + after));
              data.put("liveUrl", runUrl + "/live");
              data.put("cancelUrl", runUrl + "/cancel");
              data.put("signalUrl", runUrl + "/signal");
              pages.render(ctx, 200, template, data);
              return null;
            });
  }

  record RunData(
      RunDescription description,
      List<HistoryEvent> history,
      PendingWork work,
      Set<String> runnable) {}

  static Future<List<HistoryEvent>> fullHistory(
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

  Future<Void> event(RoutingContext ctx) {
    String ns = pages.namespace(ctx, Role.READER);
    String id = Pages.runId(ctx);
    Integer seq = Pages.intParam(ctx, "seq");
    Continuum client = engine.client().inNamespace(ns);
    return client
        .history(id, seq - 1, 1)
        .map(
            events -> {
              if (events.isEmpty() || events.get(0).seq() != seq) {
                pages.message(ctx, 404, "Not found", "run '" + id + "' has no event " + seq, null);
                return null;
              }
              Map<String, Object> data = pages.base(ctx);
              data.put("namespace", ns);
              data.put("runId", id);
              data.put("seq", seq);
              data.put("runUrl", "/ui/namespaces/" + Pages.enc(ns) + "/runs/" + Pages.enc(id));
              data.put("json", RunView.fullEvent(events.get(0)));
              pages.render(ctx, 200, "event.html", data);
              return null;
            });
  }

  Future<Void> workflows(RoutingContext ctx) {
    Session s = ctx.get("session");
    ApiKey key = s.apiKey();
    if (!key.role().allows(Role.READER)) {
      throw new Pages.Forbidden("this needs the reader role");
    }
    String ns = Pages.homeNamespace(key);
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
              Map<String, Object> data = pages.base(ctx);
              data.put("workflows", rows);
              data.put("drifted", drifted);
              pages.render(ctx, 200, "workflows.html", data);
              return null;
            });
  }

  record VersionFacts(
      io.continuum.RunPage drifted, Map<String, Long> pinned, Map<String, List<String>> nodes) {}

  static Map<String, List<String>> nodesByVersion(
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
}
