package io.continuum.server;

import io.continuum.Failure;
import io.continuum.ReplayDriftError;
import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.core.payload.PayloadException;
import io.continuum.core.replay.History;
import io.continuum.core.replay.StepExecutor;
import io.continuum.core.replay.StepInput;
import io.continuum.core.replay.StepOutcome;
import io.continuum.core.replay.WorkflowDefinition;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/**
 * Replays an open run's history against workflow code, from the start and without executing
 * anything: the run is clean when the code reissues every recorded command (new commands past the
 * end of the history are fine, they would simply run next), drifted when it issues another one, and
 * failed when the code fails the run or its history cannot be read.
 *
 * <pre>{@code
 * var replay = new HistoryReplay(db);
 * HistoryReplay.Verdict v = replay.check(newest, "co-1", "default", 7, db.now());
 * }</pre>
 */
final class HistoryReplay {
  private static final int PAGE = 1000;

  // Up to the run's last seq as read with it: a step committed meanwhile is not half-read.
  private static final String HISTORY =
      """
      SELECT seq, data, recorded_at FROM continuum_events
      WHERE run_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4
      """;

  /** How a history replays: clean, drifted (with the drift) or failed (with the reason). */
  record Verdict(Kind kind, ReplayDriftError drift, String reason) {
    static final Verdict CLEAN = new Verdict(Kind.CLEAN, null, null);

    enum Kind {
      CLEAN,
      DRIFT,
      FAILED
    }
  }

  private final PgSession db;
  private final StepExecutor executor = new StepExecutor(JacksonPayloadCodec.create());

  HistoryReplay(PgSession db) {
    this.db = db;
  }

  /** Loads the run's history up to {@code lastSeq}, in pages, and replays it on {@code code}. */
  Verdict check(WorkflowDefinition code, String runId, String namespace, int lastSeq, Instant now) {
    History history;
    try {
      history = load(runId, lastSeq);
    } catch (Unreadable e) {
      return failed("its history cannot be read: " + e.getMessage());
    }
    if (history.lastSeq() < lastSeq) {
      return failed(
          "its history is incomplete (" + history.lastSeq() + " of " + lastSeq + " events)");
    }
    StepOutcome outcome;
    try {
      outcome = executor.step(code, history, new StepInput(runId, namespace, now, List.of()));
    } catch (RuntimeException e) {
      return failed("it cannot be replayed: " + Cli.oneLine(e));
    }
    return switch (outcome.state()) {
      case DRIFTED -> new Verdict(Verdict.Kind.DRIFT, outcome.drift(), null);
      case FAILED -> failed("the code fails it: " + failure(outcome.terminal()));
      default -> Verdict.CLEAN;
    };
  }

  private History load(String runId, int lastSeq) {
    History history = null;
    int after = 0;
    while (after < lastSeq) {
      List<Row> rows = db.query(HISTORY, Tuple.of(runId, after, lastSeq, PAGE));
      for (Row r : rows) {
        int seq = r.getInteger("seq");
        try {
          var event =
              new HistoryEvent(
                  seq,
                  r.getOffsetDateTime("recorded_at").toInstant(),
                  EventCodec.decode(r.getBuffer("data").getBytes()));
          if (history == null) {
            history = History.of(List.of(event));
          } else {
            history.append(event);
          }
        } catch (PayloadException | IllegalStateException e) {
          throw new Unreadable("event " + seq + ": " + Cli.oneLine(e));
        }
        after = seq;
      }
      if (rows.size() < PAGE) {
        break;
      }
    }
    if (history == null) {
      throw new Unreadable("it has no events");
    }
    return history;
  }

  // A history the journal holds but this code cannot decode or index, as opposed to a failing
  // query.
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  private static String failure(Event.Terminal end) {
    if (end instanceof Event.RunFailed f) {
      Failure failure = f.failure();
      return failure.type() + ": " + failure.message();
    }
    return String.valueOf(end);
  }

  private static Verdict failed(String reason) {
    return new Verdict(Verdict.Kind.FAILED, null, reason);
  }
}
