package io.continuum.server;

import io.continuum.core.event.CommandKind;
import io.continuum.core.event.Event;
import io.continuum.core.event.EventCodec;
import io.continuum.core.payload.PayloadException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, per workflow type and change id, the open runs whose history carries a patch marker
 * ({@code ctx.patched(id)}). Walks the open runs in pages by id, up to a limit, reads only their
 * {@code value_recorded} events whose bytes mention {@code patch} and decodes those with the
 * journal's codec: the byte test only narrows what is read, the decoded command kind decides.
 *
 * <pre>{@code
 * PatchMarkerScan scan = PatchMarkerScan.run(db, 100_000);
 * scan.carriers().get("orders.checkout").get("express-shipping");   // runs with the marker
 * }</pre>
 *
 * @param carriers workflow type to change id to the number of open runs carrying its marker
 * @param scannedRuns how many open runs were scanned
 * @param complete whether every open run was scanned (else the counts are lower bounds)
 * @param unreadableEvents events that could not be decoded (not counted)
 */
record PatchMarkerScan(
    Map<String, Map<String, Integer>> carriers,
    long scannedRuns,
    boolean complete,
    long unreadableEvents) {
  private static final int PAGE = 500;

  private static final String OPEN_RUNS =
      """
      SELECT id, workflow_type FROM continuum_runs
      WHERE state NOT IN %s AND id > $1 ORDER BY id LIMIT $2
      """
          .formatted(PgSession.TERMINAL);

  private static final String MARKERS =
      """
      SELECT run_id, data FROM continuum_events
      WHERE run_id = ANY($1::text[]) AND type = 'value_recorded'
        AND position('patch'::bytea IN data) > 0
      """;

  /** Scans at most {@code limit} open runs. */
  static PatchMarkerScan run(PgSession db, long limit) {
    Map<String, Map<String, Integer>> carriers = new TreeMap<>();
    long scanned = 0;
    long unreadable = 0;
    String after = "";
    boolean complete = false;
    while (!complete && scanned < limit) {
      int size = (int) Math.min(PAGE, limit - scanned);
      List<Row> runs = db.query(OPEN_RUNS, Tuple.of(after, size));
      Map<String, String> typeOf = new TreeMap<>();
      for (Row r : runs) {
        typeOf.put(r.getString("id"), r.getString("workflow_type"));
        after = r.getString("id");
      }
      scanned += runs.size();
      complete = runs.size() < size;
      if (typeOf.isEmpty()) {
        break;
      }
      var ids = typeOf.keySet().toArray(String[]::new);
      for (Row e : db.query(MARKERS, Tuple.of(ids))) {
        Event event;
        try {
          event = EventCodec.decode(e.getBuffer("data").getBytes());
        } catch (PayloadException bad) {
          unreadable++;
          continue;
        }
        // Ordinal 0 only: a run counts once per change id however often its code asks.
        if (event instanceof Event.ValueRecorded v
            && v.id().kind() == CommandKind.PATCH
            && v.id().ordinal() == 0) {
          carriers
              .computeIfAbsent(typeOf.get(e.getString("run_id")), t -> new TreeMap<>())
              .merge(v.id().name(), 1, Integer::sum);
        }
      }
    }
    if (!complete && scanned == limit) {
      complete = db.query(OPEN_RUNS, Tuple.of(after, 1)).isEmpty();
    }
    return new PatchMarkerScan(carriers, scanned, complete, unreadable);
  }
}
