package io.continuum.determinism.snippets;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Date;
import java.util.Timer;

/** Wall clock and timers: each snippet must be rejected. */
public final class ClockSnippets {
  private ClockSnippets() {}

  @Expect(
      rule = "wall-clock",
      call = "java.lang.System.currentTimeMillis()",
      hint = "use ctx.now() instead of System.currentTimeMillis()")
  public static final class CurrentTimeMillis implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return System.currentTimeMillis();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.lang.System.nanoTime()",
      hint = "use ctx.now() instead of System.nanoTime()")
  public static final class NanoTime implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return System.nanoTime();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.Instant.now()",
      hint = "use ctx.now() instead of Instant.now()")
  public static final class InstantNow implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Instant.now();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.LocalDate.now()",
      hint = "use ctx.today() instead of LocalDate.now()")
  public static final class LocalDateNow implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return LocalDate.now();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.LocalDateTime.now()",
      hint = "use LocalDateTime.ofInstant(ctx.now(), zone) instead of LocalDateTime.now()")
  public static final class LocalDateTimeNow implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return LocalDateTime.now();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.ZonedDateTime.now()",
      hint = "use ZonedDateTime.ofInstant(ctx.now(), zone)")
  public static final class ZonedNowWithZone implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return ZonedDateTime.now(ZoneOffset.UTC);
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.OffsetDateTime.now()",
      hint = "use OffsetDateTime.ofInstant(ctx.now(), zone)")
  public static final class OffsetNow implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return OffsetDateTime.now();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.YearMonth.now()",
      hint = "use YearMonth.from(ctx.today())")
  public static final class YearMonthNow implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return YearMonth.now();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.Clock.systemUTC()",
      hint = "use ctx.now() instead of a clock (Clock.systemUTC())")
  public static final class SystemClock implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Clock.systemUTC();
    }
  }

  /** A Clock from anywhere (here a parameter) cannot be read: its instant() is the wall clock. */
  @Expect(
      rule = "wall-clock",
      call = "java.time.Clock.millis()",
      hint = "use ctx.now() instead of a clock (Clock.millis())")
  public static final class ClockVariable implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return read(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    private long read(Clock clock) {
      return clock.millis();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "new java.util.Date()",
      hint = "use Date.from(ctx.now()) instead of new Date()")
  public static final class NewDate implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new Date();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.util.Calendar.getInstance()",
      hint = "instead of Calendar.getInstance()")
  public static final class CalendarNow implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Calendar.getInstance().get(Calendar.YEAR);
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "new java.util.Timer()",
      hint = "use ctx.sleep(duration) instead of java.util.Timer")
  public static final class NewTimer implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new Timer();
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.lang.System.currentTimeMillis()",
      hint = "use ctx.now() instead of System.currentTimeMillis()")
  public static final class ClockInAWaitCondition implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      long until = Long.parseLong(in);
      ctx.await(() -> System.currentTimeMillis() > until);
      return "late";
    }
  }

  @Expect(
      rule = "wall-clock",
      call = "java.time.Instant.now()",
      hint = "use ctx.now() instead of Instant.now()")
  public static final class ClockInAnUpdateHandler implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      ctx.onUpdate("stamp", String.class, v -> java.time.Instant.now().toString());
      return ctx.awaitSignal("done", String.class);
    }
  }
}
