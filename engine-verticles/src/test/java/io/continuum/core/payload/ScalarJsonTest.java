package io.continuum.core.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scalar fast path must agree with Jackson on every input, or step aside. */
class ScalarJsonTest {
  private static final JacksonPayloadCodec FAST = JacksonPayloadCodec.create();
  private static final JacksonPayloadCodec JACKSON =
      JacksonPayloadCodec.create(JacksonPayloadCodec.defaultMapper());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"plain\"|java.lang.String",
        "\"caf\u00e9 \u2713\"|java.lang.String",
        "\"esc\\\"aped\"|java.lang.String",
        "\"\"|java.lang.String",
        "42|java.lang.String",
        "null|java.lang.String",
        "0|java.lang.Integer",
        "-17|java.lang.Integer",
        "2147483647|java.lang.Integer",
        "2147483648|java.lang.Integer",
        "007|java.lang.Integer",
        "1.5|java.lang.Integer",
        "\"12\"|java.lang.Integer",
        "-0|java.lang.Integer",
        "9007199254740993|java.lang.Long",
        "-9223372036854775808|java.lang.Long",
        "true|java.lang.Boolean",
        "false|java.lang.Boolean",
        "\"true\"|java.lang.Boolean",
        "\"2026-01-01T00:00:00Z\"|java.time.Instant",
        "\"2026-01-01T00:00:00.123456789Z\"|java.time.Instant",
        "\"not a time\"|java.time.Instant",
        "\"123e4567-e89b-12d3-a456-426614174000\"|java.util.UUID",
        "\"1-2-3-4-5\"|java.util.UUID",
        "\"zzze4567-e89b-12d3-a456-426614174000\"|java.util.UUID"
      })
  void agreesWithJackson(String json, String typeName) throws Exception {
    Class<?> type = Class.forName(typeName);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Object expected;
    try {
      expected = JACKSON.decode(bytes, type);
    } catch (PayloadException e) {
      assertThatThrownBy(() -> FAST.decode(bytes, type)).isInstanceOf(PayloadException.class);
      return;
    }
    assertThat((Object) FAST.decode(bytes, type)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"\"a\",java.lang.String", "7,java.lang.Integer", "true,java.lang.Boolean"})
  void takesTheFastPathForThePlainForms(String json, String typeName) throws Exception {
    assertThat(ScalarJson.decode(json.getBytes(StandardCharsets.UTF_8), Class.forName(typeName)))
        .isNotSameAs(ScalarJson.MISS);
    assertThat(ScalarJson.decode("\"x\"".getBytes(StandardCharsets.UTF_8), UUID.class))
        .isSameAs(ScalarJson.MISS);
    assertThat(ScalarJson.decode("1".getBytes(StandardCharsets.UTF_8), Instant.class))
        .isSameAs(ScalarJson.MISS);
  }
}
