package io.continuum.core.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13, item 6: a payload that does not fit says where and why, naming no Java class. */
class DecodeErrorsTest {
  enum Tier {
    GOLD,
    SILVER
  }

  record Line(String sku, int quantity) {}

  record Order(
      @JsonProperty(required = true) String id, long amountCents, Tier tier, List<Line> lines) {}

  private final PayloadCodec codec = JacksonPayloadCodec.create();

  private PayloadException refused(String json) {
    return catchThrowableOfType(
        PayloadException.class, () -> Payload.ofJson(json).decode(codec, Order.class));
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    var e = refused("{\"amountCents\": 5}");
    assertThat(e.path()).isEqualTo("$.id");
    assertThat(e.reason()).isEqualTo("missing required field");
  }

  @Test
  void aTypeMismatchSaysWhatWasExpectedAndWhatCame() {
    var e = refused("{\"id\": \"o\", \"amountCents\": \"lots\"}");
    assertThat(e.path()).isEqualTo("$.amountCents");
    assertThat(e.reason()).isEqualTo("'lots' is not an integer");

    var nested = refused("{\"id\": \"o\", \"lines\": [{\"sku\": \"a\", \"quantity\": [1]}]}");
    assertThat(nested.path()).isEqualTo("$.lines[0].quantity");
    assertThat(nested.reason()).isEqualTo("expected an integer, got an array");
  }

  @Test
  void anUnknownEnumValueListsTheKnownOnes() {
    var e = refused("{\"id\": \"o\", \"tier\": \"PLATINUM\"}");
    assertThat(e.path()).isEqualTo("$.tier");
    assertThat(e.reason()).isEqualTo("unknown value 'PLATINUM'; one of: GOLD, SILVER");
  }

  @Test
  void noReasonNamesAJavaClass() {
    for (String json :
        List.of(
            "{\"amountCents\": 5}",
            "{\"id\": \"o\", \"amountCents\": \"lots\"}",
            "{\"id\": \"o\", \"tier\": 3.5}",
            "[1, 2]",
            "{\"id\": \"o\", \"lines\": \"none\"}")) {
      assertThat(refused(json).reason())
          .as(json)
          .doesNotContain("io.continuum")
          .doesNotContain("java.");
    }
  }
}
