package io.continuum.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/**
 * The {@code --json} output of the operations commands: one indented JSON document, records and
 * maps as objects, null fields left out.
 *
 * <pre>{@code
 * JsonDocument.print(console.out(), new Report(rows, counts));
 * }</pre>
 */
final class JsonDocument {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private JsonDocument() {}

  /** Prints {@code document} and a newline. */
  static void print(PrintWriter out, Object document) {
    try {
      out.println(JSON.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the JSON report: " + e.getMessage(), e);
    }
  }
}
