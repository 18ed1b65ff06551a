package io.continuum.server;

import io.continuum.ActivityDefinition;
import io.continuum.Workflow;
import io.continuum.determinism.VersionHash;
import io.continuum.runtime.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The user's code in {@code continuum dev --classpath}: each time it changes, a snapshot of the
 * class path is copied into {@code <data-dir>/code/<n>} and loaded in a class loader of its own, so
 * the classes a run started on stay loaded while new runs start on the newest ones (the engine's
 * version rules do the rest). Snapshots outlive a restart of {@code dev}: the runs of an earlier
 * session resume on their code.
 *
 * <pre>{@code
 * var code = new DevCode(dataDir, List.of(Path.of("target/classes")));
 * code.refresh();                 // a first snapshot
 * code.register(builder);         // every version of every workflow, newest last
 * if (code.changed()) code.refresh();
 * }</pre>
 */
final class DevCode {
  private static final int KEEP = 20;

  /** One loaded snapshot: its workflow classes and activities (activities of the newest only). */
  record Snapshot(
      int number,
      URLClassLoader loader,
      List<Class<? extends Workflow<?, ?>>> workflows,
      List<String> activities) {}

  private final Path root;
  private final List<Path> classpath;
  private final List<Snapshot> snapshots = new ArrayList<>();
  private String loadedFingerprint;

  DevCode(Path dataDir, List<Path> classpath) {
    this.root = dataDir.resolve("code");
    this.classpath = classpath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    for (Path p : this.classpath) {
      if (!Files.exists(p)) {
        throw new ConfigException("--classpath: " + p + " does not exist");
      }
    }
  }

  /** Loads the snapshots an earlier session left, then snapshots the class path if it changed. */
  List<Snapshot> start() {
    try {
      Files.createDirectories(root);
      List<Path> earlier;
      try (Stream<Path> dirs = Files.list(root)) {
        earlier =
            dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
                .sorted(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString())))
                .toList();
      }
      for (Path dir : earlier.subList(Math.max(0, earlier.size() - KEEP), earlier.size())) {
        snapshots.add(load(Integer.parseInt(dir.getFileName().toString()), dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
    String fingerprint = fingerprint();
    String last = snapshots.isEmpty() ? null : readFingerprint(snapshots.get(snapshots.size() - 1));
    if (!fingerprint.equals(last)) {
      take(fingerprint);
    }
    loadedFingerprint = fingerprint;
    return List.copyOf(snapshots);
  }

  /** Whether the class path differs from the last snapshot (a file added, removed or touched). */
  boolean changed() {
    return !fingerprint().equals(loadedFingerprint);
  }

  /** Snapshots the class path as it is now; returns the new snapshot. */
  Snapshot refresh() {
    String fingerprint = fingerprint();
    Snapshot s = take(fingerprint);
    loadedFingerprint = fingerprint;
    return s;
  }

  /**
   * Registers every workflow of every snapshot, oldest first (one class per version: the same code
   * in two snapshots is one version), and the activities of the newest snapshot.
   */
  void register(Engine.Builder builder) {
    Set<String> versions = new HashSet<>();
    for (Snapshot s : snapshots) {
      for (Class<? extends Workflow<?, ?>> w : s.workflows()) {
        if (versions.add(w.getName() + "@" + VersionHash.of(w))) {
          builder.workflow(cast(w));
        }
      }
    }
    if (!snapshots.isEmpty()) {
      Snapshot newest = snapshots.get(snapshots.size() - 1);
      for (String name : newest.activities()) {
        builder.activity(instantiate(newest.loader(), name));
      }
    }
  }

  private Snapshot take(String fingerprint) {
    int number = snapshots.isEmpty() ? 1 : snapshots.get(snapshots.size() - 1).number() + 1;
    Path dir = root.resolve(Integer.toString(number));
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < classpath.size(); i++) {
        Path from = classpath.get(i);
        Path to = dir.resolve(Files.isDirectory(from) ? Integer.toString(i) : i + ".jar");
        copy(from, to);
      }
      Files.writeString(dir.resolve("fingerprint"), fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot snapshot the class path into " + dir, e);
    }
    Snapshot s = load(number, dir);
    snapshots.add(s);
    while (snapshots.size() > KEEP) {
      snapshots.remove(0);
    }
    return s;
  }

  private Snapshot load(int number, Path dir) {
    List<Path> entries = new ArrayList<>();
    for (int i = 0; ; i++) {
      Path d = dir.resolve(Integer.toString(i));
      Path j = dir.resolve(i + ".jar");
      if (Files.isDirectory(d)) {
        entries.add(d);
      } else if (Files.isRegularFile(j)) {
        entries.add(j);
      } else {
        break;
      }
    }
    URL[] urls = new URL[entries.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = entries.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    var loader = new URLClassLoader("dev-code-" + number, urls, DevCode.class.getClassLoader());
    List<Class<? extends Workflow<?, ?>>> workflows = new ArrayList<>();
    List<String> activities = new ArrayList<>();
    for (Path entry : entries) {
      for (String name : WorkflowClasses.in(entry)) {
        workflows.add(cast(loadClass(loader, name)));
      }
      activities.addAll(WorkflowClasses.activitiesIn(entry));
    }
    return new Snapshot(number, loader, workflows, activities);
  }

  private static Class<?> loadClass(ClassLoader loader, String name) {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException("--classpath: cannot load " + name + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <W extends Workflow<?, ?>> Class<W> cast(Class<?> type) {
    return (Class<W>) type;
  }

  private static ActivityDefinition<?, ?> instantiate(ClassLoader loader, String name) {
    try {
      return (ActivityDefinition<?, ?>) loadClass(loader, name).getConstructor().newInstance();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new ConfigException(
          "--classpath: activity " + name + " needs a public no-argument constructor", e);
    } catch (InstantiationException | InvocationTargetException e) {
      throw new ConfigException("--classpath: could not create activity " + name + ": " + e, e);
    }
  }

  // Every file's path, size and modification time: any recompile changes it.
  private String fingerprint() {
    var sb = new StringBuilder();
    for (Path entry : classpath) {
      try (Stream<Path> files = Files.isDirectory(entry) ? Files.walk(entry) : Stream.of(entry)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          FileTime t = Files.getLastModifiedTime(f);
          sb.append(f)
              .append(' ')
              .append(Files.size(f))
              .append(' ')
              .append(t.toMillis())
              .append('\n');
        }
      } catch (IOException e) {
        // a file removed while we looked: the next look sees the result
        sb.append(entry).append(" unreadable\n");
      }
    }
    return Integer.toHexString(sb.toString().hashCode()) + ":" + sb.length();
  }

  private String readFingerprint(Snapshot s) {
    try {
      return Files.readString(root.resolve(Integer.toString(s.number())).resolve("fingerprint"));
    } catch (IOException e) {
      return "";
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
