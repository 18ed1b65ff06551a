package io.continuum.examples;

import java.util.List;

/**
 * What an {@link OrderBatch} did: the tracking numbers of the orders that shipped and, for each
 * order that did not, its id and why.
 *
 * <pre>{@code
 * BatchReport report = client.await("batch-7", BatchReport.class).await();
 * // BatchReport[shipped=[TRK-..., TRK-...], failed=[o-3: activity 'orders.charge-payment' ...]]
 * }</pre>
 *
 * @param shipped the tracking numbers, in the order of the batch's input
 * @param failed {@code <order id>: <reason>} for each order whose child failed or was cancelled
 */
public record BatchReport(List<String> shipped, List<String> failed) {

  /** Copies the lists (empty if null). */
  public BatchReport {
    shipped = shipped == null ? List.of() : List.copyOf(shipped);
    failed = failed == null ? List.of() : List.copyOf(failed);
  }
}
