package io.continuum.determinism.impl;

import io.continuum.determinism.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Looks calls up in the {@link RuleTable}: the first entry that matches the call's class, method
 * name and descriptor decides. Calls that match nothing are judged by {@link JdkTrust} or as
 * unknown.
 */
final class Rules {
  private static final List<Entry> ENTRIES = new ArrayList<>();
  private static final Rule NONE = new Rule("", Severity.WARNING, "");
  private static final ConcurrentHashMap<String, Rule> CACHE = new ConcurrentHashMap<>();

  static {
    RuleTable.define(new Rules.Builder());
  }

  private Rules() {}

  /** The rule a call breaks, or null. Constructors are named {@code <init>}. */
  static Rule call(String owner, String name, String desc) {
    Rule r =
        CACHE.computeIfAbsent(
            owner + '.' + name + desc,
            k -> {
              for (Entry e : ENTRIES) {
                if (e.owner.test(owner) && e.name.test(name) && e.desc.test(desc)) {
                  return e.verdict(owner, name);
                }
              }
              return NONE;
            });
    return r == NONE ? null : r;
  }

  /** The rule a read of a static field breaks ({@code System.in}, {@code System.out}), or null. */
  static Rule staticRead(String owner, String name) {
    if (!owner.equals("java/lang/System")) {
      return null;
    }
    return switch (name) {
      case "in" -> new Rule(Rule.IO, Severity.ERROR, "read input in an activity, not System.in");
      case "out", "err" ->
          new Rule(
              Rule.IO,
              Severity.WARNING,
              "output printed by workflow code repeats on every replay; print from an activity");
      default -> null;
    };
  }

  static String simpleName(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }

  private record Entry(
      Predicate<String> owner,
      Predicate<String> name,
      Predicate<String> desc,
      String id,
      Severity severity,
      String hint) {
    Rule verdict(String owner, String name) {
      String text = hint.replace("{class}", simpleName(owner)).replace("{name}", name);
      return new Rule(id, severity, text);
    }
  }

  /** Adds entries; owners ending in {@code /} are packages (with subpackages), {@code *} any. */
  static final class Builder {
    private Builder() {}

    /** Any method of the given classes or packages ({@code |}-separated). */
    Builder any(String owners, String id, Severity severity, String hint) {
      return add(owners(owners), n -> true, d -> true, id, severity, hint);
    }

    /** The named methods ({@code |}-separated) of the given classes, any descriptor. */
    Builder methods(String owners, String names, String id, Severity severity, String hint) {
      return add(owners(owners), names(names), d -> true, id, severity, hint);
    }

    /** One method with one descriptor. */
    Builder exact(String owners, String name, String desc, String id, Severity s, String hint) {
      return add(owners(owners), name::equals, desc::equals, id, s, hint);
    }

    Builder add(
        Predicate<String> owner,
        Predicate<String> name,
        Predicate<String> desc,
        String id,
        Severity severity,
        String hint) {
      ENTRIES.add(new Entry(owner, name, desc, id, severity, hint));
      return this;
    }

    static Predicate<String> owners(String spec) {
      List<String> parts = List.of(spec.split("\\|"));
      return owner -> {
        for (String p : parts) {
          if (p.equals("*") || owner.equals(p) || (p.endsWith("/") && owner.startsWith(p))) {
            return true;
          }
        }
        return false;
      };
    }

    static Predicate<String> names(String spec) {
      if (spec.equals("*")) {
        return n -> true;
      }
      return Set.of(spec.split("\\|"))::contains;
    }
  }
}
