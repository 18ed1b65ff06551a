package io.continuum.load.replay;

/**
 * The small records {@link MixedWorkflow} passes around: its input and result, side-effect values,
 * activity inputs and results, and signal payloads. All are records of immutable leaves, like most
 * user payloads.
 *
 * <pre>{@code
 * Payload p = codec.encode(new MixedPayloads.Quote("sku-7", 1299, "EUR"));
 * }</pre>
 */
public final class MixedPayloads {

  private MixedPayloads() {}

  /**
   * The workflow input.
   *
   * <pre>{@code
   * new Plan(12_499)   // journal 12,499 events after run_started
   * }</pre>
   *
   * @param events how many events the run journals after {@code run_started} (before its end)
   */
  public record Plan(int events) {}

  /**
   * The workflow result.
   *
   * <pre>{@code
   * Summary s = ((Event.RunCompleted) outcome.terminal()).result().decode(codec, Summary.class);
   * }</pre>
   *
   * @param rounds loop rounds run
   * @param total a checksum over every journaled value
   * @param approved approvals received
   * @param timedOut approval waits that timed out
   * @param lastTag the last tag side effect
   */
  public record Summary(int rounds, long total, int approved, int timedOut, String lastTag) {}

  /**
   * A side-effect value: where a round is.
   *
   * <pre>{@code
   * Cursor c = ctx.sideEffect("cursor", Cursor.class, () -> new Cursor(3, "sku-3", 9));
   * }</pre>
   *
   * @param round the round
   * @param sku the item the round works on
   * @param offset an offset into some feed
   */
  public record Cursor(int round, String sku, long offset) {}

  /**
   * The input of {@link MixedActivities.PriceQuote}.
   *
   * <pre>{@code
   * new QuoteRequest("sku-3", 2, 4)
   * }</pre>
   *
   * @param sku the item
   * @param shard the pricing shard
   * @param quantity how many
   */
  public record QuoteRequest(String sku, int shard, int quantity) {}

  /**
   * The result of {@link MixedActivities.PriceQuote}.
   *
   * <pre>{@code
   * new Quote("sku-3", 1299, "EUR")
   * }</pre>
   *
   * @param sku the item
   * @param cents the price
   * @param currency the currency
   */
  public record Quote(String sku, long cents, String currency) {}

  /**
   * The input of {@link MixedActivities.Reserve}.
   *
   * <pre>{@code
   * new ReserveRequest("sku-3", 1299, 2)
   * }</pre>
   *
   * @param sku the item
   * @param cents the quoted price
   * @param shard the warehouse shard
   */
  public record ReserveRequest(String sku, long cents, int shard) {}

  /**
   * The result of {@link MixedActivities.Reserve}.
   *
   * <pre>{@code
   * new Reservation("r-sku-3-2", "wh-2", true)
   * }</pre>
   *
   * @param id the reservation id
   * @param warehouse where the item is held
   * @param confirmed whether the warehouse confirmed it
   */
  public record Reservation(String id, String warehouse, boolean confirmed) {}

  /**
   * The payload of the {@code approval} signal.
   *
   * <pre>{@code
   * new Approval("alice", true, "ok")
   * }</pre>
   *
   * @param by who decided
   * @param granted whether it was granted
   * @param note a remark
   */
  public record Approval(String by, boolean granted, String note) {}

  /**
   * The payload of the {@code restock} signal.
   *
   * <pre>{@code
   * new Restock("sku-3", 40)
   * }</pre>
   *
   * @param sku the item
   * @param units how many arrived
   */
  public record Restock(String sku, int units) {}
}
