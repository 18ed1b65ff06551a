package io.continuum.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.QueryFailed;
import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.StartOptions;
import io.continuum.UnknownQuery;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Issue 17, item 1: queries read a run's state in any state of the run and write nothing. */
public class QueryTest {

  /** Charges, waits for approval, ships; its status is queryable all along. */
  @WorkflowType("query.order")
  public static final class Order implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String order) {
      var status = new AtomicReference<>("new");
      ctx.onQuery("status", status::get);
      ctx.onQuery("order", () -> order);
      ctx.onQuery("sneaky", () -> ctx.now()); // a handler that calls the context
      ctx.onQuery(
          "broken",
          () -> {
            throw new IllegalStateException("no status for you");
          });
      status.set("charged " + ctx.activity(Charge.class, order));
      String approval = ctx.awaitSignal("approval", String.class);
      if (approval.equals("reject")) {
        status.set("rejected");
        throw new IllegalStateException("rejected");
      }
      status.set("approved by " + approval);
      ctx.sleep(Duration.ofMinutes(5));
      status.set("shipped");
      return "done " + order;
    }
  }

  public static final class Charge implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String order) {
      return "42 EUR for " + order;
    }
  }

  private static TestEnvironment env() {
    return TestEnvironment.builder()
        .workflow(Order.class)
        .activity(new Charge())
        .paranoid(true)
        .build();
  }

  @Test
  void aQueryAnswersWhereTheRunIsInEveryStateAndWritesNothing() {
    try (var env = env()) {
      env.start(Order.class, "o-1", StartOptions.withId("o-1"));
      int seq = env.getRun("o-1").lastSeq();
      assertThat(env.query("o-1", "status", String.class)).isEqualTo("charged 42 EUR for o-1");
      assertThat(env.query("o-1", "order", String.class)).isEqualTo("o-1");
      assertThat(env.getRun("o-1").lastSeq()).isEqualTo(seq);
      assertThat(env.getRun("o-1").state()).isEqualTo(RunState.SUSPENDED);

      env.injectSignal("o-1", "approval", "grace");
      assertThat(env.query("o-1", "status", String.class)).isEqualTo("approved by grace");
      env.runToEnd("o-1");
      assertThat(env.query("o-1", "status", String.class)).isEqualTo("shipped");

      env.start(Order.class, "o-2", StartOptions.withId("o-2"));
      env.injectSignal("o-2", "approval", "reject");
      assertThat(env.getRun("o-2").state()).isEqualTo(RunState.FAILED);
      assertThat(env.query("o-2", "status", String.class)).isEqualTo("rejected");
    }
  }

  @Test
  void unknownQueriesHandlersThatCallTheContextAndFailingHandlersAreRefused() {
    try (var env = env()) {
      env.start(Order.class, "o-3", StartOptions.withId("o-3"));
      int seq = env.getRun("o-3").lastSeq();
      assertThatThrownBy(() -> env.query("o-3", "nope", String.class))
          .isInstanceOf(UnknownQuery.class)
          .hasMessageContaining("nope");
      assertThatThrownBy(() -> env.query("o-3", "sneaky", String.class))
          .isInstanceOf(QueryFailed.class)
          .hasMessageContaining("writes nothing");
      assertThatThrownBy(() -> env.query("o-3", "broken", String.class))
          .isInstanceOf(QueryFailed.class)
          .hasMessageContaining("no status for you");
      assertThatThrownBy(() -> env.query("missing", "status", String.class))
          .isInstanceOf(RunNotFound.class);
      assertThat(env.getRun("o-3").lastSeq()).isEqualTo(seq);
      assertThat(env.history("o-3"))
          .extracting(h -> h.event().typeName())
          .doesNotContain("value_recorded");
      // another namespace's run of the same id is not there
      assertThatThrownBy(() -> env.query("billing/o-3", "status", String.class))
          .isInstanceOf(RunNotFound.class);
    }
  }

  @Test
  void aBadQueryNameIsRefusedWhereItIsRegistered() {
    try (var env = TestEnvironment.builder().workflow(BadName.class).build()) {
      var run = env.start(BadName.class, "x");
      assertThat(env.getRun(run.runId()).state()).isEqualTo(RunState.FAILED);
      assertThat(env.getRun(run.runId()).failure().message()).contains("query name");
    }
  }

  @WorkflowType("query.bad-name")
  public static final class BadName implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.onQuery("no spaces allowed", () -> in);
      return in;
    }
  }
}
