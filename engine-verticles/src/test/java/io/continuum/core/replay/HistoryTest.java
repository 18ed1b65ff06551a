package io.continuum.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.core.event.CommandId;
import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final Instant AT = Instant.EPOCH;

  private static HistoryEvent at(int seq, Event e) {
    return new HistoryEvent(seq, AT, e);
  }

  private static final Event STARTED = new Event.RunStarted("r", "default", "w", Payload.NULL, AT);
  private static final Event TIMER =
      new Event.TimerStarted(new CommandId(CommandKind.TIMER, "sleep", 0), AT);

  @Test
  void indexesCommandsAndResolutions() {
    History h =
        History.of(
            List.of(at(1, STARTED), at(2, TIMER), at(3, TIMER), at(4, new Event.TimerFired(3))));

    assertThat(h.lastSeq()).isEqualTo(4);
    assertThat(h.commandCount()).isEqualTo(2);
    assertThat(h.command(1).seq()).isEqualTo(3);
    assertThat(h.resolution(2)).isNull();
    assertThat(h.resolution(3)).isEqualTo(new Event.TimerFired(3));
    assertThat(h.terminal()).isNull();
  }

  @Test
  void rejectsGapsDanglingResolutionsDoubleResolutionsAndEventsAfterTheEnd() {
    assertThatThrownBy(() -> History.of(List.of(at(1, STARTED), at(3, TIMER))))
        .hasMessageContaining("expected seq 2");
    assertThatThrownBy(() -> History.of(List.of(at(1, TIMER)))).hasMessageContaining("run_started");
    assertThatThrownBy(() -> History.of(List.of(at(1, STARTED), at(2, new Event.TimerFired(1)))))
        .hasMessageContaining("not a command");
    assertThatThrownBy(
            () ->
                History.of(
                    List.of(
                        at(1, STARTED),
                        at(2, TIMER),
                        at(3, new Event.TimerFired(2)),
                        at(4, new Event.TimerFired(2)))))
        .hasMessageContaining("resolved twice");
    assertThatThrownBy(
            () ->
                History.of(
                    List.of(at(1, STARTED), at(2, new Event.RunCancelled("x")), at(3, TIMER))))
        .hasMessageContaining("already ended");
  }
}
