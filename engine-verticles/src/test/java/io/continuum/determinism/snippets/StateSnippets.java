package io.continuum.determinism.snippets;

import static io.continuum.determinism.Severity.WARNING;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.determinism.fixtures.Plain;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.zip.CRC32;

/** Static state and identity hashes (rejected); reflection and unknown code (warned). */
public final class StateSnippets {
  private StateSnippets() {}

  @Expect(
      rule = "static-write",
      call = "write to io.continuum.determinism.snippets.StateSnippets$StaticCounter.count",
      hint = "static fields outlive the step and are shared by every run")
  public static final class StaticCounter implements Workflow<String, Object> {
    static int count;

    public Object run(WorkflowContext ctx, String in) {
      return ++count;
    }
  }

  @Expect(
      rule = "identity-hash",
      call = "java.lang.System.identityHashCode()",
      hint = "identity hash codes differ between JVMs")
  public static final class IdentityHash implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return System.identityHashCode(in);
    }
  }

  /** The receiver's static type is Object: its hashCode is an identity hash. */
  @Expect(
      rule = "identity-hash",
      call = "java.lang.Object.hashCode()",
      hint = "hash stable values (ids, record fields) instead of Object.hashCode()")
  public static final class ObjectHashCode implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Object key = new Object();
      return key.hashCode();
    }
  }

  /** A class without its own hashCode inherits Object's: the scan resolves the call. */
  @Expect(
      rule = "identity-hash",
      call = "java.lang.Object.hashCode()",
      hint = "identity hash codes differ between JVMs")
  public static final class InheritedHashCode implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new Box().hashCode();
    }

    static final class Box {}
  }

  @Expect(
      severity = WARNING,
      rule = "identity-hash",
      call = "new java.util.IdentityHashMap()",
      hint = "use a LinkedHashMap")
  public static final class IdentityMap implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new IdentityHashMap<String, String>().keySet();
    }
  }

  @Expect(
      severity = WARNING,
      rule = "reflection",
      call = "java.lang.Class.getMethod()",
      hint = "reflection cannot be checked statically")
  public static final class Reflect implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        return String.class.getMethod("length").invoke(in);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Expect(
      severity = WARNING,
      rule = "reflection",
      call = "java.lang.invoke.MethodHandles.lookup()",
      hint = "reflection and method handles cannot be checked statically")
  public static final class Handles implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return MethodHandles.lookup();
    }
  }

  @Expect(
      severity = WARNING,
      rule = "reflection",
      call = "java.lang.Class.forName()",
      hint = "instead of Class.forName()")
  public static final class ForName implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        return Class.forName(in);
      } catch (ClassNotFoundException e) {
        return null;
      }
    }
  }

  @Expect(
      severity = WARNING,
      rule = "catch-throwable",
      call = "catch (java.lang.Throwable)",
      hint = "catch Exception instead")
  public static final class CatchThrowable implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        ctx.sleep(Duration.ofMinutes(1));
      } catch (Throwable t) {
        return "swallowed";
      }
      return in;
    }
  }

  /** The effect is one call away, in a helper; the catch still hides the suspension. */
  @Expect(
      severity = WARNING,
      rule = "catch-throwable",
      call = "catch (java.lang.Error)",
      hint = "the engine suspends a step by throwing an Error")
  public static final class CatchErrorAroundHelper implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        pause(ctx);
      } catch (Error e) {
        return "swallowed";
      }
      return in;
    }

    private void pause(WorkflowContext ctx) {
      ctx.sleep(Duration.ofSeconds(1));
    }
  }

  @Expect(
      severity = WARNING,
      rule = "unknown-call",
      call = "io.continuum.determinism.fixtures.Plain.shout()",
      hint = "annotate io.continuum.determinism.fixtures.Plain with @io.continuum.Pure")
  public static final class UnknownUserCode implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Plain.shout(in);
    }
  }

  @Expect(
      severity = WARNING,
      rule = "unknown-call",
      call = "new java.util.zip.CRC32()",
      hint = "java.util.zip.CRC32 is not on the list of deterministic JDK classes")
  public static final class UnknownJdkCode implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      var crc = new CRC32();
      crc.update(in.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return crc.getValue();
    }
  }
}
