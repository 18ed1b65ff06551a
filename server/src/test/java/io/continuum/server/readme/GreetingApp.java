package io.continuum.server.readme;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.ActivityType;
import io.continuum.RunHandle;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.http.ApiKeys;
import io.continuum.http.HttpApiOptions;
import io.continuum.http.HttpApiVerticle;
import io.continuum.http.Role;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Set;

public final class GreetingApp {

  /** An activity: everything with a side effect (I/O, a call to another service) goes in one. */
  @ActivityType("greetings.compose")
  public static final class ComposeGreeting implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      // ctx.idempotencyKey() is the same on every attempt: pass it to the service you call
      return "Hello, " + name + "!";
    }
  }

  /** A workflow: deterministic code; every effect is journaled, so a run survives restarts. */
  @WorkflowType("greetings.greet")
  public static final class Greet implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      ctx.sleep(Duration.ofMillis(100)); // durable: a restart does not start the wait over
      return ctx.activity(
          ComposeGreeting.class, name, ActivityOptions.defaults().withMaxAttempts(3));
    }
  }

  /** Runs one greeting on the engine and the journal, then shuts both down in order. */
  public static Future<String> greet(Vertx vertx, PgConnectOptions db, String name) {
    return PgJournal.create(vertx, db, PgJournalOptions.defaults().withAutoMigrate(true))
        .compose(
            journal ->
                Engine.builder()
                    .journal(journal)
                    .workflow(Greet.class)
                    .activity(new ComposeGreeting())
                    .options(EngineOptions.defaults().withNodeId("node-a"))
                    .build()
                    .deploy(vertx)
                    .compose(
                        engine ->
                            engine
                                .client()
                                .start(Greet.class, name, StartOptions.withId("greet-" + name))
                                .compose(RunHandle::result)
                                // steps in flight finish, every lease is released
                                .eventually(engine::undeploy))
                    // then the journal's pool and its LISTEN connection
                    .eventually(journal::close));
  }

  /** The same engine, serving the REST API on port 8080 with one admin key (printed once). */
  public static Future<Engine> serve(Vertx vertx, PgConnectOptions db) {
    ApiKeys.Generated admin = ApiKeys.generate(Role.ADMIN, Set.of("*"));
    System.out.println("api-key: " + admin.plainText());
    return PgJournal.create(vertx, db, PgJournalOptions.defaults().withAutoMigrate(true))
        .compose(
            journal ->
                Engine.builder()
                    .journal(journal)
                    .workflow(Greet.class)
                    .activity(new ComposeGreeting())
                    .build()
                    .deploy(vertx))
        .compose(
            engine ->
                vertx
                    .deployVerticle(
                        new HttpApiVerticle(
                            engine,
                            HttpApiOptions.defaults()
                                .withPort(8080)
                                .withApiKeys(ApiKeys.of(java.util.List.of(admin.key())))))
                    .map(id -> engine));
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    PgConnectOptions db =
        PgConnectOptions.fromUri(
            args.length > 0 ? args[0] : "postgresql://postgres@localhost:5432/postgres");
    greet(vertx, db, "Ada")
        .onSuccess(System.out::println) // Hello, Ada!
        .onFailure(Throwable::printStackTrace)
        .eventually(vertx::close);
  }
}
