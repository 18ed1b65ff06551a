package io.continuum.core.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.continuum.core.payload.PayloadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of events: one compact JSON object per event, payloads embedded as raw JSON.
 * Journals store {@link #encode} bytes; golden histories are {@link #encodeHistory} arrays of the
 * same objects with {@code seq} and {@code at} added.
 *
 * <pre>{@code
 * byte[] stored = EventCodec.encode(new Event.TimerFired(3));
 * Event back = EventCodec.decode(stored);
 * String golden = EventCodec.encodeHistory(journal.history(runId).await());
 * }</pre>
 */
public final class EventCodec {

  static final JsonFactory JSON = JsonFactory.builder().build();

  private EventCodec() {}

  /** Encodes one event. */
  public static byte[] encode(Event event) {
    var out = new ByteArrayBuilder(128);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      EventWriter.write(g, event, -1, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes one event.
   *
   * @throws PayloadException when the bytes are not a valid event
   */
  public static Event decode(byte[] stored) {
    try (JsonParser p = JSON.createParser(stored)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("an event must be a JSON object");
      }
      return EventReader.read(p, stored).event();
    } catch (IOException | RuntimeException e) {
      throw new PayloadException("invalid stored event: " + e.getMessage(), e);
    }
  }

  /** Encodes a history as a pretty-printed JSON array, the golden-history format. */
  public static String encodeHistory(List<HistoryEvent> history) {
    var out = new ByteArrayBuilder(1024);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartArray();
      for (HistoryEvent e : history) {
        EventWriter.write(g, e.event(), e.seq(), e.recordedAt());
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /**
   * Decodes a golden-history array.
   *
   * @throws PayloadException when the text is not a valid history
   */
  public static List<HistoryEvent> decodeHistory(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    List<HistoryEvent> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("a history must be a JSON array");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        EventReader.Read r = EventReader.read(p, bytes);
        if (r.seq() < 1) {
          throw new IOException("history event without a 'seq'");
        }
        Instant at = r.at() == null ? Instant.EPOCH : r.at();
        out.add(new HistoryEvent(r.seq(), at, r.event()));
      }
    } catch (IOException | RuntimeException e) {
      throw new PayloadException("invalid history: " + e.getMessage(), e);
    }
    return out;
  }
}
