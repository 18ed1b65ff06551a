package io.continuum.examples;

/**
 * {@link ChargePayment} refuses the amount. Retrying cannot help, so the checkout marks it
 * non-retryable and the run fails after one attempt with this error's message.
 *
 * <pre>{@code
 * RetryPolicy.defaults().withNonRetryable(PaymentDeclined.class);
 * }</pre>
 */
public final class PaymentDeclined extends Exception {
  private static final long serialVersionUID = 1L;

  /** A decline with the reason a reader of the run's failure sees. */
  public PaymentDeclined(String message) {
    super(message);
  }
}
