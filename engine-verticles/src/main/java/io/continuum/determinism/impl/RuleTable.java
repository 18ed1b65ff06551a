package io.continuum.determinism.impl;

import static io.continuum.determinism.Severity.ERROR;
import static io.continuum.determinism.impl.Rule.RANDOMNESS;
import static io.continuum.determinism.impl.Rule.SYNCHRONIZATION;
import static io.continuum.determinism.impl.Rule.THREADS;
import static io.continuum.determinism.impl.Rule.WALL_CLOCK;

import java.util.Set;

/**
 * The calls workflow code must not make (errors) or should not make (warnings), each with its fix.
 * First match wins, so specific entries come before the broad ones of the same classes. This file
 * holds time, randomness and threads; {@link EffectRules} holds I/O, the environment, state and
 * reflection.
 */
final class RuleTable {
  private RuleTable() {}

  private static final String FAN_OUT =
      "run parallel work as activities (ctx.startActivity, ctx.awaitAll) instead of {class}";

  // java.util.concurrent classes that are plain data structures: safe on one thread.
  private static final Set<String> CONCURRENT_DATA =
      Set.of(
          "ConcurrentHashMap",
          "ConcurrentMap",
          "ConcurrentNavigableMap",
          "ConcurrentLinkedQueue",
          "ConcurrentLinkedDeque",
          "ConcurrentSkipListMap",
          "ConcurrentSkipListSet",
          "CopyOnWriteArrayList",
          "CopyOnWriteArraySet",
          "TimeUnit");

  static void define(Rules.Builder t) {
    clock(t);
    randomness(t);
    threads(t);
    EffectRules.define(t);
  }

  private static void clock(Rules.Builder t) {
    t.exact(
            "java/lang/System",
            "currentTimeMillis",
            "()J",
            WALL_CLOCK,
            ERROR,
            "use ctx.now() instead of System.currentTimeMillis()")
        .exact(
            "java/lang/System",
            "nanoTime",
            "()J",
            WALL_CLOCK,
            ERROR,
            "use ctx.now() instead of System.nanoTime() (a duration is the difference of two"
                + " ctx.now() calls)")
        .methods(
            "java/time/Instant", "now", WALL_CLOCK, ERROR, "use ctx.now() instead of Instant.now()")
        .methods(
            "java/time/LocalDate",
            "now",
            WALL_CLOCK,
            ERROR,
            "use ctx.today() instead of LocalDate.now()")
        .methods(
            "java/time/LocalDateTime|java/time/LocalTime|java/time/ZonedDateTime"
                + "|java/time/OffsetDateTime|java/time/OffsetTime",
            "now",
            WALL_CLOCK,
            ERROR,
            "use {class}.ofInstant(ctx.now(), zone) instead of {class}.now()")
        .methods(
            "java/time/Year|java/time/YearMonth|java/time/MonthDay",
            "now",
            WALL_CLOCK,
            ERROR,
            "use {class}.from(ctx.today()) instead of {class}.now()")
        .methods(
            "java/time/",
            "now|dateNow",
            WALL_CLOCK,
            ERROR,
            "derive it from ctx.now() instead of {class}.{name}()")
        .methods(
            "java/time/Clock|java/time/InstantSource",
            "system|systemUTC|systemDefaultZone|instant|millis|tick|tickMillis|tickSeconds"
                + "|tickMinutes",
            WALL_CLOCK,
            ERROR,
            "use ctx.now() instead of a clock ({class}.{name}())")
        .exact(
            "java/util/Date",
            "<init>",
            "()V",
            WALL_CLOCK,
            ERROR,
            "use Date.from(ctx.now()) instead of new Date()")
        .methods(
            "java/util/Calendar",
            "getInstance",
            WALL_CLOCK,
            ERROR,
            "use ctx.now() with java.time instead of Calendar.getInstance()")
        .add(
            Rules.Builder.owners("java/util/GregorianCalendar"),
            "<init>"::equals,
            d -> !d.startsWith("(I"),
            WALL_CLOCK,
            ERROR,
            "use ctx.now() with java.time instead of new GregorianCalendar()")
        .any(
            "java/util/Timer",
            WALL_CLOCK,
            ERROR,
            "use ctx.sleep(duration) instead of java.util.Timer");
  }

  private static void randomness(Rules.Builder t) {
    t.methods(
            "java/lang/Math|java/lang/StrictMath",
            "random",
            RANDOMNESS,
            ERROR,
            "use ctx.random() instead of {class}.random()")
        .methods(
            "java/util/UUID",
            "randomUUID",
            RANDOMNESS,
            ERROR,
            "use ctx.randomUUID() instead of UUID.randomUUID()")
        .exact(
            "java/util/Random|java/util/SplittableRandom",
            "<init>",
            "()V",
            RANDOMNESS,
            ERROR,
            "use ctx.random(), or new {class}(seed) with a seed from ctx.random(), instead of"
                + " new {class}()")
        .any(
            "java/security/SecureRandom",
            RANDOMNESS,
            ERROR,
            "use ctx.randomUUID() or ctx.random(), or make secrets in an activity, instead of"
                + " SecureRandom")
        .any(
            "java/util/concurrent/ThreadLocalRandom",
            RANDOMNESS,
            ERROR,
            "use ctx.random() instead of ThreadLocalRandom")
        .methods(
            "java/util/random/RandomGenerator",
            "getDefault|of",
            RANDOMNESS,
            ERROR,
            "use ctx.random() instead of RandomGenerator.{name}()")
        .exact(
            "java/util/random/RandomGeneratorFactory",
            "create",
            "()Ljava/util/random/RandomGenerator;",
            RANDOMNESS,
            ERROR,
            "use create(seed) with a seed from ctx.random() instead of create()")
        .exact(
            "java/util/Collections",
            "shuffle",
            "(Ljava/util/List;)V",
            RANDOMNESS,
            ERROR,
            "use Collections.shuffle(list, new Random(seed)) with a seed from ctx.random()");
  }

  private static void threads(Rules.Builder t) {
    t.methods(
            "java/lang/Thread",
            "sleep",
            THREADS,
            ERROR,
            "use ctx.sleep(duration) instead of Thread.sleep()")
        .methods(
            "java/util/concurrent/TimeUnit",
            "sleep|timedWait|timedJoin",
            THREADS,
            ERROR,
            "use ctx.sleep(duration) instead of TimeUnit.{name}()")
        .any("java/lang/Thread|java/lang/ThreadGroup", THREADS, ERROR, FAN_OUT)
        .any(
            "java/lang/ThreadLocal|java/lang/InheritableThreadLocal",
            THREADS,
            ERROR,
            "a ThreadLocal carries state between steps and runs; use locals or instance fields")
        .any(
            "java/util/concurrent/CompletableFuture",
            THREADS,
            ERROR,
            "use ctx.startActivity(...) and ctx.await(...) instead of CompletableFuture")
        .any(
            "java/util/concurrent/locks/",
            THREADS,
            ERROR,
            "a step runs on one thread; remove the lock, and wait with ctx.awaitSignal or"
                + " ctx.sleep")
        .add(RuleTable::concurrency, n -> true, d -> true, THREADS, ERROR, FAN_OUT)
        .any(
            "io/vertx/",
            THREADS,
            ERROR,
            "Vert.x timers, the event bus and futures run outside the journal; use ctx.sleep,"
                + " ctx.awaitSignal or an activity instead of {class}.{name}()")
        .methods(
            "java/util/",
            "parallel|parallelStream|parallelSort|parallelPrefix|parallelSetAll",
            THREADS,
            ERROR,
            "use a sequential stream or loop; run parallel work as activities instead of"
                + " {name}()")
        .methods(
            "java/lang/Object",
            "wait|notify|notifyAll",
            SYNCHRONIZATION,
            ERROR,
            "a step runs on one thread; wait with ctx.awaitSignal or ctx.sleep instead of"
                + " {name}()");
  }

  private static boolean concurrency(String owner) {
    if (!owner.startsWith("java/util/concurrent/") || owner.indexOf('/', 21) >= 0) {
      return false;
    }
    String name = Rules.simpleName(owner);
    int nested = name.indexOf('$');
    String outer = nested >= 0 ? name.substring(0, nested) : name;
    return !CONCURRENT_DATA.contains(outer) && !outer.endsWith("Exception");
  }
}
