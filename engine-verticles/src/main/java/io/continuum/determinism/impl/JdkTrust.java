package io.continuum.determinism.impl;

import java.util.List;
import java.util.Set;

/**
 * The JDK classes workflow code may call without a finding, once the {@link RuleTable} has rejected
 * what it rejects in them. Everything in the JDK that is not listed here is an unknown call.
 *
 * <ul>
 *   <li>{@code java.lang}: strings and builders, {@code Math}/{@code StrictMath}, the boxed
 *       primitives, {@code Character}, {@code Number}, {@code Object}, {@code Enum}, {@code
 *       Record}, {@code Iterable}, {@code Comparable}, {@code CharSequence}, {@code Runnable},
 *       {@code AutoCloseable}, {@code Throwable} and every {@code *Exception}/{@code *Error}, the
 *       non-reflective methods of {@code Class}, and {@code System.arraycopy};
 *   <li>{@code java.util} (the package itself: collections, {@code Optional}, {@code Objects},
 *       {@code Arrays}, {@code Collections}, {@code UUID}, seeded {@code Random}, {@code Base64},
 *       {@code HexFormat}, ...), {@code java.util.function}, {@code java.util.stream}, {@code
 *       java.util.regex}, {@code java.util.concurrent.atomic} and the data structures of {@code
 *       java.util.concurrent};
 *   <li>{@code java.time} and its subpackages, {@code java.math}, {@code java.nio} buffers and
 *       {@code java.nio.charset}, {@code java.io} (its files, consoles and file-name constructors
 *       are rejected by rules; streams over memory are fine), {@code java.security.MessageDigest},
 *       {@code java.net.URI}/{@code URLEncoder}/{@code URLDecoder};
 *   <li>the Continuum API: the classes of the package {@code io.continuum} itself.
 * </ul>
 */
final class JdkTrust {
  private JdkTrust() {}

  /** The methods of {@code java.lang.Class} that do not reflect. */
  static final Set<String> SAFE_CLASS_METHODS =
      Set.of(
          "getName",
          "getSimpleName",
          "getCanonicalName",
          "getTypeName",
          "getPackageName",
          "isInstance",
          "cast",
          "isAssignableFrom",
          "isEnum",
          "isRecord",
          "isInterface",
          "isArray",
          "isPrimitive",
          "isAnnotation",
          "isSealed",
          "getComponentType",
          "componentType",
          "arrayType",
          "desiredAssertionStatus",
          "getEnumConstants",
          "getModifiers",
          "toString",
          "equals",
          "describeConstable",
          "descriptorString");

  private static final Set<String> LANG =
      Set.of(
          "String",
          "StringBuilder",
          "StringBuffer",
          "AbstractStringBuilder",
          "CharSequence",
          "Math",
          "StrictMath",
          "Integer",
          "Long",
          "Short",
          "Byte",
          "Double",
          "Float",
          "Boolean",
          "Character",
          "Number",
          "Object",
          "Enum",
          "Record",
          "Iterable",
          "Comparable",
          "Runnable",
          "AutoCloseable",
          "Cloneable",
          "Void",
          "Throwable",
          "Class",
          "Appendable",
          "Readable",
          "StackTraceElement");

  private static final List<String> PACKAGES =
      List.of(
          "java/util/function/",
          "java/util/stream/",
          "java/util/regex/",
          "java/util/concurrent/atomic/",
          "java/time/",
          "java/math/",
          "java/nio/charset/",
          "java/lang/runtime/");

  /** Whether a call to {@code owner.name} (no rule having matched it) is deterministic. */
  static boolean trusted(String owner, String name) {
    for (String p : PACKAGES) {
      if (owner.startsWith(p)) {
        return true;
      }
    }
    String pkg = owner.substring(0, owner.lastIndexOf('/') + 1);
    String simple = owner.substring(pkg.length());
    int nested = simple.indexOf('$');
    String outer = nested >= 0 ? simple.substring(0, nested) : simple;
    return switch (pkg) {
      case "java/lang/" ->
          LANG.contains(outer)
              || outer.endsWith("Exception")
              || outer.endsWith("Error")
              || (outer.equals("System") && name.equals("arraycopy"));
      case "java/util/" -> !outer.equals("Scanner");
      case "java/util/concurrent/", "java/io/", "java/nio/", "io/continuum/" -> true;
      case "java/security/" -> outer.equals("MessageDigest");
      case "java/net/" -> true;
      default -> false;
    };
  }
}
