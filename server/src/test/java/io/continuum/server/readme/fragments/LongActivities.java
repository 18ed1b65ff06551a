package io.continuum.server.readme.fragments;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.Continuum;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.time.Duration;
import java.util.List;

/**
 * The README's heartbeat and external-completion fragments, each in a context where it compiles as
 * shown; the README test finds each block here, token for token.
 */
public final class LongActivities {
  private LongActivities() {}

  public record ImportFile(String name, List<String> rows) {}

  public record Invoice(String id, long amountCents) {}

  public record Approval(String approver) {}

  /** Sends approval requests; a stand-in for the application's mailer. */
  public interface Mailer {
    void askForApproval(Invoice invoice, String token);
  }

  static void load(String row) {}

  public static final class ImportRows implements Activity<ImportFile, Integer> {
    @Override
    public Integer execute(ActivityContext ctx, ImportFile file) {
      int from = ctx.lastHeartbeatDetails(Integer.class).orElse(0); // where attempt n-1 got to
      List<String> rows = file.rows();
      for (int i = from; i < rows.size(); i++) {
        load(rows.get(i));
        ctx.heartbeat(i + 1); // progress; throws ActivityCancelled once the run is cancelled
      }
      return rows.size();
    }
  }

  public static final class Import implements Workflow<ImportFile, Integer> {
    @Override
    public Integer run(WorkflowContext ctx, ImportFile file) {
      int loaded =
          ctx.activity(
              ImportRows.class,
              file,
              ActivityOptions.defaults()
                  .withStartToCloseTimeout(Duration.ofHours(2))
                  .withHeartbeatTimeout(Duration.ofSeconds(30))); // silent for 30 s: retried
      return loaded;
    }
  }

  public static final class AskApprover implements Activity<Invoice, Approval> {
    private final Mailer mailer;

    public AskApprover(Mailer mailer) {
      this.mailer = mailer;
    }

    @Override
    public Approval execute(ActivityContext ctx, Invoice invoice) {
      mailer.askForApproval(invoice, ctx.completionToken()); // the approver's link carries it
      ctx.completeExternally(); // so the value returned is ignored
      return null;
    }
  }

  static void approved(Continuum client, String token) {
    // wherever the approver's click lands: any node, any process with a client
    client.completeActivity(token, new Approval("grace")); // or client.failActivity(token, "no")
  }
}
