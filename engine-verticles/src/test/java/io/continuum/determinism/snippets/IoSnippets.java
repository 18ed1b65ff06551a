package io.continuum.determinism.snippets;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/** I/O: each snippet must be rejected, except printing, which is warned. */
public final class IoSnippets {
  private IoSnippets() {}

  @Expect(rule = "io", call = "new java.io.File()", hint = "do file I/O in an activity")
  public static final class NewFile implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new File(in).exists();
    }
  }

  @Expect(
      rule = "io",
      call = "java.nio.file.Files.readString()",
      hint = "do file I/O in an activity instead of Files")
  public static final class ReadFile implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        return Files.readString(Path.of(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Expect(
      rule = "io",
      call = "new java.net.Socket()",
      hint = "call other services from an activity instead of Socket")
  public static final class OpenSocket implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new Socket();
    }
  }

  @Expect(
      rule = "io",
      call = "java.net.http.HttpClient.newHttpClient()",
      hint = "call other services from an activity instead of HttpClient")
  public static final class Http implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return HttpClient.newHttpClient();
    }
  }

  @Expect(
      rule = "io",
      call = "java.net.URL.openStream()",
      hint = "call other services from an activity instead of URL")
  public static final class ReadUrl implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        return new URL(in).openStream().read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Expect(
      rule = "io",
      call = "java.sql.DriverManager.getConnection()",
      hint = "reach databases and services from an activity")
  public static final class Jdbc implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        return DriverManager.getConnection(in);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Expect(rule = "io", call = "java.lang.System.in", hint = "read input in an activity")
  public static final class StandardInput implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        return System.in.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Expect(
      severity = io.continuum.determinism.Severity.WARNING,
      rule = "io",
      call = "java.lang.System.out",
      hint = "repeats on every replay")
  public static final class Print implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      System.out.println(in);
      return in;
    }
  }

  @Expect(
      rule = "io",
      call = "java.lang.ProcessBuilder.start()",
      hint = "run processes from an activity")
  public static final class Process implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        return new ProcessBuilder(in).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
