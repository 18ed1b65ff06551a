package io.continuum.examples;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link Subscription} is: the input of each run of its chain and the result of the last.
 *
 * <pre>{@code
 * // {"customer":"ada","amountCents":999,"period":"P30D","cyclesPerRun":12,"maxCycles":0}
 * var state = SubscriptionState.start("ada", 999, Duration.ofDays(30), 12, 0);
 * state.cyclesDone(); // 0
 * }</pre>
 *
 * @param customer who pays
 * @param amountCents what each cycle charges, in cents
 * @param period how long a cycle lasts; the charge is made at its end (ISO-8601 text in JSON)
 * @param cyclesPerRun how many cycles one run of the chain does before it continues as new
 * @param cyclesDone how many cycles were charged so far, over the whole chain
 * @param maxCycles how many cycles to charge in all; 0 means until cancelled
 * @param recentCharges the charge ids of the last cycles, oldest first, at most {@link
 *     #RECENT_CHARGES} (empty if null)
 */
public record SubscriptionState(
    String customer,
    long amountCents,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Duration period,
    int cyclesPerRun,
    int cyclesDone,
    int maxCycles,
    List<String> recentCharges) {

  /** How many charge ids the state keeps, so the input of each run stays bounded. */
  public static final int RECENT_CHARGES = 10;

  /** Checks the state and copies the charges. */
  public SubscriptionState {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
    if (cyclesPerRun < 1 || cyclesDone < 0 || maxCycles < 0) {
      throw new IllegalArgumentException(
          "cyclesPerRun must be at least 1 and cyclesDone, maxCycles not negative");
    }
    recentCharges = recentCharges == null ? List.of() : List.copyOf(recentCharges);
  }

  /** A new subscription: no cycle done, no charge yet. */
  public static SubscriptionState start(
      String customer, long amountCents, Duration period, int cyclesPerRun, int maxCycles) {
    return new SubscriptionState(
        customer, amountCents, period, cyclesPerRun, 0, maxCycles, List.of());
  }

  /** Whether every cycle was charged: {@code maxCycles} reached (never when it is 0). */
  public boolean finished() {
    return maxCycles > 0 && cyclesDone >= maxCycles;
  }

  /** This state charging {@code cents} per cycle from now on. */
  public SubscriptionState priced(long cents) {
    return new SubscriptionState(
        customer, cents, period, cyclesPerRun, cyclesDone, maxCycles, recentCharges);
  }

  /** This state after one more charged cycle, keeping the last {@link #RECENT_CHARGES} charges. */
  public SubscriptionState charged(String chargeId) {
    List<String> charges = new ArrayList<>(recentCharges);
    charges.add(chargeId);
    List<String> kept =
        charges.subList(Math.max(0, charges.size() - RECENT_CHARGES), charges.size());
    return new SubscriptionState(
        customer, amountCents, period, cyclesPerRun, cyclesDone + 1, maxCycles, kept);
  }
}
