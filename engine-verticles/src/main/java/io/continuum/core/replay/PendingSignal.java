package io.continuum.core.replay;

import io.continuum.SignalHandle;

/** A signal handle of this execution: its name, the seq of its {@code signal_awaited}, type. */
record PendingSignal<T>(ReplayContext owner, String name, int seq, Class<T> type)
    implements SignalHandle<T> {}
