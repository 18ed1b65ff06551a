package io.continuum.determinism;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Workflow;
import io.continuum.determinism.snippets.AliasSnippets;
import io.continuum.determinism.snippets.Allowed;
import io.continuum.determinism.snippets.AllowedEffectSnippets;
import io.continuum.determinism.snippets.AllowedSnippets;
import io.continuum.determinism.snippets.ClockSnippets;
import io.continuum.determinism.snippets.EnvironmentSnippets;
import io.continuum.determinism.snippets.Expect;
import io.continuum.determinism.snippets.IoSnippets;
import io.continuum.determinism.snippets.RandomSnippets;
import io.continuum.determinism.snippets.StateSnippets;
import io.continuum.determinism.snippets.ThreadSnippets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table test: every snippet workflow carries its expected finding ({@link Expect}) or none
 * ({@link Allowed}); the table is the list of those classes.
 */
class DeterminismCheckTest {

  private static final List<Class<?>> HOLDERS =
      List.of(
          ClockSnippets.class,
          RandomSnippets.class,
          ThreadSnippets.class,
          IoSnippets.class,
          EnvironmentSnippets.class,
          StateSnippets.class,
          AliasSnippets.class,
          AllowedSnippets.class,
          AllowedEffectSnippets.class);

  static Stream<Class<?>> snippets() {
    return HOLDERS.stream()
        .flatMap(h -> Arrays.stream(h.getDeclaredClasses()))
        .filter(Workflow.class::isAssignableFrom)
        .sorted(Comparator.comparing(Class::getName));
  }

  static Stream<Class<?>> rejectedOrWarned() {
    return snippets().filter(c -> c.isAnnotationPresent(Expect.class));
  }

  static Stream<Class<?>> allowed() {
    return snippets().filter(c -> c.isAnnotationPresent(Allowed.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedOrWarned")
  void eachForbiddenSnippetIsReportedWithItsHint(Class<?> workflow) {
    Expect expected = workflow.getAnnotation(Expect.class);
    DeterminismReport report = DeterminismCheck.scan(workflow);

    assertThat(report.findings())
        .as("%s", report)
        .anySatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(expected.severity());
              assertThat(f.rule()).isEqualTo(expected.rule());
              assertThat(f.call()).isEqualTo(expected.call());
              assertThat(f.hint()).contains(expected.hint());
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allowed")
  void eachAllowedSnippetHasNoFindingAtAll(Class<?> workflow) {
    DeterminismReport report = DeterminismCheck.scan(workflow);

    assertThat(report.findings()).as("%s", report).isEmpty();
  }

  @Test
  void theTableHasAtLeastFortyForbiddenAndTwentyAllowedSnippets() {
    assertThat(rejectedOrWarned().count()).isGreaterThanOrEqualTo(40);
    assertThat(allowed().count()).isGreaterThanOrEqualTo(20);
    assertThat(snippets())
        .allSatisfy(
            c ->
                assertThat(
                        c.isAnnotationPresent(Expect.class) ^ c.isAnnotationPresent(Allowed.class))
                    .as("%s is marked either @Expect or @Allowed", c)
                    .isTrue());
  }

  @Test
  void everyErrorIsLocatedWithItsSourceLine() {
    Finding f = DeterminismCheck.scan(ClockSnippets.InstantNow.class).errors().get(0);

    assertThat(f.className()).isEqualTo(ClockSnippets.InstantNow.class.getName());
    assertThat(f.method()).isEqualTo("run");
    assertThat(f.line()).isPositive();
    assertThat(f.sourceFile()).isEqualTo("ClockSnippets.java");
    assertThat(f.toString())
        .isEqualTo(
            "ERROR io.continuum.determinism.snippets.ClockSnippets$InstantNow.run(ClockSnippets"
                + ".java:"
                + f.line()
                + ") wall-clock: java.time.Instant.now() — use ctx.now() instead of"
                + " Instant.now()");
  }

  @Test
  void findingsInAPureHelperAreLocatedInTheHelper() {
    Finding f = DeterminismCheck.scan(AliasSnippets.ImpurePureHelper.class).errors().get(0);

    assertThat(f.className()).isEqualTo("io.continuum.determinism.fixtures.BadPure");
    assertThat(f.method()).isEqualTo("stamp");
  }
}
