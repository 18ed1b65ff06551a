package io.continuum.runtime.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerSlotsTest {

  @Test
  void takesNoMoreThanThereAre() {
    var slots = new WorkerSlots(3);
    assertThat(slots.take(2)).isEqualTo(2);
    assertThat(slots.take(5)).isEqualTo(1);
    assertThat(slots.take(1)).isZero();
  }

  @Test
  void unusedSlotsGoBack() {
    var slots = new WorkerSlots(4);
    int taken = slots.take(4);
    slots.settle(taken, 1);
    assertThat(slots.take(4)).isEqualTo(3);
  }

  /** Issue 12, defect 2: more tasks than slots never throws, and the limit comes back. */
  @Test
  void moreAttemptsThanSlotsAreOwedAndRepaidBeforeAnySlotIsFreeAgain() {
    var slots = new WorkerSlots(2);
    int taken = slots.take(2);
    slots.settle(taken, 5); // the journal leased 5 tasks to a claim for 2
    assertThat(slots.owed()).isEqualTo(3);

    slots.give(3); // three attempts end: they pay the debt
    assertThat(slots.owed()).isZero();
    assertThat(slots.take(1)).isZero(); // two attempts still run on the two real slots

    slots.give(2);
    assertThat(slots.take(3)).isEqualTo(2); // back to the limit, not above it
  }
}
