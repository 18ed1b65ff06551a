package io.continuum.core.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A run's history prefix 1..{@link #seq} compacted into one versioned envelope, so that a node
 * resuming the run reads one row and the tail after it instead of every event. The envelope names
 * the workflow type and the code version that wrote it; {@link #restore} refuses one of another
 * type, version or format, and a corrupt one, so the caller reads the full history instead: a
 * snapshot is never trusted over the history it stands for.
 *
 * <pre>{@code
 * byte[] stored = new Snapshot("orders.checkout", def.versionHash(), history.events()).encode();
 * Snapshot.Read read = Snapshot.restore(Snapshot.FORMAT, stored, "orders.checkout", version);
 * Future<List<HistoryEvent>> prefix =
 *     read instanceof Snapshot.Restored r
 *         ? Future.succeededFuture(r.snapshot().events()) // then the tail after its seq
 *         : journal.history(runId, 0);                     // Rejected: the full history
 * }</pre>
 *
 * @param workflowType the workflow type of the run
 * @param versionHash the version of the code whose replay the prefix was, or null (unversioned)
 * @param events the history prefix, seq 1..n without gaps, with the times they were recorded at
 */
public record Snapshot(String workflowType, String versionHash, List<HistoryEvent> events) {

  /** The envelope format this code writes, and the only one it reads. */
  public static final int FORMAT = 1;

  private static final int MAGIC = 0x43534E50; // "CSNP"

  /** Validates the prefix. */
  public Snapshot {
    Objects.requireNonNull(workflowType, "workflowType");
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a snapshot holds at least run_started");
    }
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).seq() != i + 1) {
        throw new IllegalArgumentException(
            "a snapshot holds seq 1..n without gaps; event "
                + i
                + " is seq "
                + events.get(i).seq());
      }
    }
  }

  /** The seq of the last event it holds. */
  public int seq() {
    return events.size();
  }

  /** Whether it was written for this workflow type and code version. */
  public boolean isFor(String type, String version) {
    return workflowType.equals(type) && Objects.equals(versionHash, version);
  }

  /**
   * The envelope ({@link #FORMAT}): magic, format, a CRC-32 of the rest, then type, version, seq
   * and the events in the stored form of {@link EventCodec} (with seq and recording time).
   */
  public byte[] encode() {
    var body = new ByteArrayOutputStream(64 + 96 * events.size());
    try (var out = new DataOutputStream(body)) {
      out.writeUTF(workflowType);
      out.writeBoolean(versionHash != null);
      out.writeUTF(versionHash == null ? "" : versionHash);
      out.writeInt(seq());
      out.write(encodeEvents(events));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] rest = body.toByteArray();
    var crc = new CRC32();
    crc.update(rest);
    var envelope = new ByteArrayOutputStream(rest.length + 10);
    try (var out = new DataOutputStream(envelope)) {
      out.writeInt(MAGIC);
      out.writeShort(FORMAT);
      out.writeInt((int) crc.getValue());
      out.write(rest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return envelope.toByteArray();
  }

  /** What {@link #restore} made of a stored envelope. */
  public sealed interface Read permits Restored, Rejected {}

  /** A snapshot that may stand for the history prefix it holds. */
  public record Restored(Snapshot snapshot) implements Read {}

  /**
   * A snapshot not to use: the caller reads the full history instead.
   *
   * @param reason why, for metrics
   * @param detail what exactly, for logs
   */
  public record Rejected(Reason reason, String detail) implements Read {}

  /** Why a stored snapshot was not used. */
  public enum Reason {
    /** Written in an envelope format this code does not read. */
    FORMAT,
    /** Not a valid envelope: truncated, altered or garbage. */
    CORRUPT,
    /** Written for another workflow type or another version of its code. */
    VERSION
  }

  /**
   * Decodes a stored envelope for a run of {@code type} at {@code version}; never throws.
   *
   * @param formatVersion the format the journal stored it under
   */
  public static Read restore(int formatVersion, byte[] data, String type, String version) {
    if (formatVersion != FORMAT) {
      return new Rejected(Reason.FORMAT, "format " + formatVersion + ", this code reads " + FORMAT);
    }
    try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        return new Rejected(Reason.CORRUPT, "not a snapshot envelope");
      }
      int format = in.readUnsignedShort();
      if (format != FORMAT) {
        return new Rejected(Reason.FORMAT, "envelope format " + format);
      }
      int expectedCrc = in.readInt();
      byte[] rest = in.readAllBytes();
      var crc = new CRC32();
      crc.update(rest);
      if ((int) crc.getValue() != expectedCrc) {
        return new Rejected(Reason.CORRUPT, "checksum mismatch");
      }
      return body(rest, type, version);
    } catch (IOException | RuntimeException e) {
      return new Rejected(Reason.CORRUPT, String.valueOf(e.getMessage()));
    }
  }

  private static Read body(byte[] rest, String type, String version) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(rest));
    String storedType = in.readUTF();
    boolean versioned = in.readBoolean();
    String storedVersion = in.readUTF();
    int seq = in.readInt();
    if (!versioned) {
      storedVersion = null;
    }
    if (!type.equals(storedType) || !Objects.equals(version, storedVersion)) {
      return new Rejected(
          Reason.VERSION,
          "written for "
              + storedType
              + "@"
              + storedVersion
              + ", the run is "
              + type
              + "@"
              + version);
    }
    // the events are the rest of the body: the 4 bytes of seq end at rest.length - available
    byte[] json = Arrays.copyOfRange(rest, rest.length - in.available(), rest.length);
    List<HistoryEvent> events = decodeEvents(json);
    if (events.size() != seq) {
      return new Rejected(Reason.CORRUPT, "holds " + events.size() + " events, says " + seq);
    }
    return new Restored(new Snapshot(storedType, storedVersion, events));
  }

  private static byte[] encodeEvents(List<HistoryEvent> events) throws IOException {
    var out = new ByteArrayBuilder(96 * events.size());
    try (JsonGenerator g = EventCodec.JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartArray();
      for (HistoryEvent e : events) {
        EventWriter.write(g, e.event(), e.seq(), e.recordedAt());
      }
      g.writeEndArray();
    }
    return out.toByteArray();
  }

  private static List<HistoryEvent> decodeEvents(byte[] json) throws IOException {
    List<HistoryEvent> out = new ArrayList<>();
    try (JsonParser p = EventCodec.JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("the events must be a JSON array");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        EventReader.Read r = EventReader.read(p, json);
        if (r.seq() != out.size() + 1 || r.at() == null) {
          throw new IOException("event " + (out.size() + 1) + " has no seq or time, or another");
        }
        out.add(new HistoryEvent(r.seq(), r.at(), r.event()));
      }
      if (t != JsonToken.END_ARRAY || p.nextToken() != null) {
        throw new IOException("trailing bytes after the events");
      }
    }
    return out;
  }
}
