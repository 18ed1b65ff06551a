package io.continuum.determinism;

import io.continuum.NondeterministicWorkflowException;
import io.continuum.determinism.impl.Scanner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a workflow's bytecode and reports what would not replay the same way: the wall clock,
 * randomness, threads and async plumbing, I/O, the environment, client calls, static state, locks,
 * identity hashes — each with a fix ("use ctx.now() instead of Instant.now()"). Bytecode sees
 * through aliases, static imports, lambdas and method references.
 *
 * <pre>{@code
 * @Test
 * void checkoutIsDeterministic() {
 *   DeterminismCheck.assertDeterministic(Checkout.class);
 * }
 *
 * DeterminismReport report = DeterminismCheck.scan(Checkout.class);
 * report.warnings().forEach(System.out::println);
 * }</pre>
 *
 * <h2>What is scanned</h2>
 *
 * The walk starts at the workflow's {@code run} methods and constructors (and its superclasses'
 * {@code run}), and follows calls into: the workflow's own methods; its nested, anonymous and local
 * classes (an instantiated class has all its methods scanned); lambda bodies and the targets of
 * method references; classes annotated {@link io.continuum.Pure}; and records, enums and exceptions
 * (data the workflow builds). Static initializers of followed classes are scanned too. Nested
 * classes the workflow never calls (an activity declared inside it) are not.
 *
 * <p>A lambda or method reference passed directly as the producer of {@code ctx.sideEffect(...)} is
 * exempt: it runs once and its value is journaled, so {@code ctx.sideEffect("id", UUID.class,
 * UUID::randomUUID)} is fine (a producer stored in a variable first is scanned like any lambda).
 *
 * <h2>Rules</h2>
 *
 * Errors: {@code wall-clock} ({@code System.currentTimeMillis/nanoTime}, every {@code now()} of
 * {@code java.time}, system clocks and any {@code Clock.instant/millis}, {@code new Date()}, {@code
 * Calendar.getInstance}, {@code Timer}); {@code randomness} ({@code Math/StrictMath.random}, {@code
 * UUID.randomUUID}, unseeded {@code Random}/{@code SplittableRandom}, {@code SecureRandom}, {@code
 * ThreadLocalRandom}, {@code Collections.shuffle(list)}); {@code threads} ({@code Thread}, {@code
 * ThreadLocal}, executors, {@code CompletableFuture}, {@code ForkJoinPool}, locks, latches and the
 * rest of {@code java.util.concurrent} except its collections, atomics and {@code TimeUnit}
 * conversions; any {@code io.vertx} call; parallel streams); {@code io} (files, {@code
 * java.nio.file}, sockets, URLs and HTTP clients, JDBC, processes, {@code System.in}); {@code
 * environment} ({@code System.getenv/getProperty/getProperties}, {@code Integer.getInteger} and
 * kin, {@code Runtime}, {@code System.exit}); {@code client-call} ({@code Continuum}, {@code
 * RunHandle}, {@code Engine}, {@code Journal}); {@code static-write} (a static field written
 * outside its own class's initializer); {@code synchronization} ({@code synchronized}, {@code
 * wait/notify}); {@code identity-hash} ({@code System.identityHashCode}, and {@code hashCode()} on
 * a receiver whose static type is {@code Object}, {@code Enum} or {@code Class}, or a class
 * inheriting {@code Object.hashCode}).
 *
 * <p>Warnings: {@code io} (printing to {@code System.out/err}, logging), {@code environment}
 * (default zone, locale, charset and line separator; {@code java.text}, whose formats follow the
 * default locale), {@code identity-hash} ({@code IdentityHashMap}, {@code WeakHashMap}), {@code
 * reflection} (reflection, method handles, dynamic call sites other than lambdas, string
 * concatenation and records), {@code catch-throwable} (a {@code catch} of {@code Throwable} or
 * {@code Error} whose {@code try} block reaches a context call; try-with-resources and {@code
 * finally} are not flagged), and {@code unknown-call} (severity set by {@link
 * DeterminismOptions#unknownCalls()}): calls into code that is neither followed, trusted in the
 * options, nor on the JDK allow-list ({@code java.lang} values and strings, {@code java.util} and
 * its {@code function}, {@code stream}, {@code regex} and {@code concurrent.atomic} subpackages,
 * {@code java.time}, {@code java.math}, {@code java.nio} buffers and charsets, {@code java.io}
 * minus files, {@code java.net.URI}, {@code MessageDigest}, and the {@code io.continuum} API).
 *
 * <h2>Limits</h2>
 *
 * Calls through interfaces whose implementation the workflow receives from outside cannot be
 * followed; {@code Object.hashCode()} is reported only when the receiver's static type has no
 * {@code hashCode} of its own; mutating an object held in a {@code static final} field is not seen;
 * a workflow given as a lambda (a hidden class) has no class file and is skipped with a note.
 */
public final class DeterminismCheck {
  private static final ClassValue<Map<DeterminismOptions, Scanner.Result>> CACHE =
      new ClassValue<>() {
        @Override
        protected Map<DeterminismOptions, Scanner.Result> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private DeterminismCheck() {}

  /** Scans a workflow class with the default options. */
  public static DeterminismReport scan(Class<?> workflow) {
    return scan(workflow, DeterminismOptions.defaults());
  }

  /** Scans a workflow class; the result is cached per class and options. */
  public static DeterminismReport scan(Class<?> workflow, DeterminismOptions options) {
    return result(workflow, options).report();
  }

  /**
   * Scans a workflow class by name, reading its class files through {@code loader} without loading
   * or initializing anything (for tools such as {@code continuum check}).
   *
   * @param className the binary name, e.g. {@code com.acme.Checkout}
   * @throws IllegalArgumentException when the loader has no class file for it
   */
  public static DeterminismReport scan(
      String className, ClassLoader loader, DeterminismOptions options) {
    return Scanner.scan(className.replace('.', '/'), loader, options).report();
  }

  /**
   * Fails when the workflow has errors (with the default options); warnings pass.
   *
   * @throws NondeterministicWorkflowException listing every error, one per line
   */
  public static void assertDeterministic(Class<?> workflow) {
    assertDeterministic(workflow, DeterminismOptions.defaults());
  }

  /**
   * Fails when the workflow has errors under {@code options}.
   *
   * @throws NondeterministicWorkflowException listing every error, one per line
   */
  public static void assertDeterministic(Class<?> workflow, DeterminismOptions options) {
    DeterminismReport report = scan(workflow, options);
    if (report.hasErrors()) {
      throw new NondeterministicWorkflowException(List.of(report));
    }
  }

  /** The {@code @Pure} classes a workflow's code reaches (internal names), for its version. */
  static Set<String> pureHelpers(Class<?> workflow) {
    return result(workflow, DeterminismOptions.defaults()).pureClasses();
  }

  private static Scanner.Result result(Class<?> workflow, DeterminismOptions options) {
    return CACHE.get(workflow).computeIfAbsent(options, o -> compute(workflow, o));
  }

  private static Scanner.Result compute(Class<?> workflow, DeterminismOptions options) {
    if (workflow.isHidden()) {
      String note =
          workflow.getName()
              + " is a lambda (a hidden class without a class file) and was not scanned;"
              + " register a class to have it checked";
      return new Scanner.Result(
          new DeterminismReport(workflow.getName(), List.of(), List.of(note)), Set.of());
    }
    ClassLoader loader =
        workflow.getClassLoader() != null
            ? workflow.getClassLoader()
            : ClassLoader.getSystemClassLoader();
    return Scanner.scan(workflow.getName().replace('.', '/'), loader, options);
  }
}
