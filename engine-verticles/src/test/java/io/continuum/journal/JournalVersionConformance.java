package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conformance: versions. A run keeps the version it started on, and a claim takes only runs whose
 * version the claimant names (a bare type name takes every version; a run with no version goes to
 * any node with its type).
 */
public abstract class JournalVersionConformance extends JournalQueryConformance {
  private static final String V1 = "a".repeat(64);
  private static final String V2 = "b".repeat(64);

  private void startWaiting(String runId, String version) {
    NewRun base = newRun(runId);
    var run =
        new NewRun(
            runId,
            TYPE,
            NAMESPACE,
            base.input(),
            base.inputHash(),
            base.attributes(),
            base.startedAt(),
            version);
    await(journal.start(run, awaitingApproval(), OWNER, TTL, null));
    release(runId);
    signal(runId, APPROVAL, "\"yes\"");
  }

  private List<String> claim(String... keys) {
    return await(journal.claimRunnable(OTHER_OWNER, List.of(keys), 10, TTL, Set.of())).stream()
        .map(Lease::runId)
        .sorted()
        .toList();
  }

  @Test
  void aRunKeepsTheVersionItStartedOn() {
    startWaiting("run-1", V1);
    startWaiting("run-2", null);
    assertThat(run("run-1").versionHash()).isEqualTo(V1);
    assertThat(run("run-2").versionHash()).isNull();
    assertThat(
            await(
                journal.query(
                    new RunSearch(NAMESPACE, Set.of(), null, null, null, null, null, null, 10))))
        .extracting(RunRecord::versionHash)
        .containsExactlyInAnyOrder(V1, null);
  }

  @Test
  void aClaimTakesOnlyTheVersionsItNames() {
    startWaiting("run-1", V1);
    startWaiting("run-2", V2);
    startWaiting("run-3", null);

    assertThat(claim(LoadedVersion.claimKey(TYPE, "c".repeat(64)))).containsExactly("run-3");
    assertThat(claim(LoadedVersion.claimKey(TYPE, V2))).containsExactly("run-2");
    assertThat(claim("orders.refund@" + V1)).isEmpty();
    assertThat(claim(LoadedVersion.claimKey(TYPE, null))).containsExactly("run-1");
  }
}
