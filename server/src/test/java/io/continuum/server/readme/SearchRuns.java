package io.continuum.server.readme;

import io.continuum.Continuum;
import io.continuum.RunPage;
import io.continuum.RunQuery;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.runtime.Engine;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;

public final class SearchRuns {

  /** Starts a greeting in namespace "billing", tags it, and finds it again by its attributes. */
  public static Future<RunPage> tagAndFind(Engine engine) {
    Continuum billing = engine.client().inNamespace("billing"); // run ids are per namespace:
    // "greet-grace" here and in "default" are two runs, and each client sees only its own
    return billing
        .start(
            GreetingApp.Greet.class,
            "Grace",
            StartOptions.withId("greet-grace")
                .withAttributes(Map.of("customer", "grace", "priority", 2)))
        .compose(run -> billing.setAttributes("greet-grace", Map.of("reviewed", true)))
        .compose(
            tagged -> {
              RunQuery query =
                  RunQuery.in("billing")
                      .withStates(Set.of(RunState.SUSPENDED, RunState.COMPLETED))
                      .withAttributes(Map.of("customer", "grace"))
                      .withLimit(50);
              return billing.query(query); // then query.withCursor(page.nextCursor()) for more
            });
  }
}
