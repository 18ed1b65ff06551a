package io.continuum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.core.payload.JacksonPayloadCodec;
import io.continuum.core.payload.Payload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderJsonTest {
  private final JacksonPayloadCodec codec = JacksonPayloadCodec.create();

  @Test
  void aShortOrderReadsWithDefaultsAndIsoDurations() {
    Order order =
        Payload.ofJson(
                """
                {"orderId": "o-1", "customer": "ada", "amountCents": 4200,
                 "shippingDelay": "PT10S"}
                """)
            .decode(codec, Order.class);

    assertThat(order)
        .isEqualTo(new Order("o-1", "ada", 4200, List.of(), Duration.ofHours(1), null));
    assertThat(order.shippingDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(order.items()).isEmpty();
  }

  @Test
  void durationsAreWrittenAsIsoTextAndReadBackEqual() {
    var order = new Order("o-1", "ada", 4200, List.of("book"), Duration.ofMinutes(5), null);

    String json = codec.encode(order).jsonText();

    assertThat(json)
        .contains("\"approvalTimeout\":\"PT5M\"")
        .contains("\"shippingDelay\":\"PT10S\"");
    assertThat(Payload.ofJson(json).<Order>decode(codec, Order.class)).isEqualTo(order);
  }

  @Test
  void approvalsAndReceiptsRoundTrip() {
    var approval = new Approval(true, "alice");
    var receipt =
        new Receipt(
            "o-1",
            Receipt.SHIPPED,
            "ch_1",
            "TRK-1",
            java.time.Instant.parse("2026-01-01T00:00:10Z"));

    assertThat(codec.encode(approval).<Approval>decode(codec, Approval.class)).isEqualTo(approval);
    assertThat(codec.encode(receipt).jsonText()).contains("\"at\":\"2026-01-01T00:00:10Z\"");
    assertThat(codec.encode(receipt).<Receipt>decode(codec, Receipt.class)).isEqualTo(receipt);
  }

  @Test
  void subscriptionStatesAndBatchesRoundTrip() {
    var state = SubscriptionState.start("ada", 999, Duration.ofDays(30), 12, 0).charged("ch_1");
    var batch = new BatchInput(List.of(new Order("o-1", "ada", 4200, List.of("book"))));
    var report = new BatchReport(List.of("TRK-1"), List.of("o-2: declined"));

    String json = codec.encode(state).jsonText();

    assertThat(json).contains("\"period\":\"PT720H\"").doesNotContain("finished");
    assertThat(Payload.ofJson(json).<SubscriptionState>decode(codec, SubscriptionState.class))
        .isEqualTo(state);
    assertThat(codec.encode(batch).<BatchInput>decode(codec, BatchInput.class)).isEqualTo(batch);
    assertThat(codec.encode(report).<BatchReport>decode(codec, BatchReport.class))
        .isEqualTo(report);
  }
}
