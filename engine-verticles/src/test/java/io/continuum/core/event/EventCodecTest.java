package io.continuum.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.ActivityOptions;
import io.continuum.Compensation;
import io.continuum.Failure;
import io.continuum.RetryPolicy;
import io.continuum.core.payload.Payload;
import io.continuum.core.payload.PayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {
  private static final CommandId ID = new CommandId(CommandKind.ACTIVITY, "Charge", 3);
  private static final Instant AT = Instant.parse("2026-03-04T05:06:07.089Z");

  static Stream<Event> everyEvent() {
    var options =
        ActivityOptions.defaults()
            .withStartToCloseTimeout(Duration.ofSeconds(7))
            .withRetry(
                RetryPolicy.defaults()
                    .withMaxAttempts(4)
                    .withMultiplier(1.5)
                    .withNonRetryable(IllegalArgumentException.class));
    var failure = new Failure("x.Boom", "it \"broke\"\n", "at x.Y(Y.java:1)\n\tat z");
    return Stream.of(
        new Event.RunStarted(
            "run-\"1\"",
            "team-a",
            "orders.checkout",
            Payload.ofJson("{\"id\":\"o-1\",\"n\":[1,2,{\"a\":null}]}"),
            AT),
        new Event.RunStarted("p:child-kid-0", "team-a", "kid", Payload.ofJson("\"k\""), AT, "p", 3),
        new Event.ChildStarted(
            new CommandId(CommandKind.CHILD, "kid", 2), "p:child-kid-2", "ab".repeat(32)),
        new Event.ChildCompleted(2, "p:child-kid-2", Payload.ofJson("{\"ok\":true}")),
        new Event.ChildFailed(2, "p:child-kid-2", failure),
        new Event.ChildCancelled(2, "p:child-kid-2", "parent 'p' cancelled"),
        new Event.ActivityScheduled(
            ID, Payload.ofJson("\"esc\\\"aped \\u00e9 \\\\ end\""), options),
        new Event.ActivityScheduled(
            ID, Payload.ofJson("{}"), options.withCompensation(new Compensation("Refund", null))),
        new Event.ActivityScheduled(
            ID,
            Payload.ofJson("1"),
            options.withHeartbeatTimeout(java.time.Duration.ofSeconds(30))),
        new Event.CompensationScheduled(
            new CommandId(CommandKind.COMPENSATION, "Refund", 0),
            2,
            Payload.ofJson("\"ch_1\""),
            ActivityOptions.defaults()),
        new Event.CompensationCompleted(7, Payload.ofJson("{\"refund\":\"re_1\"}"), 1),
        new Event.CompensationFailed(7, failure, 5),
        new Event.TimerStarted(new CommandId(CommandKind.TIMER, "sleep", 0), AT),
        new Event.SignalAwaited(new CommandId(CommandKind.SIGNAL, "approval", 1), AT),
        new Event.SignalAwaited(new CommandId(CommandKind.SIGNAL, "approval", 2), null),
        new Event.ValueRecorded(
            new CommandId(CommandKind.RANDOM, "random", 0), Payload.ofJson("0.125")),
        new Event.ValueRecorded(
            new CommandId(CommandKind.NOW, "now", 0), Payload.ofJson("\"2026-01-01T00:00:00Z\"")),
        new Event.ValueRecorded(
            new CommandId(CommandKind.SIDE_EFFECT, "flag", 0), Payload.ofJson("true")),
        new Event.ValueRecorded(new CommandId(CommandKind.SIDE_EFFECT, "nothing", 0), Payload.NULL),
        new Event.AttributesSet(
            new CommandId(CommandKind.ATTRIBUTES, "attributes", 0), Payload.ofJson("{\"k\":[]}")),
        new Event.ActivityCompleted(2, Payload.ofJson("-12.5e3"), 2),
        new Event.ActivityFailed(2, failure, 3),
        new Event.TimerFired(4),
        new Event.SignalReceived(5, 99L, Payload.ofJson("[\"a\",\"b\"]")),
        new Event.SignalTimedOut(5),
        new Event.RunCompleted(Payload.ofJson("\"日本語 ✓\"")),
        new Event.RunFailed(failure),
        new Event.RunCancelled("operator"));
  }

  @ParameterizedTest
  @MethodSource("everyEvent")
  void everyEventSurvivesTheStoredForm(Event event) {
    assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
  }

  @Test
  void aHistorySurvivesTheGoldenFormatWithSeqAndTime() {
    List<Event> events = everyEvent().filter(e -> !(e instanceof Event.Terminal)).toList();
    List<HistoryEvent> history =
        java.util.stream.IntStream.range(0, events.size())
            .mapToObj(i -> new HistoryEvent(i + 1, AT.plusSeconds(i), events.get(i)))
            .toList();

    String json = EventCodec.encodeHistory(history);

    assertThat(EventCodec.decodeHistory(json)).isEqualTo(history);
    assertThat(json).contains("\"seq\" : 1").contains("\"type\" : \"run_started\"");
  }

  @Test
  void aCompensationIsJournaledWithItsTargetAndTheOriginalNamesIt() {
    var scheduled =
        new Event.CompensationScheduled(
            new CommandId(CommandKind.COMPENSATION, "Refund", 1),
            4,
            Payload.ofJson("\"ch_1\""),
            ActivityOptions.defaults().withMaxAttempts(3));
    String json = new String(EventCodec.encode(scheduled), StandardCharsets.UTF_8);
    assertThat(json)
        .startsWith(
            "{\"type\":\"compensation_scheduled\",\"kind\":\"compensation\",\"name\":\"Refund\","
                + "\"ordinal\":1,\"compensates\":4,\"input\":\"ch_1\",\"options\":{");
    var original =
        new Event.ActivityScheduled(
            ID, Payload.NULL, ActivityOptions.defaults().compensateWith(Refund.class));
    assertThat(new String(EventCodec.encode(original), StandardCharsets.UTF_8))
        .contains("\"compensate_with\":\"orders.refund\"");
    assertThat(
            new String(
                EventCodec.encode(new Event.CompensationFailed(5, new Failure("T", "m", "s"), 2)),
                StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"type\":\"compensation_failed\",\"cmd\":5,"
                + "\"failure\":{\"type\":\"T\",\"message\":\"m\",\"stack\":\"s\"},\"attempts\":2}");
  }

  /** Issue 17: histories journaled before heartbeat timeouts existed decode without one. */
  @Test
  void anActivityJournaledBeforeHeartbeatTimeoutsDecodesWithoutOne() {
    String old =
        "{\"type\":\"activity_scheduled\",\"kind\":\"activity\",\"name\":\"Charge\","
            + "\"ordinal\":0,\"input\":\"x\",\"options\":{\"timeout_ms\":300000,"
            + "\"max_attempts\":3,\"initial_backoff_ms\":1000,\"max_backoff_ms\":60000,"
            + "\"multiplier\":2.0,\"non_retryable\":[]}}";
    var decoded = (Event.ActivityScheduled) EventCodec.decode(old.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.options()).isEqualTo(ActivityOptions.defaults());
    assertThat(decoded.options().heartbeatTimeout()).isNull();
    var beating =
        new Event.ActivityScheduled(
            ID,
            Payload.NULL,
            ActivityOptions.defaults().withHeartbeatTimeout(java.time.Duration.ofSeconds(30)));
    assertThat(new String(EventCodec.encode(beating), StandardCharsets.UTF_8))
        .contains("\"heartbeat_timeout_ms\":30000");
    assertThat(new String(EventCodec.encode(decoded), StandardCharsets.UTF_8))
        .doesNotContain("heartbeat");
  }

  @io.continuum.ActivityType("orders.refund")
  static final class Refund implements io.continuum.Activity<String, String> {
    @Override
    public String execute(io.continuum.ActivityContext ctx, String chargeId) {
      return chargeId;
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{\"type\":\"nope\"}",
        "{\"type\":\"timer_fired\"",
        "{\"kind\":\"activity\"}"
      })
  void garbageIsATypedError(String stored) {
    assertThatThrownBy(
            () -> EventCodec.decode(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(PayloadException.class);
  }

  @Test
  void aGoldenHistoryWithoutSeqIsRejected() {
    assertThatThrownBy(() -> EventCodec.decodeHistory("[{\"type\":\"timer_fired\",\"cmd\":1}]"))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("seq");
  }
}
