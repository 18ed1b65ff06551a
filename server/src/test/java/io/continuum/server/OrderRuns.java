package io.continuum.server;

import static io.continuum.pg.engine.PgNodes.join;

import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.fixtures.Orders;
import io.continuum.journal.RunRecord;
import io.continuum.pg.engine.PgNodes;
import io.continuum.runtime.Engine;

/** Checkout runs on {@link PgNodes}: nodes with the orders activities, runs left waiting. */
final class OrderRuns {
  static final Orders.Order ORDER = new Orders.Order("o-1", 100, "x@y");

  private OrderRuns() {}

  /** A node with the orders activities and the given workflow versions, oldest first. */
  @SafeVarargs
  static PgNodes.Node node(PgNodes nodes, String id, Class<? extends Workflow<?, ?>>... workflows) {
    return nodes.start(
        id,
        b -> {
          for (var w : workflows) {
            register(b, w);
          }
          b.activity(new Orders.ReserveStock())
              .activity(new Orders.ChargeCard())
              .activity(new Orders.Ship());
        });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(Engine.Builder b, Class<? extends Workflow<?, ?>> w) {
    b.workflow((Class) w);
  }

  /** Starts runs of {@code workflow}'s version on {@code node}, and lets them reach the wait. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void start(
      PgNodes nodes, PgNodes.Node node, Class<? extends Workflow<?, ?>> workflow, String... ids) {
    for (String id : ids) {
      join(node.engine.client().start((Class) workflow, ORDER, StartOptions.withId(id)));
    }
    nodes.settle();
  }

  static RunRecord run(PgNodes nodes, String id) {
    return join(nodes.journal().run(id));
  }

  static boolean waiting(PgNodes nodes, String id) {
    return run(nodes, id).state() == RunState.SUSPENDED;
  }

  static String url(PgNodes nodes) {
    return TestDatabases.url(nodes.db);
  }
}
