package io.continuum.determinism.snippets;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Randomness: each snippet must be rejected. */
public final class RandomSnippets {
  private RandomSnippets() {}

  @Expect(
      rule = "randomness",
      call = "java.lang.Math.random()",
      hint = "use ctx.random() instead of Math.random()")
  public static final class MathRandom implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Math.random();
    }
  }

  @Expect(
      rule = "randomness",
      call = "java.lang.StrictMath.random()",
      hint = "use ctx.random() instead of StrictMath.random()")
  public static final class StrictMathRandom implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return StrictMath.random();
    }
  }

  @Expect(
      rule = "randomness",
      call = "java.util.UUID.randomUUID()",
      hint = "use ctx.randomUUID() instead of UUID.randomUUID()")
  public static final class RandomUuid implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return UUID.randomUUID();
    }
  }

  @Expect(
      rule = "randomness",
      call = "new java.util.Random()",
      hint = "use ctx.random(), or new Random(seed)")
  public static final class NewRandom implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new Random().nextInt(6);
    }
  }

  @Expect(
      rule = "randomness",
      call = "new java.security.SecureRandom()",
      hint = "instead of SecureRandom")
  public static final class NewSecureRandom implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new SecureRandom().nextLong();
    }
  }

  @Expect(
      rule = "randomness",
      call = "java.util.concurrent.ThreadLocalRandom.current()",
      hint = "use ctx.random() instead of ThreadLocalRandom")
  public static final class ThreadLocalRandomCurrent implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return ThreadLocalRandom.current().nextInt(10);
    }
  }

  @Expect(
      rule = "randomness",
      call = "new java.util.SplittableRandom()",
      hint = "new SplittableRandom(seed)")
  public static final class NewSplittableRandom implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new SplittableRandom().nextInt();
    }
  }

  @Expect(
      rule = "randomness",
      call = "java.util.Collections.shuffle()",
      hint = "use Collections.shuffle(list, new Random(seed))")
  public static final class UnseededShuffle implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      List<String> list = new ArrayList<>(List.of("a", "b", "c"));
      Collections.shuffle(list);
      return list;
    }
  }

  /** A field initializer runs in the constructor, which runs every step. */
  @Expect(rule = "randomness", call = "new java.util.Random()", hint = "use ctx.random()")
  public static final class RandomField implements Workflow<String, Object> {
    private final Random random = new Random();

    public Object run(WorkflowContext ctx, String in) {
      return random.nextInt();
    }
  }
}
