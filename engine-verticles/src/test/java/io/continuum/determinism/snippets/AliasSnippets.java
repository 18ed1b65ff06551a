package io.continuum.determinism.snippets;

import static java.time.Instant.now;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.determinism.fixtures.BadPure;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/** Calls hidden behind static imports, method references, lambdas and other classes. */
public final class AliasSnippets {
  private AliasSnippets() {}

  @Expect(
      rule = "wall-clock",
      call = "java.time.Instant.now()",
      hint = "use ctx.now() instead of Instant.now()")
  public static final class StaticImport implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return now();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.Instant.now()",
      hint = "use ctx.now() instead of Instant.now()")
  public static final class MethodReference implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Supplier<Instant> clock = Instant::now;
      return clock.get();
    }
  }

  @Expect(rule = "randomness", call = "new java.util.Random()", hint = "use ctx.random()")
  public static final class ConstructorReference implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Supplier<Random> dice = Random::new;
      return dice.get().nextInt(6);
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.lang.System.currentTimeMillis()",
      hint = "use ctx.now()")
  public static final class LambdaBody implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return List.of(in).stream().map(s -> s + System.currentTimeMillis()).toList();
    }
  }

  /** Only a producer passed straight to ctx.sideEffect is exempt; a stored one is not. */
  @Expect(
      rule = "randomness",
      call = "java.util.UUID.randomUUID()",
      hint = "use ctx.randomUUID() instead of UUID.randomUUID()")
  public static final class StoredProducer implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Supplier<UUID> ids = UUID::randomUUID;
      return ctx.sideEffect("id", UUID.class, ids);
    }
  }

  @Expect(rule = "wall-clock", call = "java.lang.System.nanoTime()", hint = "use ctx.now()")
  public static final class AnonymousClass implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Supplier<Long> ticks =
          new Supplier<>() {
            @Override
            public Long get() {
              return System.nanoTime();
            }
          };
      return ticks.get();
    }
  }

  @Expect(rule = "randomness", call = "java.lang.Math.random()", hint = "use ctx.random()")
  public static final class LocalClass implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      class Dice {
        int roll() {
          return (int) (Math.random() * 6);
        }
      }
      return new Dice().roll();
    }
  }

  @Expect(rule = "wall-clock", call = "java.time.Instant.now()", hint = "use ctx.now()")
  public static final class NestedHelper implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Stamps.stamp(in);
    }

    private static final class Stamps {
      static String stamp(String s) {
        return s + "@" + Instant.now();
      }
    }
  }

  @Expect(rule = "wall-clock", call = "java.time.Instant.now()", hint = "use ctx.now()")
  public static final class PrivateMethod implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return stamp();
    }

    private Instant stamp() {
      return Instant.now();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.lang.System.currentTimeMillis()",
      hint = "use ctx.now() instead of System.currentTimeMillis()")
  public static final class ImpurePureHelper implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return BadPure.stamp();
    }
  }

  @Expect(rule = "randomness", call = "java.util.UUID.randomUUID()", hint = "ctx.randomUUID()")
  public static final class RecordFactory implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Order.create(in);
    }
  }

  /** A payload record with a factory that is not deterministic. */
  public record Order(UUID id, String item) {
    static Order create(String item) {
      return new Order(UUID.randomUUID(), item);
    }
  }

  @Expect(rule = "wall-clock", call = "java.time.Instant.now()", hint = "use ctx.now()")
  public static final class InheritedHelper extends Base implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return stampOf(in);
    }
  }

  /** A workflow base class: part of every workflow extending it. */
  public abstract static class Base {
    protected String stampOf(String s) {
      return s + Instant.now();
    }
  }

  @Expect(rule = "threads", call = "java.lang.Thread.start()", hint = "instead of Thread")
  public static final class ThreadSubclass implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      new Worker().start();
      return in;
    }

    static final class Worker extends Thread {}
  }

  /** A static initializer runs once per JVM: each node gets a different value. */
  @Expect(rule = "wall-clock", call = "java.lang.System.currentTimeMillis()", hint = "ctx.now()")
  public static final class StaticInitializer implements Workflow<String, Object> {
    private static final long BOOTED = System.currentTimeMillis();

    public Object run(WorkflowContext ctx, String in) {
      return in + BOOTED;
    }
  }
}
