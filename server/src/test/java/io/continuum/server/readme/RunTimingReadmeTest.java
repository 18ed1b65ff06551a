package io.continuum.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import io.continuum.server.readme.fragments.RunTimingFragments;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's delayed start and execution timeout run as shown, in the test kit. */
class RunTimingReadmeTest {
  @Test
  void theReminderStartsAnHourLaterAndTimesOutADayAfterThat() {
    try (var env = TestEnvironment.builder().workflow(RunTimingFragments.Reminder.class).build()) {
      RunTimingFragments.reminder(env);
      assertThat(env.getRun("remind-7").state()).isEqualTo(RunState.FAILED);
      assertThat(env.now()).isEqualTo(TestEnvironment.DEFAULT_START.plus(Duration.ofHours(25)));
      assertThat(env.history("remind-7"))
          .anyMatch(h -> h.event() instanceof io.continuum.core.event.Event.SignalReceived);
    }
  }
}
