package io.continuum.determinism.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Class files read through one class loader, parsed once, with the hierarchy questions the scan
 * asks.
 */
final class ClassIndex {
  static final String PURE = "Lio/continuum/Pure;";

  private static final List<String> JDK_PREFIXES =
      List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");
  private static final Set<String> OBJECT_METHODS =
      Set.of(
          "equals",
          "hashCode",
          "toString",
          "getClass",
          "wait",
          "notify",
          "notifyAll",
          "clone",
          "finalize");

  private final ClassLoader loader;
  private final Map<String, Optional<ClassNode>> nodes = new HashMap<>();

  ClassIndex(ClassLoader loader) {
    this.loader = loader;
  }

  static boolean isJdk(String internalName) {
    return JDK_PREFIXES.stream().anyMatch(internalName::startsWith);
  }

  /** The parsed class, or empty when the loader has no class file for it. */
  Optional<ClassNode> node(String internalName) {
    Optional<ClassNode> cached = nodes.get(internalName);
    if (cached == null) {
      cached = Optional.ofNullable(read(internalName));
      nodes.put(internalName, cached);
    }
    return cached;
  }

  private ClassNode read(String internalName) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        return null;
      }
      var node = new ClassNode();
      int flags = isJdk(internalName) ? ClassReader.SKIP_CODE : 0;
      new ClassReader(in.readAllBytes()).accept(node, flags | ClassReader.SKIP_FRAMES);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class file of " + internalName, e);
    }
  }

  boolean isPure(String internalName) {
    return node(internalName).map(ClassIndex::pure).orElse(false);
  }

  private static boolean pure(ClassNode c) {
    List<AnnotationNode> annotations = c.visibleAnnotations;
    return annotations != null && annotations.stream().anyMatch(a -> PURE.equals(a.desc));
  }

  /** A record, an enum or a throwable: data the scan follows into without an annotation. */
  boolean isDataLike(String internalName) {
    ClassNode c = node(internalName).orElse(null);
    if (c == null || (c.access & Opcodes.ACC_INTERFACE) != 0) {
      return false;
    }
    return "java/lang/Record".equals(c.superName)
        || (c.access & Opcodes.ACC_ENUM) != 0
        || "java/lang/Enum".equals(c.superName)
        || isThrowable(internalName);
  }

  boolean isThrowable(String internalName) {
    for (String c = internalName; c != null; c = node(c).map(n -> n.superName).orElse(null)) {
      if (c.equals("java/lang/Throwable")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where a call to {@code owner.name desc} lands, by the JVM's resolution order: the class and its
   * superclasses, then default methods of interfaces. Stops at the first JDK class, which answers
   * for everything above it. Empty when only abstract declarations were found.
   */
  Optional<Target> resolve(String owner, String name, String desc) {
    String c = owner;
    while (c != null) {
      if (isJdk(c) && !(c.equals("java/lang/Object") && !OBJECT_METHODS.contains(name))) {
        return Optional.of(new Target(c, null));
      }
      ClassNode node = node(c).orElse(null);
      if (node == null) {
        return Optional.of(new Target(c, null));
      }
      MethodNode m = declared(node, name, desc);
      if (m != null) {
        return (m.access & Opcodes.ACC_ABSTRACT) != 0
            ? Optional.empty()
            : Optional.of(new Target(c, m));
      }
      c = node.superName;
    }
    return defaultMethod(owner, name, desc);
  }

  private Optional<Target> defaultMethod(String owner, String name, String desc) {
    var queue = new ArrayDeque<String>();
    for (String c = owner; c != null; c = node(c).map(n -> n.superName).orElse(null)) {
      node(c).ifPresent(n -> queue.addAll(n.interfaces));
    }
    while (!queue.isEmpty()) {
      String i = queue.poll();
      ClassNode node = node(i).orElse(null);
      if (node == null) {
        continue;
      }
      MethodNode m = declared(node, name, desc);
      if (m != null && (m.access & Opcodes.ACC_ABSTRACT) == 0) {
        // A JDK default method (Collection.parallelStream) is judged by the rules, not read.
        return Optional.of(new Target(i, isJdk(i) ? null : m));
      }
      queue.addAll(node.interfaces);
    }
    return Optional.empty();
  }

  static MethodNode declared(ClassNode c, String name, String desc) {
    for (MethodNode m : c.methods) {
      if (m.name.equals(name) && m.desc.equals(desc)) {
        return m;
      }
    }
    return null;
  }

  /**
   * A resolved call: the class that answers it and its method, or a null method when that class is
   * not read (a JDK class, or a class the loader lacks).
   */
  record Target(String owner, MethodNode method) {}
}
