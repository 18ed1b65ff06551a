package io.continuum.server.readme.fragments;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityFailure;
import io.continuum.ActivityOptions;
import io.continuum.ChildFailure;
import io.continuum.ChildHandle;
import io.continuum.ChildOptions;
import io.continuum.CompensationResult;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.runtime.Engine;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's workflow fragments (sagas, continue-as-new, children, versions, patches), each in a
 * context where it compiles as shown; the README test finds each block here, token for token.
 */
public final class TourFragments {
  private TourFragments() {}

  public record Trip(String id) {}

  public record Order(String id) {}

  public record Batch(String id, List<Order> orders) {}

  public static final class BookHotel implements Activity<Trip, String> {
    @Override
    public String execute(ActivityContext ctx, Trip trip) {
      return "hotel-" + trip.id();
    }
  }

  public static final class CancelHotel implements Activity<Trip, Void> {
    @Override
    public Void execute(ActivityContext ctx, Trip trip) {
      return null;
    }
  }

  public static final class BookFlight implements Activity<Trip, String> {
    @Override
    public String execute(ActivityContext ctx, Trip trip) {
      return "flight-" + trip.id();
    }
  }

  public static final class CancelFlight implements Activity<String, Void> {
    @Override
    public Void execute(ActivityContext ctx, String flightId) {
      return null;
    }
  }

  public static final class ChargeCard implements Activity<Trip, String> {
    @Override
    public String execute(ActivityContext ctx, Trip trip) {
      return "charged";
    }
  }

  public static final class ReserveStock implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order order) {
      return "reserved";
    }
  }

  public static final class ChargeOrder implements Activity<Order, String> {
    @Override
    public String execute(ActivityContext ctx, Order order) {
      return "charged";
    }
  }

  @WorkflowType("readme.fulfil")
  public static final class FulfilOrder implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order order) {
      return "shipped " + order.id();
    }
  }

  @WorkflowType("readme.label")
  public static final class PrintLabel implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String batchId) {
      return "label " + batchId;
    }
  }

  @WorkflowType("readme.trip")
  public static final class BookTrip implements Workflow<Trip, String> {
    @Override
    public String run(WorkflowContext ctx, Trip trip) {
      // README: the saga block, token for token.
      var opts =
          ActivityOptions.defaults().compensateWith(CancelHotel.class); // input: the original's
      String hotel = ctx.activity(BookHotel.class, trip, opts);
      String flight =
          ctx.activity(
              BookFlight.class,
              trip,
              ActivityOptions.defaults()
                  .compensateWith(CancelFlight.class, (Trip t, String id) -> id));
      try {
        ctx.activity(ChargeCard.class, trip);
      } catch (ActivityFailure payment) {
        CompensationResult undone = ctx.compensateAll(); // CancelFlight, then CancelHotel (LIFO)
        // ctx.compensateAll(CompensationMode.PARALLEL) schedules them all in one step instead
        throw payment;
      }
      return hotel + "+" + flight;
    }
  }

  @WorkflowType("readme.meter")
  public static final class Meter implements Workflow<Long, Long> {
    // README: the continue-as-new block, token for token.
    public Long run(WorkflowContext ctx, Long total) {
      for (int i = 0; i < 10; i++) {
        total += ctx.awaitSignal("usage", Long.class);
      }
      return ctx.continueAsNew(total); // this run ends `continued`; the successor starts now
    }
  }

  @WorkflowType("readme.batch")
  public static final class ShipBatch implements Workflow<Batch, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, Batch batch) {
      List<String> shipped = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      // README: the children block, token for token.
      List<ChildHandle<String>> parcels = new ArrayList<>();
      for (Order order : batch.orders()) {
        parcels.add(
            ctx.startChild(
                FulfilOrder.class, order, ChildOptions.defaults().id("order-" + order.id())));
      }
      for (ChildHandle<String> parcel : parcels) {
        try {
          shipped.add(ctx.awaitChild(parcel));
        } catch (ChildFailure f) { // the child failed or was cancelled
          failed.add(f.childId() + ": " + f.failure().message());
        }
      }
      String label = ctx.child(PrintLabel.class, batch.id()); // start and wait in one call
      shipped.add(label);
      shipped.addAll(failed);
      return shipped;
    }
  }

  @WorkflowType("orders.checkout")
  public static final class CheckoutV1 implements Workflow<Order, String> {
    @Override
    public String run(WorkflowContext ctx, Order order) {
      return ctx.activity(ChargeOrder.class, order);
    }
  }

  @WorkflowType("orders.checkout")
  public static final class CheckoutV2 implements Workflow<Order, String> {
    /** The card charge of an order (the saga's ChargeCard charges a trip). */
    public static final class ChargeCard implements Activity<Order, String> {
      @Override
      public String execute(ActivityContext ctx, Order order) {
        return "charged";
      }
    }

    @Override
    public String run(WorkflowContext ctx, Order order) {
      // README: the patch block, token for token.
      if (ctx.patched("reserve-before-charge")) { // new runs, and runs that reach this point now
        ctx.activity(ReserveStock.class, order);
      }
      ctx.activity(ChargeCard.class, order);
      return "done";
    }
  }

  /** The versions block: both versions of one type on one engine. */
  public static Engine.Builder versions() {
    return // README: the versions block, token for token.
    Engine.builder()
        .workflow(
            CheckoutV1.class) // @WorkflowType("orders.checkout"), the code old runs started on
        .workflow(CheckoutV2.class) // the same type, registered last: new runs start here
    ;
  }
}
