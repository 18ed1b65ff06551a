package io.continuum.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.RunNotFound;
import io.continuum.RunRef;
import io.continuum.RunState;
import io.continuum.core.event.HistoryEvent;
import io.continuum.core.payload.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conformance: listing runs (namespace always a predicate, filters, newest-first keyset paging),
 * merging search attributes and paging history.
 */
public abstract class JournalQueryConformance extends JournalFastPathConformance {

  private List<String> ids(RunSearch search) {
    return await(journal.query(search)).stream().map(RunRecord::runId).toList();
  }

  private static RunSearch in(String namespace, int limit) {
    return new RunSearch(namespace, Set.of(), null, null, null, null, null, null, limit);
  }

  private static RunSearch withAttributes(String json) {
    return new RunSearch(NAMESPACE, Set.of(), null, null, null, json(json), null, null, 50);
  }

  private static RunSearch after(RunSearch s, RunRecord last) {
    return new RunSearch(
        s.namespace(),
        s.states(),
        s.workflowType(),
        s.createdFrom(),
        s.createdBefore(),
        s.attributes(),
        last.createdAt(),
        last.runId(),
        s.limit());
  }

  private StartResult startIn(String namespace, String runId) {
    NewRun base = newRun(runId);
    var run =
        new NewRun(
            RunRef.of(namespace, runId).key(),
            TYPE,
            namespace,
            base.input(),
            base.inputHash(),
            base.attributes(),
            base.startedAt());
    return await(journal.start(run, awaitingApproval(), OWNER, TTL, null));
  }

  @Test
  void theSameIdInTwoNamespacesIsTwoRuns() {
    startAwaitingSignal("order-1");
    StartResult other = startIn("billing", "order-1");

    assertThat(other.created()).isTrue();
    assertThat(run("order-1").namespace()).isEqualTo(NAMESPACE);
    assertThat(run("billing/order-1").namespace()).isEqualTo("billing");
    await(journal.signal("billing/order-1", "approval", INPUT));
    assertThat(await(journal.inbox("billing/order-1")).items()).hasSize(1);
    assertThat(await(journal.inbox("order-1")).items()).isEmpty();
    assertThat(ids(in("billing", 10))).containsExactly("billing/order-1");
    assertThat(ids(in(NAMESPACE, 10))).containsExactly("order-1");
  }

  /** Issue 17, item 3: signal-with-start writes the run and its signal together. */
  @Test
  void aStartWithASignalLeavesTheSignalInTheNewRunsMailbox() {
    NewRun base = newRun("sws-1");
    NewRun withSignal =
        new NewRun(
            base.runId(),
            base.workflowType(),
            base.namespace(),
            base.input(),
            base.inputHash(),
            base.attributes(),
            base.startedAt(),
            null,
            new NewRun.Signal("approval", json("{\"by\":\"grace\"}")));
    assertThat(await(journal.start(withSignal, awaitingApproval(), OWNER, TTL, null)).created())
        .isTrue();
    assertThat(await(journal.inbox("sws-1")).items())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i).isInstanceOf(io.continuum.core.event.InboxItem.Signal.class);
              assertThat(((io.continuum.core.event.InboxItem.Signal) i).name())
                  .isEqualTo("approval");
            });

    // The same start again finds the run and writes nothing: the caller signals it on its own.
    assertThat(await(journal.start(withSignal, awaitingApproval(), OWNER, TTL, null)).created())
        .isFalse();
    assertThat(await(journal.inbox("sws-1")).items()).hasSize(1);

    // A run that ends in its first step keeps no signal.
    NewRun ends =
        new NewRun(
            "sws-2",
            base.workflowType(),
            base.namespace(),
            base.input(),
            base.inputHash(),
            base.attributes(),
            base.startedAt(),
            null,
            new NewRun.Signal("approval", json("1")));
    await(journal.start(ends, completing("\"done\""), OWNER, TTL, null));
    assertThat(await(journal.inbox("sws-2")).items()).isEmpty();
  }

  @Test
  void aRunKeyMustNameItsOwnNamespace() {
    NewRun base = newRun("x");
    assertThatThrownBy(
            () ->
                new NewRun(
                    "x",
                    TYPE,
                    "billing",
                    base.input(),
                    base.inputHash(),
                    base.attributes(),
                    base.startedAt()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aQueryListsOneNamespaceNewestFirstAndPagesStrictlyAfterItsPosition() {
    for (int i = 1; i <= 5; i++) {
      startAwaitingSignal("run-" + i);
      advanceTime(Duration.ofMillis(1));
    }
    startIn("billing", "run-6");

    RunSearch first = in(NAMESPACE, 2);
    List<RunRecord> page1 = await(journal.query(first));
    assertThat(page1).extracting(RunRecord::runId).containsExactly("run-5", "run-4");
    List<RunRecord> page2 = await(journal.query(after(first, page1.get(1))));
    assertThat(page2).extracting(RunRecord::runId).containsExactly("run-3", "run-2");
    assertThat(ids(after(first, page2.get(1)))).containsExactly("run-1");
    assertThat(ids(in("billing", 10))).containsExactly("billing/run-6");
    assertThat(ids(in("nobody", 10))).isEmpty();
  }

  @Test
  void runsCreatedInTheSameInstantPageByIdWithoutSkippingOrRepeating() {
    for (int i = 1; i <= 4; i++) {
      startAwaitingSignal("same-" + i);
    }
    RunSearch one = in(NAMESPACE, 1);
    var seen = new java.util.ArrayList<String>();
    List<RunRecord> page = await(journal.query(one));
    while (!page.isEmpty()) {
      seen.add(page.get(0).runId());
      page = await(journal.query(after(one, page.get(0))));
    }
    assertThat(seen).containsExactlyInAnyOrder("same-1", "same-2", "same-3", "same-4");
    assertThat(seen).doesNotHaveDuplicates();
  }

  @Test
  void aQueryFiltersByStateWorkflowTypeAndCreationTime() {
    Started done = startAwaitingSignal("run-1");
    completeRun(done);
    advanceTime(Duration.ofSeconds(1));
    startAwaitingSignal("run-2");
    await(
        journal.start(
            newRun("run-3", "orders.refund", INPUT), awaitingApproval(), OWNER, TTL, null));
    Instant second = run("run-2").createdAt();

    var completed =
        new RunSearch(NAMESPACE, Set.of(RunState.COMPLETED), null, null, null, null, null, null, 9);
    assertThat(ids(completed)).containsExactly("run-1");
    var open =
        new RunSearch(
            NAMESPACE,
            Set.of(RunState.SUSPENDED, RunState.RUNNING),
            TYPE,
            null,
            null,
            null,
            null,
            null,
            9);
    assertThat(ids(open)).containsExactly("run-2");
    var since = new RunSearch(NAMESPACE, Set.of(), null, second, null, null, null, null, 9);
    assertThat(ids(since)).containsExactlyInAnyOrder("run-2", "run-3");
    var before = new RunSearch(NAMESPACE, Set.of(), null, null, second, null, null, null, 9);
    assertThat(ids(before)).containsExactly("run-1");
  }

  @Test
  void anAttributeFilterMatchesByJsonContainment() {
    startAwaitingSignal("run-1"); // {"tier":"gold","region":"eu"}
    startAwaitingSignal("run-2");
    await(
        journal.setAttributes(
            "run-2", json("{\"tier\":\"silver\",\"score\":2,\"tags\":[\"a\",\"b\"]}")));

    assertThat(ids(withAttributes("{\"tier\":\"gold\"}"))).containsExactly("run-1");
    assertThat(ids(withAttributes("{\"region\":\"eu\"}"))).containsExactly("run-2", "run-1");
    assertThat(ids(withAttributes("{\"score\":2.0}"))).containsExactly("run-2");
    assertThat(ids(withAttributes("{\"tags\":[\"b\"]}"))).containsExactly("run-2");
    assertThat(ids(withAttributes("{\"tags\":\"b\"}"))).isEmpty();
    assertThat(ids(withAttributes("{\"missing\":true}"))).isEmpty();
  }

  @Test
  void setAttributesMergesKeysKeepsOthersAndWorksOnAFinishedRun() {
    Started started = startAwaitingSignal("run-1");
    completeRun(started);
    Instant before = run("run-1").updatedAt();
    advanceTime(Duration.ofSeconds(1));

    RunRecord row = await(journal.setAttributes("run-1", json("{\"tier\":\"platinum\",\"n\":1}")));

    assertThat(row.state()).isEqualTo(RunState.COMPLETED);
    assertThat(tree(row.attributes()))
        .isEqualTo(tree(json("{\"tier\":\"platinum\",\"region\":\"eu\",\"n\":1}")));
    assertThat(row.updatedAt()).isAfter(before);
    assertThat(tree(run("run-1").attributes())).isEqualTo(tree(row.attributes()));
    assertThat(run("run-1").lastSeq()).isEqualTo(started.lastSeq() + 1);
  }

  @Test
  void setAttributesOnAMissingRunIsRunNotFoundAndCreatesNothing() {
    assertThatThrownBy(() -> await(journal.setAttributes("ghost", json("{\"a\":1}"))))
        .isInstanceOf(RunNotFound.class);
    assertThat(ids(in(NAMESPACE, 10))).isEmpty();
  }

  @Test
  void historyPagesAreBoundedAndOrdered() {
    Started started = startAwaitingSignal("run-1");
    completeRun(started);

    List<HistoryEvent> page = await(journal.history("run-1", 1, 1));
    assertThat(page).extracting(HistoryEvent::seq).containsExactly(2);
    assertThat(await(journal.history("run-1", 0, 100)))
        .extracting(HistoryEvent::seq)
        .containsExactly(1, 2, 3);
    assertThat(await(journal.history("run-1", 3, 10))).isEmpty();
    assertThatThrownBy(() -> await(journal.history("ghost", 0, 10)))
        .isInstanceOf(RunNotFound.class);
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(Payload p) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.json());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
