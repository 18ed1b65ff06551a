package io.continuum.server;

import static io.continuum.server.OrderRuns.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunNotFound;
import io.continuum.RunState;
import io.continuum.core.event.Event;
import io.continuum.core.payload.Payload;
import io.continuum.core.replay.StepOutcome;
import io.continuum.journal.NewRun;
import io.continuum.pg.engine.PgNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code continuum archive-chains}: a dry run first; only old continued runs, never a tip. */
class ArchiveChainsCommandTest {

  private static void startChain(PgNodes nodes, String root) {
    Payload input = Payload.ofJson("1");
    var first =
        new StepOutcome(
            RunState.CONTINUED,
            List.of(new Event.RunContinued(root + ":cont-1", Payload.ofJson("2"))),
            List.of(),
            List.of(),
            List.of(),
            null,
            null);
    PgNodes.join(
        nodes
            .journal()
            .start(
                new NewRun(
                    root,
                    "chain",
                    "default",
                    input,
                    NewRun.hash(input),
                    Payload.EMPTY_OBJECT,
                    Instant.now()),
                first,
                "test",
                Duration.ofSeconds(30),
                null));
  }

  @Test
  void deletesOnlyContinuedRunsOlderThanTheAgeAndKeepsTheTips() {
    try (var nodes = new PgNodes()) {
      startChain(nodes, "old");
      var young =
          CliRunner.run(Map.of(), "archive-chains", "--pg-url", url(nodes), "--older-than", "30d");
      assertThat(young.exitCode()).as(young.err()).isZero();
      assertThat(young.lines())
          .containsExactly("dry run: 0 continued run(s) to delete; add --execute to delete them");

      nodes.advance(Duration.ofDays(31));
      startChain(nodes, "new");
      var dryRun =
          CliRunner.run(Map.of(), "archive-chains", "--pg-url", url(nodes), "--older-than", "30d");
      assertThat(dryRun.lines())
          .containsExactly(
              "would delete old (chain old)",
              "dry run: 1 continued run(s) to delete; add --execute to delete them");
      assertThat(PgNodes.join(nodes.journal().run("old")).state()).isEqualTo(RunState.CONTINUED);

      var done =
          CliRunner.run(
              Map.of(),
              "archive-chains",
              "--pg-url",
              url(nodes),
              "--older-than",
              "30d",
              "--execute");
      assertThat(done.exitCode()).as(done.err()).isZero();
      assertThat(done.lines())
          .containsExactly("deleted old (chain old)", "deleted 1 continued run(s)");
      assertThatThrownBy(() -> PgNodes.join(nodes.journal().history("old", 0)))
          .isInstanceOf(RunNotFound.class);
      assertThat(PgNodes.join(nodes.journal().run("old:cont-1")).state())
          .isEqualTo(RunState.PENDING);
      assertThat(PgNodes.join(nodes.journal().run("new")).state()).isEqualTo(RunState.CONTINUED);
    }
  }

  @Test
  void anAgeIsDaysHoursMinutesSecondsOrIso() {
    var c = new ArchiveChainsCommand.AgeConverter();
    assertThat(c.convert("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(c.convert("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(c.convert("PT90M")).isEqualTo(Duration.ofMinutes(90));
    var help = CliRunner.run(Map.of(), "--help");
    assertThat(help.out()).contains("archive-chains");
  }
}
