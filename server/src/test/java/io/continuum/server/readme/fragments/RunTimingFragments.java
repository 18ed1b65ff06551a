package io.continuum.server.readme.fragments;

import io.continuum.ExecutionTimeoutFailure;
import io.continuum.RunHandle;
import io.continuum.StartOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.WorkflowType;
import io.continuum.testing.TestEnvironment;
import java.time.Duration;

/** The README's delayed start and execution timeout, in a context where they compile and run. */
public final class RunTimingFragments {
  private RunTimingFragments() {}

  /** Waits for replies until one says "done". */
  @WorkflowType("readme.reminder")
  public static final class Reminder implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String what) {
      String reply = ctx.awaitSignal("reply", String.class);
      while (!reply.equals("done")) {
        reply = ctx.awaitSignal("reply", String.class);
      }
      return what + ": done";
    }
  }

  /** The README block. */
  public static void reminder(TestEnvironment env) {
    // Created now, first step in an hour; fails with ExecutionTimeoutFailure if its chain has not
    // ended a day after it started.
    RunHandle<String> run =
        env.start(
            Reminder.class,
            "renew the passport",
            StartOptions.withId("remind-7")
                .withStartDelay(Duration.ofHours(1))
                .withExecutionTimeout(Duration.ofDays(1)));
    env.injectSignal("remind-7", "reply", "later"); // waits in the mailbox: the run is pending
    env.advance(Duration.ofHours(1)); // now its first step runs and takes it
    try {
      env.result(run); // skips to the deadline: nobody said "done"
    } catch (ExecutionTimeoutFailure timedOut) { // a WorkflowFailure of type "execution_timeout"
      System.out.println(timedOut.getMessage());
    }
  }
}
