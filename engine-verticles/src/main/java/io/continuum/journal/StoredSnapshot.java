package io.continuum.journal;

import java.util.Objects;

/**
 * A snapshot as the journal stores it: the seq of the last event it holds, its envelope format and
 * its bytes (a {@link io.continuum.core.event.Snapshot} envelope). The journal keeps the newest one
 * of each open run and never reads inside it.
 *
 * <pre>{@code
 * Snapshot snap = new Snapshot(type, version, history.events());
 * var stored = new StoredSnapshot(snap.seq(), Snapshot.FORMAT, snap.encode());
 * journal.writeSnapshot(runId, leaseToken, history.lastSeq(), stored);
 * }</pre>
 *
 * @param seq the seq of the last event it holds (at least 1)
 * @param formatVersion the envelope format
 * @param data the envelope
 */
public record StoredSnapshot(int seq, int formatVersion, byte[] data) {

  /** Validates it. */
  public StoredSnapshot {
    if (seq < 1) {
      throw new IllegalArgumentException("a snapshot holds at least seq 1, got " + seq);
    }
    Objects.requireNonNull(data, "data");
  }
}
