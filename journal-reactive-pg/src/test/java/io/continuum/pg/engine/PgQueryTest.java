package io.continuum.pg.engine;

import static io.continuum.pg.engine.PgNodes.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuum.QueryFailed;
import io.continuum.StartOptions;
import io.continuum.runtime.QueryTest;
import org.junit.jupiter.api.Test;

/** Queries on Postgres: answered by a node that never hosted the run, after its host died. */
class PgQueryTest {

  @Test
  void anotherNodeAnswersAQueryFromTheHistoryAfterTheHostDied() {
    try (var nodes = new PgNodes()) {
      var a =
          nodes.start("a", b -> b.workflow(QueryTest.Order.class).activity(new QueryTest.Charge()));
      join(a.engine().client().start(QueryTest.Order.class, "o-pg", StartOptions.withId("o-pg")));
      nodes.settle();
      int seq = join(nodes.journal().run("o-pg")).lastSeq();
      a.kill();

      var b = nodes.start("b", bb -> bb.workflow(QueryTest.Order.class));
      assertThat(join(b.engine().client().query("o-pg", "status", String.class)))
          .isEqualTo("charged 42 EUR for o-pg");
      assertThat(join(nodes.journal().run("o-pg")).lastSeq()).isEqualTo(seq);

      var c = nodes.start("c", cc -> {});
      assertThatThrownBy(() -> join(c.engine().client().query("o-pg", "status", String.class)))
          .isInstanceOf(QueryFailed.class)
          .hasMessageContaining("no code for query.order");
    }
  }
}
