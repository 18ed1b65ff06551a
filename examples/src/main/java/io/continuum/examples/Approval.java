package io.continuum.examples;

/**
 * The payload of the {@code approval} signal a checkout waits for.
 *
 * <pre>{@code
 * client.signal(runId, Checkout.APPROVAL_SIGNAL, new Approval(true, "alice"));
 * // over REST: {"approved": true, "by": "alice"}
 * }</pre>
 *
 * @param approved whether the order may ship
 * @param by who decided
 */
public record Approval(boolean approved, String by) {}
