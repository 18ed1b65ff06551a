package io.continuum.determinism.snippets;

import static io.continuum.determinism.Severity.WARNING;

import io.continuum.Continuum;
import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.text.NumberFormat;
import java.time.ZoneId;

/** The environment and the client: rejected, except machine defaults, which are warned. */
public final class EnvironmentSnippets {
  private EnvironmentSnippets() {}

  @Expect(
      rule = "environment",
      call = "java.lang.System.getenv()",
      hint = "pass configuration in the workflow input")
  public static final class Getenv implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return System.getenv("HOME");
    }
  }

  @Expect(
      rule = "environment",
      call = "java.lang.System.getProperty()",
      hint = "or read it once with ctx.sideEffect(...) instead of System.getProperty()")
  public static final class GetProperty implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return System.getProperty("user.name");
    }
  }

  @Expect(
      rule = "environment",
      call = "java.lang.Integer.getInteger()",
      hint = "instead of Integer.getInteger()")
  public static final class IntegerProperty implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Integer.getInteger("workers", 4);
    }
  }

  @Expect(
      rule = "environment",
      call = "java.lang.Runtime.getRuntime()",
      hint = "Runtime describes this machine")
  public static final class Processors implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  @Expect(
      severity = WARNING,
      rule = "environment",
      call = "java.lang.System.lineSeparator()",
      hint = "the line separator differs between platforms")
  public static final class LineSeparator implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return in + System.lineSeparator();
    }
  }

  @Expect(
      severity = WARNING,
      rule = "environment",
      call = "java.time.ZoneId.systemDefault()",
      hint = "pass an explicit one (ZoneOffset.UTC")
  public static final class DefaultZone implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return ctx.now().atZone(ZoneId.systemDefault());
    }
  }

  @Expect(
      severity = WARNING,
      rule = "environment",
      call = "java.text.NumberFormat.getInstance()",
      hint = "NumberFormat depends on the default locale")
  public static final class LocaleFormat implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return NumberFormat.getInstance().format(1234.5);
    }
  }

  @Expect(
      rule = "client-call",
      call = "io.continuum.Continuum.signal()",
      hint = "start, signal, cancel or await other runs from an activity")
  public static final class ClientSignal implements Workflow<String, Object> {
    private Continuum client;

    public Object run(WorkflowContext ctx, String in) {
      return client.signal(in, "go", "now");
    }
  }

  @Expect(
      rule = "client-call",
      call = "io.continuum.Continuum.start()",
      hint = "repeats the call on every replay")
  public static final class ClientStart implements Workflow<String, Object> {
    private Continuum client;

    public Object run(WorkflowContext ctx, String in) {
      return client.start(ClientSignal.class, in);
    }
  }
}
