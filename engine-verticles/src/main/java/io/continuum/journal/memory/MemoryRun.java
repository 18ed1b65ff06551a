package io.continuum.journal.memory;

import io.continuum.Failure;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.event.InboxItem;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.RunRecord;
import io.continuum.journal.StoredSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One run's row, history and inbox; guarded by the store's lock. */
final class MemoryRun {
  final String runId;
  final String workflowType;
  final String namespace;
  final String inputHash;
  final String versionHash;
  final Instant createdAt;
  final List<HistoryEvent> events = new ArrayList<>();
  final List<InboxItem> inbox = new ArrayList<>();
  RunState state;
  Instant updatedAt;
  String leaseOwner;
  long leaseToken;
  Instant leaseExpiresAt;
  Payload result;
  Failure failure;
  String drift;
  Payload attributes;
  String correlationId;
  String continuedFrom;
  String continuedTo;
  String parentId;
  int parentSeq;
  Instant startAt;
  Instant executionDeadline;
  StoredSnapshot snapshot;
  final List<String> children = new ArrayList<>();

  MemoryRun(
      String runId,
      String workflowType,
      String namespace,
      String inputHash,
      String versionHash,
      Instant createdAt,
      Payload attributes) {
    this.runId = runId;
    this.workflowType = workflowType;
    this.namespace = namespace;
    this.inputHash = inputHash;
    this.versionHash = versionHash;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.attributes = attributes;
  }

  /** Appends a step's events and applies its state, attributes, result and drift to the row. */
  void record(StepOutcome step, Instant now) {
    for (Event e : step.events()) {
      events.add(new HistoryEvent(lastSeq() + 1, now, e));
    }
    state = step.state();
    updatedAt = now;
    if (step.attributes() != null) {
      attributes = MemoryStore.mergeObjects(attributes, step.attributes());
    }
    Event.Terminal end = step.terminal();
    if (end instanceof Event.RunCompleted c) {
      result = c.result();
    } else if (end instanceof Event.RunFailed f) {
      failure = f.failure();
    }
    if (step.state() == RunState.DRIFTED) {
      drift = step.drift().getMessage();
    }
  }

  int lastSeq() {
    return events.size();
  }

  boolean leasedAt(Instant now) {
    return leaseOwner != null && leaseExpiresAt.isAfter(now);
  }

  /** Claimable by a dispatcher: open, not parked, no live lease, work waiting. */
  boolean claimableAt(Instant now) {
    // a PENDING run without a lease is a successor created by continue-as-new: its first step waits
    // (a delayed run's, until its start time, whatever its mailbox holds)
    return !state.isTerminal()
        && state != RunState.DRIFTED
        && !leasedAt(now)
        && (!inbox.isEmpty() || state == RunState.PENDING)
        && (startAt == null || !startAt.isAfter(now));
  }

  void clearLease() {
    leaseOwner = null;
    leaseToken = 0;
    leaseExpiresAt = null;
  }

  RunRecord record() {
    return new RunRecord(
        runId,
        workflowType,
        namespace,
        state,
        lastSeq(),
        inputHash,
        createdAt,
        updatedAt,
        leaseOwner,
        leaseToken,
        leaseExpiresAt,
        result,
        failure,
        drift,
        attributes,
        versionHash,
        correlationId,
        continuedFrom,
        parentId,
        startAt,
        executionDeadline);
  }
}
