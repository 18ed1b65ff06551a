package io.continuum.observer;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.RetryPolicy;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.http.ApiKeys;
import io.continuum.http.HttpApiOptions;
import io.continuum.http.HttpApiVerticle;
import io.continuum.http.Role;
import io.continuum.journal.Journal;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An engine with the REST API and the observer on one port, the test workflows, and one key per
 * kind of person: {@link #admin} (everything), {@link #reader} (reads {@code default}) and {@link
 * #billing} (a writer of {@code billing} only).
 */
final class ObserverServer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final Vertx vertx = Vertx.vertx();
  final Engine engine;
  final ObserverUi ui;
  final ApiKeys.Generated admin = ApiKeys.generate(Role.ADMIN, Set.of("*"));
  final ApiKeys.Generated reader = ApiKeys.generate(Role.READER, Set.of("default"));
  final ApiKeys.Generated billing = ApiKeys.generate(Role.WRITER, Set.of("billing"));
  private final HttpApiVerticle api;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Waits for an "approval" signal and returns its body; its input becomes an attribute. */
  @WorkflowType("ui.approve")
  public static final class Approve implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String order) {
      ctx.setAttributes(Map.of("order", order));
      return "approved " + order + " by " + ctx.awaitSignal("approval", Map.class).get("by");
    }
  }

  /** Charges through an activity that always fails, retried after an hour. */
  @WorkflowType("ui.charge")
  public static final class Charge implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activity(
          Decline.class,
          in,
          ActivityOptions.defaults()
              .withRetry(
                  RetryPolicy.defaults()
                      .withMaxAttempts(3)
                      .withInitialBackoff(Duration.ofHours(1))
                      .withMaxBackoff(Duration.ofHours(1))));
    }
  }

  /** Fails every attempt. */
  public static final class Decline implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String in) {
      throw new IllegalStateException("card declined for " + in);
    }
  }

  @WorkflowType("ui.echo")
  public static final class Echo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return "echo:" + in;
    }
  }

  ObserverServer(Function<Vertx, Journal> journal) {
    var keys = ApiKeys.of(List.of(admin.key(), reader.key(), billing.key()));
    engine =
        Engine.builder()
            .journal(journal.apply(vertx))
            .workflow(Approve.class)
            .workflow(Echo.class)
            .workflow(Charge.class)
            .activity(new Decline())
            .options(EngineOptions.defaults().withNodeId("ui-test"))
            .build();
    join(engine.deploy(vertx));
    ui =
        ObserverUi.create(
            engine, ObserverOptions.defaults().withApiKeys(keys).withSecureCookies(false));
    api =
        new HttpApiVerticle(
            engine,
            HttpApiOptions.defaults().withHost("127.0.0.1").withPort(0).withApiKeys(keys),
            List.of(ui));
    join(vertx.deployVerticle(api));
  }

  String url(String path) {
    return "http://127.0.0.1:" + api.actualPort() + path;
  }

  /** A request without a browser, with the given cookie header (or none). */
  HttpResponse<String> send(String method, String path, String cookie, String form) {
    var b = HttpRequest.newBuilder(URI.create(url(path))).timeout(WAIT);
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    b.method(
        method,
        form == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(form));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static <T> T join(Future<T> f) {
    try {
      return f.toCompletionStage()
          .toCompletableFuture()
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    join(engine.undeploy());
    join(vertx.close());
  }
}
