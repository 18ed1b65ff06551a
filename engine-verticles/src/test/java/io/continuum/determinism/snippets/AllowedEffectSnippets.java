package io.continuum.determinism.snippets;

import io.continuum.Activity;
import io.continuum.ActivityContext;
import io.continuum.ActivityOptions;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Effects through the context, and code that only looks risky: no finding at all. */
public final class AllowedEffectSnippets {
  private AllowedEffectSnippets() {}

  /** A producer passed straight to ctx.sideEffect runs once and is journaled. */
  @Allowed
  public static final class SideEffectMethodReference implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return ctx.sideEffect("id", UUID.class, UUID::randomUUID);
    }
  }

  @Allowed
  public static final class SideEffectLambda implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return ctx.sideEffect("config", String.class, () -> System.getenv("REGION"));
    }
  }

  @Allowed
  public static final class SideEffectAnonymousClass implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return ctx.sideEffect(
          "ticks",
          Long.class,
          new Supplier<Long>() {
            @Override
            public Long get() {
              return System.nanoTime();
            }
          });
    }
  }

  /** The nested activity is only named, never called: it is not workflow code. */
  @Allowed
  public static final class ActivitiesAndSignals implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      String stamped = ctx.activity(Stamp.class, in, ActivityOptions.defaults().withMaxAttempts(3));
      Optional<String> ok = ctx.awaitSignal("ok", String.class, Duration.ofHours(1));
      var handles =
          List.of(ctx.startActivity(Stamp.class, "a"), ctx.startActivity(Stamp.class, "b"));
      return stamped + ok.orElse("-") + ctx.awaitAll(handles) + ctx.info().runId();
    }

    public static final class Stamp implements Activity<String, String> {
      @Override
      public String execute(ActivityContext ctx, String in) {
        return in + Instant.now();
      }
    }
  }

  @Allowed
  public static final class Atomics implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      var counter = new AtomicInteger();
      var seen = new ConcurrentHashMap<String, Integer>();
      seen.put(in, counter.incrementAndGet());
      return seen;
    }
  }

  /** Instance fields are fresh every step: mutating them is fine. */
  @Allowed
  public static final class InstanceState implements Workflow<String, Object> {
    private int steps;
    private final StringBuilder log = new StringBuilder();

    public Object run(WorkflowContext ctx, String in) {
      steps++;
      log.append(in).append(steps);
      return log.toString();
    }
  }

  @Allowed
  public static final class EnumsAndSwitches implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Color c = Color.valueOf("RED");
      int code =
          switch (c) {
            case RED -> 1;
            case GREEN -> 2;
          };
      String label =
          switch (in) {
            case "a" -> "first";
            default -> "other";
          };
      return code + label + c.ordinal() + c.name() + Color.values().length;
    }

    enum Color {
      RED,
      GREEN
    }
  }

  /** catch (Exception) is the safe catch; try-with-resources is not a catch of Throwable. */
  @Allowed
  public static final class ExceptionsAndResources implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try (var reader = new StringReader(in)) {
        ctx.sleep(Duration.ofSeconds(1));
        return reader.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Rejected e) {
        return e.getMessage();
      } catch (Exception e) {
        throw new IllegalStateException("failed: " + in, e);
      }
    }

    static final class Rejected extends RuntimeException {
      Rejected(String message) {
        super(message);
      }
    }
  }

  @Allowed
  public static final class StaticConstants implements Workflow<String, Object> {
    private static final List<String> NAMES = List.of("a", "b");
    private static final ActivityOptions RETRIES = ActivityOptions.defaults().withMaxAttempts(2);

    public Object run(WorkflowContext ctx, String in) {
      return NAMES.contains(in) ? RETRIES : NAMES;
    }
  }
}
