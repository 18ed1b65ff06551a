package io.continuum.determinism.snippets;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.continuum.determinism.fixtures.DateTime;
import io.continuum.determinism.fixtures.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Deterministic code: no snippet may produce any finding. */
public final class AllowedSnippets {
  private AllowedSnippets() {}

  /** A user class named DateTime with a static now() is not java.time. */
  @Allowed
  public static final class UserDateTime implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return DateTime.now().plusDays(1);
    }
  }

  @Allowed
  public static final class MathMax implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Math.max(3, in.length()) + Math.floorMod(-7, 3) + Math.abs(-1);
    }
  }

  @Allowed
  public static final class ListOf implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return List.of(in, in).size() + Map.of("k", in).size();
    }
  }

  @Allowed
  public static final class Records implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      var p = new Point(1, in.length());
      return p.x() + p.y() + p.toString() + p.equals(new Point(1, 2)) + p.hashCode();
    }

    record Point(int x, int y) {
      Point {
        if (x < 0) {
          throw new IllegalArgumentException("negative");
        }
      }
    }
  }

  @Allowed
  public static final class StreamsOverLists implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return List.of("b", "a", in).stream()
          .map(String::toUpperCase)
          .filter(s -> !s.isEmpty())
          .sorted()
          .collect(Collectors.joining(","));
    }
  }

  @Allowed
  public static final class StringFormat implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return String.format("%s-%d", in, 42) + "x".repeat(3) + String.join("/", List.of(in));
    }
  }

  @Allowed
  public static final class Optionals implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Optional.ofNullable(in).map(String::trim).filter(s -> s.length() > 1).orElse("");
    }
  }

  @Allowed
  public static final class ContextTimeAndRandomness implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Instant now = ctx.now();
      LocalDate today = ctx.today();
      UUID id = ctx.randomUUID();
      return now + " " + today + " " + id + " " + ctx.random();
    }
  }

  @Allowed
  public static final class Durations implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      ctx.sleep(Duration.ofMinutes(5).plusSeconds(30));
      return Duration.between(Instant.EPOCH, ctx.now()).toHours();
    }
  }

  @Allowed
  public static final class PureHelper implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Money.total(List.of("1.50", "2.25"));
    }
  }

  @Allowed
  public static final class SeededRandom implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      var random = new Random(42);
      List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
      Collections.shuffle(list, random);
      return list.get(0) + random.nextInt(6);
    }
  }

  @Allowed
  public static final class JavaTimeValues implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return LocalDate.of(2026, 3, 1).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
          + Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60).toString();
    }
  }

  @Allowed
  public static final class BigDecimals implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return new BigDecimal("1.10").add(BigDecimal.ONE).setScale(1, RoundingMode.HALF_EVEN);
    }
  }

  @Allowed
  public static final class Collections2 implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      var map = new TreeMap<String, Integer>();
      map.merge(in, 1, Integer::sum);
      var list = new ArrayList<>(map.keySet());
      Collections.sort(list);
      return list + " " + Objects.hash(in, 1) + " " + in.hashCode();
    }
  }

  @Allowed
  public static final class NameBasedUuid implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return UUID.nameUUIDFromBytes(in.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Allowed
  public static final class Regex implements Workflow<String, Object> {
    private static final Pattern WORD = Pattern.compile("[a-z]+");

    public Object run(WorkflowContext ctx, String in) {
      return WORD.matcher(in).matches();
    }
  }
}
