package io.continuum.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The state diagram in docs/architecture.md must be the one generated from the code's table. */
class RunStateDiagramTest {
  private static final String BEGIN = "<!-- run-states:begin -->\n";
  private static final String END = "<!-- run-states:end -->";

  @Test
  void theDocumentedDiagramIsGeneratedFromTheTransitionTable() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "architecture.md"));
    int from = doc.indexOf(BEGIN);
    int to = doc.indexOf(END);
    assertThat(from).as("docs/architecture.md has the run-states markers").isNotNegative();
    String documented = doc.substring(from + BEGIN.length(), to);

    String generated = "```mermaid\n" + RunState.mermaidDiagram() + "```\n";

    assertThat(documented)
        .as("docs/architecture.md is stale; replace its run-states block with:%n%s", generated)
        .isEqualTo(generated);
  }

  @Test
  void terminalStatesHaveNoWayOut() {
    for (RunState s : RunState.values()) {
      assertThat(s.isTerminal()).isEqualTo(s.successors().isEmpty());
    }
    assertThat(RunState.COMPLETED.canMoveTo(RunState.RUNNING)).isFalse();
    assertThat(RunState.DRIFTED.canStep()).isTrue();
  }
}
