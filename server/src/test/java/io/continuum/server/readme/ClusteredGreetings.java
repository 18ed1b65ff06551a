package io.continuum.server.readme;

import io.continuum.cluster.ClusterOptions;
import io.continuum.cluster.ContinuumCluster;
import io.continuum.pg.PgJournal;
import io.continuum.pg.PgJournalOptions;
import io.continuum.runtime.Engine;
import io.continuum.runtime.EngineOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.List;

/** One member of a cluster of greeting nodes: run it on every machine with its own address. */
public final class ClusteredGreetings {
  private final Vertx vertx;
  private final PgJournal journal;
  private final Engine engine;

  private ClusteredGreetings(Vertx vertx, PgJournal journal, Engine engine) {
    this.vertx = vertx;
    this.journal = journal;
    this.engine = engine;
  }

  /** Joins the cluster, then deploys the engine into the clustered Vert.x. */
  public static Future<ClusteredGreetings> join(
      ClusterOptions cluster, PgConnectOptions database, String nodeId) {
    return ContinuumCluster.start(cluster)
        .compose(
            vertx ->
                PgJournal.create(vertx, database, PgJournalOptions.defaults())
                    .compose(
                        journal -> {
                          Engine engine =
                              Engine.builder()
                                  .journal(journal)
                                  .options(EngineOptions.defaults().withNodeId(nodeId))
                                  .workflow(GreetingApp.Greet.class)
                                  .activity(new GreetingApp.ComposeGreeting())
                                  .build();
                          return engine
                              .deploy(vertx)
                              .map(e -> new ClusteredGreetings(vertx, journal, engine));
                        }));
  }

  public Engine engine() {
    return engine;
  }

  /** Stops the engine (its leases go back), closes the journal, then leaves the cluster. */
  public Future<Void> leave() {
    return engine.undeploy().compose(v -> journal.close()).compose(v -> vertx.close());
  }

  public static void main(String[] args) {
    // java ... ClusteredGreetings 10.0.0.5 node-a    (and 10.0.0.6 node-b on the other machine)
    var cluster =
        ClusterOptions.defaults()
            .withClusterName("greetings")
            .withHost(args[0])
            .withMembers(List.of("10.0.0.5:5701", "10.0.0.6:5701"));
    var database = PgConnectOptions.fromUri("postgresql://greeter:secret@db:5432/greetings");
    join(cluster, database, args[1])
        .onSuccess(node -> System.out.println("node " + args[1] + " joined"))
        .onFailure(err -> System.err.println("cannot join: " + err));
  }
}
