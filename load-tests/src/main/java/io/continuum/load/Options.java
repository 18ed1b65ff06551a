package io.continuum.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's parsed command line: {@code --name value} or {@code --name=value} pairs, checked
 * against the options the scenario declares, with defaults filled in.
 *
 * <pre>{@code
 * Options o = Options.parse(List.of("--forks", "2"), scenario.options());
 * int forks = o.intValue("forks", 0);   // 2
 * }</pre>
 */
public final class Options {

  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses arguments against the declared options.
   *
   * @throws UsageException on an unknown option, a missing value or a stray argument
   */
  public static Options parse(List<String> args, List<Scenario.Option> declared)
      throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    for (Scenario.Option o : declared) {
      values.put(o.name(), o.defaultValue());
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!values.containsKey(name)) {
        throw new UsageException("unknown option '--" + name + "'");
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException("option '--" + name + "' needs a value");
        }
        value = args.get(++i);
      }
      values.put(name, value);
    }
    return new Options(values);
  }

  /** The value of a declared option ("" when it has none). */
  public String value(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("option '" + name + "' is not declared");
    }
    return v;
  }

  /**
   * The value of a declared option as an int of at least {@code min}.
   *
   * @throws UsageException when it is not a number or is below {@code min}
   */
  public int intValue(String name, int min) throws UsageException {
    String v = value(name);
    int n;
    try {
      n = Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs a number, got '" + v + "'");
    }
    if (n < min) {
      throw new UsageException("--" + name + " must be >= " + min + ", got " + n);
    }
    return n;
  }
}
