package io.continuum.server;

import io.continuum.Continuum;
import io.continuum.RunDescription;
import io.continuum.runtime.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@code continuum dev} tells its user as it happens: one line per failed activity attempt
 * (and whether and when it is retried), per failed run and per run parked as drifted, read from the
 * engine's event-bus notifications. {@code dev --quiet} does without it.
 *
 * <pre>{@code
 * 14:02:11 activity orders.charge-payment of run o-1 failed (attempt 1 of 5): PaymentDeclined: ...
 * 14:02:11 run o-1 (orders.checkout) failed: PaymentDeclined: order o-1: amount ... exceeds ...
 * }</pre>
 */
final class DevReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Supplier<Continuum> client;
  private final Consumer<String> say;
  private final List<MessageConsumer<JsonObject>> consumers;

  private DevReport(Vertx vertx, Supplier<Continuum> client, Consumer<String> say) {
    this.client = client;
    this.say = say;
    this.consumers =
        List.of(
            vertx.eventBus().consumer(Addresses.ACTIVITY_FAILURES, m -> activity(m.body())),
            vertx.eventBus().consumer(Addresses.RUNS_FINISHED, m -> finished(m.body())),
            vertx.eventBus().consumer(Addresses.RUNS_EVENTS, m -> step(m.body())));
  }

  /** Starts reporting; completes once every subscription is in place. */
  static Future<DevReport> start(Vertx vertx, Supplier<Continuum> client, Consumer<String> say) {
    var report = new DevReport(vertx, client, say);
    return Future.all(report.consumers.stream().map(MessageConsumer::completion).toList())
        .map(v -> report);
  }

  private void activity(JsonObject f) {
    JsonObject error = f.getJsonObject("error", new JsonObject());
    String retryAt = f.getString("retryAt");
    say.accept(
        time(f.getString("at"))
            + " activity "
            + f.getString("activity")
            + " of run "
            + f.getString("runId")
            + " failed (attempt "
            + f.getInteger("attempt")
            + " of "
            + f.getInteger("maxAttempts")
            + "): "
            + error(error.getString("type"), error.getString("message"))
            + (retryAt == null ? "; no attempt left" : "; retry at " + time(retryAt)));
  }

  private void finished(JsonObject run) {
    if ("failed".equals(run.getString("state"))) {
      describe(run, d -> "failed: " + error(d.failure().type(), d.failure().message()));
    }
  }

  private void step(JsonObject run) {
    if ("drifted".equals(run.getString("state"))) {
      describe(run, d -> "drifted (parked until code that replays is deployed): " + d.drift());
    }
  }

  private void describe(JsonObject run, java.util.function.Function<RunDescription, String> how) {
    String at = time(run.getString("at"));
    client
        .get()
        .inNamespace(run.getString("namespace"))
        .getRun(run.getString("runId"))
        .onSuccess(
            d ->
                say.accept(
                    at + " run " + d.runId() + " (" + d.workflowType() + ") " + how.apply(d)));
  }

  private static String error(String type, String message) {
    String simple = type == null ? "" : type.substring(type.lastIndexOf('.') + 1);
    return simple.isEmpty() ? String.valueOf(message) : simple + ": " + message;
  }

  private static String time(String iso) {
    try {
      return TIME.format(Instant.parse(iso));
    } catch (RuntimeException e) {
      return String.valueOf(iso);
    }
  }
}
