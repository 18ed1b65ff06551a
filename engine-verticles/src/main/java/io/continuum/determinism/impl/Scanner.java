package io.continuum.determinism.impl;

import io.continuum.determinism.DeterminismOptions;
import io.continuum.determinism.DeterminismReport;
import io.continuum.determinism.Finding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Walks a workflow's reachable code: from its {@code run} methods and constructors, into its own
 * methods, its nested, anonymous and local classes, lambda bodies, {@code @Pure} classes and the
 * records, enums and exceptions it uses. Every other call is judged by the {@link Rules}, the
 * {@link JdkTrust} list, the options' trusted names, or reported as unknown. Internal: use {@link
 * io.continuum.determinism.DeterminismCheck}.
 *
 * <pre>{@code
 * Scanner.Result r = Scanner.scan("com/acme/Checkout", loader, DeterminismOptions.defaults());
 * }</pre>
 */
public final class Scanner {
  private static final String RUN_PREFIX = "(Lio/continuum/WorkflowContext;";

  private final ClassIndex classes;
  private final DeterminismOptions options;
  private final Set<String> roots = new HashSet<>();
  private final Map<String, Boolean> follows = new HashMap<>();
  private final Set<String> pure = new TreeSet<>();
  private final Set<String> live = new HashSet<>();
  private final Set<String> initialized = new HashSet<>();
  private final Set<String> queued = new HashSet<>();
  private final ArrayDeque<Work> queue = new ArrayDeque<>();
  private final Set<Finding> findings = new LinkedHashSet<>();
  private final Map<String, Set<String>> callees = new HashMap<>();
  private final Set<String> effectful = new HashSet<>();
  private final List<MethodScan.CatchSite> catches = new ArrayList<>();

  private Scanner(ClassLoader loader, DeterminismOptions options) {
    this.classes = new ClassIndex(loader);
    this.options = options;
  }

  /** The findings, and the {@code @Pure} classes the walk went into (internal names, sorted). */
  public record Result(DeterminismReport report, Set<String> pureClasses) {}

  /**
   * Scans the workflow class {@code internalName} as read through {@code loader}.
   *
   * @throws IllegalArgumentException when the loader has no class file for it
   */
  public static Result scan(String internalName, ClassLoader loader, DeterminismOptions options) {
    var s = new Scanner(loader, options);
    ClassNode workflow =
        s.classes
            .node(internalName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no class file for " + internalName.replace('/', '.')));
    s.start(workflow);
    s.drain();
    s.judgeCatches();
    List<Finding> sorted = new ArrayList<>(s.findings);
    sorted.sort(
        Comparator.comparing(Finding::className)
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::method));
    var report = new DeterminismReport(workflow.name.replace('/', '.'), sorted, List.of());
    return new Result(report, Set.copyOf(s.pure));
  }

  private void start(ClassNode workflow) {
    for (String c = workflow.name; c != null && !ClassIndex.isJdk(c); ) {
      ClassNode node = classes.node(c).orElse(null);
      if (node == null) {
        break;
      }
      roots.add(c);
      for (MethodNode m : node.methods) {
        boolean run = m.name.equals("run") && m.desc.startsWith(RUN_PREFIX);
        if ((run || (c.equals(workflow.name) && m.name.equals("<init>")))
            && (m.access & Opcodes.ACC_ABSTRACT) == 0) {
          enqueue(c, m);
        }
      }
      c = node.superName;
    }
    touch(workflow.name);
  }

  private void drain() {
    while (!queue.isEmpty()) {
      Work w = queue.poll();
      MethodScan.scan(this, w.owner, w.method);
    }
  }

  /** Whether the walk goes into this class's code. */
  boolean follows(String owner) {
    Boolean known = follows.get(owner);
    if (known == null) {
      known = classify(owner);
      follows.put(owner, known);
    }
    return known;
  }

  private boolean classify(String owner) {
    if (ClassIndex.isJdk(owner) || classes.node(owner).isEmpty()) {
      return false;
    }
    if (roots.contains(owner)) {
      return true;
    }
    for (int i = owner.lastIndexOf('$'); i > 0; i = owner.lastIndexOf('$', i - 1)) {
      if (follows(owner.substring(0, i))) {
        return true;
      }
    }
    if (classes.isPure(owner)) {
      pure.add(owner);
      roots.add(owner);
      return true;
    }
    if (options.trusts(owner.replace('/', '.')) || isApi(owner)) {
      return false;
    }
    if (classes.isDataLike(owner)) {
      roots.add(owner);
      return true;
    }
    return false;
  }

  static boolean isApi(String owner) {
    return owner.startsWith("io/continuum/") && owner.indexOf('/', 13) < 0;
  }

  /**
   * Judges a call and, when it lands in followed code, queues that method.
   *
   * @return the key of the followed method the call lands in, or null
   */
  String call(MethodScan.Site site, String owner, String name, String desc) {
    if (owner.startsWith("[")) {
      return null;
    }
    Rule rule = Rules.call(owner, name, desc);
    if (rule != null) {
      report(site, rule, Calls.render(owner, name));
      return null;
    }
    boolean followed = follows(owner);
    if (followed) {
      touch(owner);
      if (name.equals("<init>")) {
        markLive(owner);
      }
    } else if (options.trusts(owner.replace('/', '.'))) {
      return null;
    } else if (ClassIndex.isJdk(owner) || isApi(owner)) {
      if (!JdkTrust.trusted(owner, name)) {
        unknown(site, owner, name);
      }
      return null;
    }
    Optional<ClassIndex.Target> target = classes.resolve(owner, name, desc);
    if (target.isEmpty()) {
      return followed ? null : unknown(site, owner, name);
    }
    ClassIndex.Target t = target.get();
    if (t.method() != null && follows(t.owner())) {
      touch(t.owner());
      return enqueue(t.owner(), t.method());
    }
    if (!t.owner().equals(owner)) {
      return call(site, t.owner(), name, desc);
    }
    return followed ? null : unknown(site, owner, name);
  }

  private String unknown(MethodScan.Site site, String owner, String name) {
    Rule rule = new Rule(Rule.UNKNOWN_CALL, options.unknownCalls(), Calls.unknownHint(owner));
    report(site, rule, Calls.render(owner, name));
    return null;
  }

  /** Runs the class initializer of a followed class (once). */
  void touch(String owner) {
    if (initialized.add(owner) && follows(owner)) {
      classes
          .node(owner)
          .ifPresent(
              c ->
                  c.methods.stream()
                      .filter(m -> m.name.equals("<clinit>"))
                      .forEach(m -> enqueue(owner, m)));
    }
  }

  // An instance may reach any of its methods through virtual calls: queue them all.
  private void markLive(String owner) {
    if (!live.add(owner)) {
      return;
    }
    classes
        .node(owner)
        .ifPresent(
            c ->
                c.methods.stream()
                    .filter(m -> (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT)) == 0)
                    .filter(m -> !m.name.startsWith("lambda$"))
                    .forEach(m -> enqueue(owner, m)));
  }

  private String enqueue(String owner, MethodNode m) {
    String key = owner + '.' + m.name + m.desc;
    if (queued.add(key)) {
      queue.add(new Work(classes.node(owner).orElseThrow(), m));
    }
    return key;
  }

  void report(MethodScan.Site site, Rule rule, String call) {
    findings.add(
        new Finding(
            rule.severity(),
            site.owner().name.replace('/', '.'),
            site.method().name,
            site.line(),
            rule.id(),
            call,
            rule.hint(),
            site.owner().sourceFile));
  }

  /** What a scanned method calls, for the catch-throwable rule. */
  void record(String key, boolean callsContext, Set<String> called, List<MethodScan.CatchSite> c) {
    callees.put(key, called);
    if (callsContext) {
      effectful.add(key);
    }
    catches.addAll(c);
  }

  // A catch of Throwable or Error matters when its try block reaches a context call.
  private void judgeCatches() {
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<String, Set<String>> e : callees.entrySet()) {
        if (!effectful.contains(e.getKey())
            && e.getValue().stream().anyMatch(effectful::contains)) {
          grew = effectful.add(e.getKey());
        }
      }
    }
    for (MethodScan.CatchSite c : catches) {
      if (c.callsContext() || c.callees().stream().anyMatch(effectful::contains)) {
        report(c.site(), Calls.CATCH_THROWABLE, "catch (" + c.type().replace('/', '.') + ")");
      }
    }
  }

  private record Work(ClassNode owner, MethodNode method) {}
}
