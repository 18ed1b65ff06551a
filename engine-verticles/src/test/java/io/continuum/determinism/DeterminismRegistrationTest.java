package io.continuum.determinism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.NondeterministicWorkflowException;
import io.continuum.Workflow;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.determinism.DeterminismOptions.Mode;
import io.continuum.determinism.snippets.AllowedSnippets;
import io.continuum.determinism.snippets.ClockSnippets;
import io.continuum.determinism.snippets.RandomSnippets;
import io.continuum.determinism.snippets.StateSnippets;
import io.continuum.runtime.Engine;
import org.junit.jupiter.api.Test;

/** assertDeterministic, the options, and the check Engine.Builder.build() runs. */
class DeterminismRegistrationTest {

  @Test
  void assertDeterministicListsEveryErrorOnItsOwnLine() {
    assertThatThrownBy(() -> DeterminismCheck.assertDeterministic(RandomSnippets.RandomField.class))
        .isInstanceOfSatisfying(
            NondeterministicWorkflowException.class,
            e -> {
              assertThat(e.errorType()).isEqualTo("nondeterministic-workflow");
              assertThat(e.getMessage().lines())
                  .first()
                  .asString()
                  .contains("RandomSnippets$RandomField is not deterministic (1 error)");
              assertThat(e.getMessage().lines())
                  .filteredOn(l -> l.startsWith("ERROR "))
                  .singleElement()
                  .asString()
                  .contains("randomness: new java.util.Random()");
              assertThat(e.reports()).singleElement().matches(DeterminismReport::hasErrors);
            });
  }

  @Test
  void warningsDoNotFailAssertDeterministic() {
    assertThatCode(() -> DeterminismCheck.assertDeterministic(StateSnippets.Reflect.class))
        .doesNotThrowAnyException();
    assertThatCode(() -> DeterminismCheck.assertDeterministic(AllowedSnippets.PureHelper.class))
        .doesNotThrowAnyException();
  }

  @Test
  void unknownCallsCanBeErrors() {
    var strict = DeterminismOptions.defaults().withUnknownCalls(Severity.ERROR);

    DeterminismReport report = DeterminismCheck.scan(StateSnippets.UnknownUserCode.class, strict);

    assertThat(report.errors()).singleElement().extracting(Finding::rule).isEqualTo("unknown-call");
  }

  @Test
  void trustedPackagesSilenceUnknownCallsButNotRules() {
    var trusting =
        DeterminismOptions.defaults().withTrusted("io.continuum.determinism.fixtures", "java.time");

    assertThat(DeterminismCheck.scan(StateSnippets.UnknownUserCode.class, trusting).findings())
        .isEmpty();
    assertThat(DeterminismCheck.scan(ClockSnippets.InstantNow.class, trusting).errors())
        .singleElement()
        .extracting(Finding::call)
        .isEqualTo("java.time.Instant.now()");
  }

  @Test
  void trustedNamesMatchClassesPackagesAndNestedClasses() {
    var options = DeterminismOptions.defaults().withTrusted("com.acme.*", "org.x.Money");

    assertThat(options.trusted()).containsExactly("com.acme", "org.x.Money");
    assertThat(options.trusts("com.acme.billing.Tax")).isTrue();
    assertThat(options.trusts("org.x.Money$Cents")).isTrue();
    assertThat(options.trusts("org.x.MoneyBag")).isFalse();
    assertThat(options.trusts("com.acmecorp.Tax")).isFalse();
  }

  @Test
  void buildFailsOnANondeterministicWorkflowByDefault() {
    var builder = Engine.builder().workflow(ClockSnippets.InstantNow.class);

    assertThatThrownBy(builder::build)
        .isInstanceOf(NondeterministicWorkflowException.class)
        .hasMessageContaining("use ctx.now() instead of Instant.now()");
  }

  @Test
  void buildGoesOnInWarnAndOffModes() {
    for (Mode mode : new Mode[] {Mode.WARN, Mode.OFF}) {
      var builder =
          Engine.builder()
              .workflow(ClockSnippets.InstantNow.class)
              .determinism(DeterminismOptions.defaults().withMode(mode));

      assertThatCode(builder::build).as("%s", mode).doesNotThrowAnyException();
    }
  }

  @Test
  void workflowsGivenAsLambdasAreSkippedWithANote() {
    Workflow<String, String> echo = (ctx, in) -> in + System.currentTimeMillis();
    var definition = WorkflowDefinition.of("echo", String.class, String.class, echo);

    assertThatCode(() -> Engine.builder().workflow(definition).build()).doesNotThrowAnyException();
    DeterminismReport report = DeterminismCheck.scan(echo.getClass());
    assertThat(report.findings()).isEmpty();
    assertThat(report.notes()).singleElement().asString().contains("was not scanned");
  }

  @Test
  void aClassCanBeScannedByNameWithoutLoadingIt() {
    DeterminismReport report =
        DeterminismCheck.scan(
            ClockSnippets.NewDate.class.getName(),
            getClass().getClassLoader(),
            DeterminismOptions.defaults());

    assertThat(report.workflow()).isEqualTo(ClockSnippets.NewDate.class.getName());
    assertThat(report.errors()).extracting(Finding::call).containsExactly("new java.util.Date()");
  }
}
