package io.continuum.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmokeTest {

  public static final class Greet implements Activity<String, String> {
    @Override
    public String execute(ActivityContext ctx, String name) {
      return "hello " + name + " (" + ctx.attempt() + ")";
    }
  }

  public static final class Hello implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      String a = ctx.activity(Greet.class, name);
      ctx.sleep(Duration.ofMinutes(5));
      Optional<String> s = ctx.awaitSignal("go", String.class, Duration.ofHours(1));
      String b = ctx.activity(Greet.class, s.orElse("nobody"));
      return a + " / " + b + " / " + ctx.sideEffect("x", Integer.class, () -> 42);
    }
  }

  @Test
  void runsToCompletion() {
    try (var env =
        TestEnvironment.builder()
            .workflow(Hello.class)
            .activity(new Greet())
            .paranoid(true)
            .build()) {
      String out = env.startSynchronous(Hello.class, "ada");
      assertThat(out).isEqualTo("hello ada (1) / hello nobody (1) / 42");
      System.out.println(env.historyJson(env.journal().runIds().get(0)));
    }
  }
}
