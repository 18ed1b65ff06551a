package io.continuum.determinism.impl;

import static io.continuum.determinism.Severity.ERROR;
import static io.continuum.determinism.Severity.WARNING;
import static io.continuum.determinism.impl.Rule.CLIENT_CALL;
import static io.continuum.determinism.impl.Rule.ENVIRONMENT;
import static io.continuum.determinism.impl.Rule.IDENTITY_HASH;
import static io.continuum.determinism.impl.Rule.IO;
import static io.continuum.determinism.impl.Rule.REFLECTION;

import java.util.Set;

/** The {@link RuleTable}'s entries for I/O, the environment, client calls, state and reflection. */
final class EffectRules {
  private EffectRules() {}

  private static final String CONFIG =
      "pass configuration in the workflow input, or read it once with ctx.sideEffect(...)"
          + " instead of {class}.{name}()";
  private static final String IDENTITY =
      "identity hash codes differ between JVMs; hash stable values (ids, record fields) instead"
          + " of {class}.{name}()";
  private static final String FILES = "do file I/O in an activity instead of {class}";

  // java.net types that are values, not connections.
  private static final Set<String> NET_VALUES =
      Set.of("URI", "URLEncoder", "URLDecoder", "URISyntaxException", "IDN");

  static void define(Rules.Builder t) {
    io(t);
    environment(t);
    stateAndReflection(t);
  }

  private static void io(Rules.Builder t) {
    t.add(
            o ->
                o.startsWith("java/io/File")
                    || o.equals("java/io/RandomAccessFile")
                    || o.equals("java/io/Console"),
            n -> true,
            d -> true,
            IO,
            ERROR,
            FILES)
        .add(
            Rules.Builder.owners("java/io/PrintStream|java/io/PrintWriter|java/util/Formatter"),
            "<init>"::equals,
            d -> d.startsWith("(Ljava/lang/String;") || d.startsWith("(Ljava/io/File;"),
            IO,
            ERROR,
            FILES)
        .any("java/nio/file/|java/nio/channels/", IO, ERROR, FILES)
        .add(
            o -> o.startsWith("java/net/") && !NET_VALUES.contains(Rules.simpleName(o)),
            n -> true,
            d -> true,
            IO,
            ERROR,
            "call other services from an activity instead of {class}")
        .any(
            "java/sql/|javax/sql/|javax/naming/|javax/net/|java/rmi/|io/netty/",
            IO,
            ERROR,
            "reach databases and services from an activity instead of {class}")
        .any(
            "java/lang/ProcessBuilder|java/lang/Process|java/lang/ProcessHandle",
            IO,
            ERROR,
            "run processes from an activity instead of {class}")
        .methods("java/lang/System", "console", IO, ERROR, "read input in an activity")
        .exact(
            "java/lang/Throwable",
            "printStackTrace",
            "()V",
            IO,
            WARNING,
            "output printed by workflow code repeats on every replay; log from an activity")
        .methods(
            "java/lang/System",
            "getLogger",
            IO,
            WARNING,
            "log lines written by workflow code repeat on every replay")
        .any(
            "java/util/logging/",
            IO,
            WARNING,
            "log lines written by workflow code repeat on every replay");
  }

  private static void environment(Rules.Builder t) {
    t.methods(
            "java/lang/System",
            "getenv|getProperty|getProperties|setProperty|clearProperty|setProperties",
            ENVIRONMENT,
            ERROR,
            CONFIG)
        .methods(
            "java/lang/Integer|java/lang/Long", "getInteger|getLong", ENVIRONMENT, ERROR, CONFIG)
        .methods("java/lang/Boolean", "getBoolean", ENVIRONMENT, ERROR, CONFIG)
        .methods(
            "java/lang/System",
            "exit|setIn|setOut|setErr",
            ENVIRONMENT,
            ERROR,
            "workflow code must not change the JVM; throw to fail the run instead of"
                + " System.{name}()")
        .any(
            "java/lang/Runtime",
            ENVIRONMENT,
            ERROR,
            "Runtime describes this machine, not the run; read it in an activity")
        .methods(
            "java/util/TimeZone|java/util/Locale",
            "setDefault",
            ENVIRONMENT,
            ERROR,
            "workflow code must not change the JVM; pass explicit zones and locales")
        .methods(
            "java/lang/System",
            "lineSeparator",
            ENVIRONMENT,
            WARNING,
            "the line separator differs between platforms; use \"\\n\"")
        .methods(
            "java/time/ZoneId|java/util/TimeZone|java/util/Locale|java/nio/charset/Charset",
            "systemDefault|getDefault|defaultCharset",
            ENVIRONMENT,
            WARNING,
            "the default differs between machines; pass an explicit one (ZoneOffset.UTC,"
                + " Locale.ROOT, UTF_8) instead of {class}.{name}()")
        .any(
            "java/text/|java/util/ResourceBundle",
            ENVIRONMENT,
            WARNING,
            "{class} depends on the default locale and time zone; use java.time.format"
                + ".DateTimeFormatter with an explicit locale and zone");
  }

  private static void stateAndReflection(Rules.Builder t) {
    t.any(
            "io/continuum/Continuum|io/continuum/RunHandle|io/continuum/runtime/Engine"
                + "|io/continuum/journal/Journal|io/continuum/testing/TestEnvironment",
            CLIENT_CALL,
            ERROR,
            "start, signal, cancel or await other runs from an activity: a workflow calling the"
                + " client repeats the call on every replay")
        .methods("java/lang/System", "identityHashCode", IDENTITY_HASH, ERROR, IDENTITY)
        .exact(
            "java/lang/Object|java/lang/Enum|java/lang/Class",
            "hashCode",
            "()I",
            IDENTITY_HASH,
            ERROR,
            IDENTITY)
        .any(
            "java/util/IdentityHashMap|java/util/WeakHashMap",
            IDENTITY_HASH,
            WARNING,
            "its iteration order depends on identity hashes and the GC; use a LinkedHashMap")
        .add(
            Rules.Builder.owners("java/lang/Class"),
            n -> !JdkTrust.SAFE_CLASS_METHODS.contains(n),
            d -> true,
            REFLECTION,
            WARNING,
            "reflection cannot be checked statically; call the code directly instead of"
                + " Class.{name}()")
        .any(
            "java/lang/reflect/|java/lang/invoke/|java/lang/ClassLoader|java/lang/Module"
                + "|java/util/ServiceLoader",
            REFLECTION,
            WARNING,
            "reflection and method handles cannot be checked statically; call the code directly"
                + " instead of {class}.{name}()");
  }
}
