package io.continuum.core.replay;

import io.continuum.TimerHandle;
import java.time.Instant;

/** A timer started in this execution: the seq of its {@code timer_started}, when it fires. */
record PendingTimer(ReplayContext owner, int seq, Instant fireAt) implements TimerHandle {}
