package io.continuum.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * The concrete classes of a jar or classes directory that implement {@code io.continuum.Workflow}
 * (or, with {@link #activitiesIn}, an activity interface), found from their bytecode (directly,
 * through superclasses or through interfaces in the same path), without loading them.
 *
 * <pre>{@code
 * List<String> names = WorkflowClasses.in(Path.of("target/classes"));  // ["com.acme.Checkout"]
 * }</pre>
 */
final class WorkflowClasses {
  private static final String WORKFLOW = "io/continuum/Workflow";
  private static final Set<String> ACTIVITIES =
      Set.of("io/continuum/Activity", "io/continuum/AsyncActivity");

  private record Header(String name, String superName, List<String> interfaces, int access) {}

  private final Map<String, Header> headers = new HashMap<>();

  private WorkflowClasses() {}

  /**
   * The workflow classes' binary names, sorted.
   *
   * @throws ConfigException when the path is neither a directory nor a jar
   */
  static List<String> in(Path path) {
    return implementing(path, Set.of(WORKFLOW));
  }

  /** The activity classes' binary names (Activity or AsyncActivity), sorted. */
  static List<String> activitiesIn(Path path) {
    return implementing(path, ACTIVITIES);
  }

  private static List<String> implementing(Path path, Set<String> interfaces) {
    var index = new WorkflowClasses();
    if (Files.isDirectory(path)) {
      index.readDirectory(path);
    } else if (Files.isRegularFile(path)) {
      index.readJar(path);
    } else {
      throw new ConfigException("check: " + path + " is neither a jar nor a classes directory");
    }
    return index.headers.values().stream()
        .filter(h -> (h.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) == 0)
        .filter(h -> index.implementsAny(h.name, interfaces))
        .map(h -> h.name.replace('/', '.'))
        .sorted()
        .toList();
  }

  private void readDirectory(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(WorkflowClasses::isClassFile).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          add(in);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  private void readJar(Path jar) {
    try (var file = new JarFile(jar.toFile())) {
      for (JarEntry entry : file.stream().toList()) {
        if (entry.getName().endsWith(".class")
            && !entry.getName().startsWith("META-INF/")
            && !entry.getName().endsWith("module-info.class")) {
          try (InputStream in = file.getInputStream(entry)) {
            add(in);
          }
        }
      }
    } catch (IOException e) {
      throw new ConfigException("check: " + jar + " is not a readable jar: " + e.getMessage(), e);
    }
  }

  private static boolean isClassFile(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".class") && !name.equals("module-info.class");
  }

  private void add(InputStream in) throws IOException {
    var reader = new ClassReader(in.readAllBytes());
    headers.put(
        reader.getClassName(),
        new Header(
            reader.getClassName(),
            reader.getSuperName(),
            List.of(reader.getInterfaces()),
            reader.getAccess()));
  }

  // Walks superclasses and interfaces that are in the path; Continuum's interfaces are not.
  private boolean implementsAny(String name, Set<String> interfaces) {
    var pending = new ArrayList<String>(List.of(name));
    while (!pending.isEmpty()) {
      Header h = headers.get(pending.remove(pending.size() - 1));
      if (h == null) {
        continue;
      }
      if (h.interfaces.stream().anyMatch(interfaces::contains)) {
        return true;
      }
      pending.addAll(h.interfaces);
      if (h.superName != null) {
        pending.add(h.superName);
      }
    }
    return false;
  }
}
