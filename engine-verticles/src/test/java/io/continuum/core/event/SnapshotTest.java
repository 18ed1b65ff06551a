package io.continuum.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Failure;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The snapshot envelope: every event survives it exactly; anything doubtful is refused. */
class SnapshotTest {
  private static final String TYPE = "orders.checkout";
  private static final String VERSION = "ab".repeat(32);
  private static final Instant AT = Instant.parse("2026-03-04T05:06:07.089123456Z");

  /** Every event type, the ones {@link EventCodecTest} covers and the newer ones. */
  static Stream<Event> everyEvent() {
    var failure = new Failure("x.Boom", "it broke", "at x.Y(Y.java:1)");
    return Stream.concat(
        EventCodecTest.everyEvent(),
        Stream.of(
            new Event.CancelDelivered(new CommandId(CommandKind.CANCEL, "cancel", 0), "operator"),
            new Event.ConditionAwaited(new CommandId(CommandKind.CONDITION, "ready", 0), AT),
            new Event.ConditionAwaited(new CommandId(CommandKind.CONDITION, "ready", 1), null),
            new Event.ConditionMet(3),
            new Event.ConditionTimedOut(3),
            new Event.UpdateApplied(
                new CommandId(CommandKind.UPDATE, "price", 0),
                "u-1",
                Payload.ofJson("{\"p\":12}"),
                Payload.ofJson("11"),
                null),
            new Event.UpdateApplied(
                new CommandId(CommandKind.UPDATE, "price", 1), "u-2", Payload.NULL, null, failure),
            new Event.RunContinued("run-2", Payload.ofJson("[1,2]"))));
  }

  private static List<HistoryEvent> history(List<Event> events) {
    List<HistoryEvent> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.add(new HistoryEvent(i + 1, AT.plusMillis(i), events.get(i)));
    }
    return out;
  }

  private static Snapshot sample() {
    return new Snapshot(TYPE, VERSION, history(everyEvent().toList()));
  }

  @ParameterizedTest
  @MethodSource("everyEvent")
  void everyEventSurvivesTheEnvelopeWithItsSeqAndTime(Event event) {
    var snapshot =
        new Snapshot(
            TYPE,
            VERSION,
            List.of(
                new HistoryEvent(1, AT, EventCodecTest.everyEvent().findFirst().orElseThrow()),
                new HistoryEvent(2, AT.plusNanos(1), event)));

    var read = Snapshot.restore(Snapshot.FORMAT, snapshot.encode(), TYPE, VERSION);

    assertThat(read).isEqualTo(new Snapshot.Restored(snapshot));
  }

  @Test
  void aLongHistoryRoundTripsExactly() {
    Snapshot snapshot = sample();
    var read =
        (Snapshot.Restored) Snapshot.restore(Snapshot.FORMAT, snapshot.encode(), TYPE, VERSION);
    assertThat(read.snapshot().events()).isEqualTo(snapshot.events());
    assertThat(read.snapshot().seq()).isEqualTo(everyEvent().count());
  }

  @Test
  void anUnversionedRunsSnapshotIsForUnversionedCodeOnly() {
    var snapshot = new Snapshot(TYPE, null, sample().events());
    byte[] stored = snapshot.encode();
    assertThat(Snapshot.restore(Snapshot.FORMAT, stored, TYPE, null))
        .isEqualTo(new Snapshot.Restored(snapshot));
    assertThat(reason(Snapshot.restore(Snapshot.FORMAT, stored, TYPE, VERSION)))
        .isEqualTo(Snapshot.Reason.VERSION);
  }

  @Test
  void anotherVersionOrTypeIsRejected() {
    byte[] stored = sample().encode();
    assertThat(reason(Snapshot.restore(Snapshot.FORMAT, stored, TYPE, "cd".repeat(32))))
        .isEqualTo(Snapshot.Reason.VERSION);
    assertThat(reason(Snapshot.restore(Snapshot.FORMAT, stored, "orders.other", VERSION)))
        .isEqualTo(Snapshot.Reason.VERSION);
  }

  @Test
  void anUnknownFormatIsRejected() {
    byte[] stored = sample().encode();
    assertThat(reason(Snapshot.restore(2, stored, TYPE, VERSION)))
        .isEqualTo(Snapshot.Reason.FORMAT);
    byte[] relabelled = stored.clone();
    relabelled[5] = 9; // the envelope's own format field
    assertThat(reason(Snapshot.restore(Snapshot.FORMAT, relabelled, TYPE, VERSION)))
        .isEqualTo(Snapshot.Reason.FORMAT);
  }

  @Test
  void everySingleFlippedByteOrTruncationIsRejectedNeverMisread() {
    byte[] stored = new Snapshot(TYPE, VERSION, sample().events().subList(0, 6)).encode();
    for (int i = 0; i < stored.length; i++) {
      byte[] flipped = stored.clone();
      flipped[i] ^= 0x20;
      assertThat(Snapshot.restore(Snapshot.FORMAT, flipped, TYPE, VERSION))
          .as("byte %d flipped", i)
          .isInstanceOf(Snapshot.Rejected.class);
      assertThat(Snapshot.restore(Snapshot.FORMAT, Arrays.copyOf(stored, i), TYPE, VERSION))
          .as("cut at %d", i)
          .isInstanceOf(Snapshot.Rejected.class);
    }
    assertThat(reason(Snapshot.restore(Snapshot.FORMAT, "garbage".getBytes(), TYPE, VERSION)))
        .isEqualTo(Snapshot.Reason.CORRUPT);
  }

  @Test
  void aSnapshotIsAGaplessPrefixFromSeqOne() {
    List<HistoryEvent> events = sample().events();
    assertThatThrownBy(() -> new Snapshot(TYPE, VERSION, events.subList(1, 4)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Snapshot(TYPE, VERSION, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Snapshot.Reason reason(Snapshot.Read read) {
    assertThat(read).isInstanceOf(Snapshot.Rejected.class);
    return ((Snapshot.Rejected) read).reason();
  }
}
