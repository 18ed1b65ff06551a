package io.continuum.load.cluster;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where this JVM's CPU time went, by thread group, and its collections, read at two instants. The
 * nodes of {@code load-tests/run cluster} share the JVM, so a group is the sum over all of them. On
 * Linux every thread is read from {@code /proc/self/task} (the JIT's and the collector's threads
 * included); elsewhere only Java threads are, and the JVM's own threads are the rest of the process
 * time. CPU time of threads that ended meanwhile counts in the process total only.
 *
 * <pre>{@code
 * CpuUsage before = CpuUsage.read();
 * ... measured work ...
 * System.err.println("cpu: " + CpuUsage.read().since(before));
 * }</pre>
 */
final class CpuUsage {
  private static final String[] GROUPS = {
    "hazelcast", "event loops", "workers", "internal blocking", "jit", "gc", "other"
  };
  private static final Path TASKS = Path.of("/proc/self/task");
  // Linux's USER_HZ: /proc reports CPU time in 1/100 s on every common configuration.
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long wallNanos;
  private final long processNanos;
  private final long[] groupNanos;
  private final long collections;
  private final long collectionMillis;

  private CpuUsage(
      long wallNanos,
      long processNanos,
      long[] groupNanos,
      long collections,
      long collectionMillis) {
    this.wallNanos = wallNanos;
    this.processNanos = processNanos;
    this.groupNanos = groupNanos;
    this.collections = collections;
    this.collectionMillis = collectionMillis;
  }

  /** The counters now. */
  static CpuUsage read() {
    long[] groups = new long[GROUPS.length];
    if (!readProc(groups)) {
      readJavaThreads(groups);
    }
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new CpuUsage(System.nanoTime(), os.getProcessCpuTime(), groups, count, millis);
  }

  // /proc/self/task/<tid>/stat: "tid (name) state ..."; utime and stime are the 12th and 13th
  // fields after the name. Names are cut at 15 characters.
  private static boolean readProc(long[] groups) {
    if (!Files.isDirectory(TASKS)) {
      return false;
    }
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              int open = stat.indexOf('(');
              int close = stat.lastIndexOf(')');
              String[] fields = stat.substring(close + 2).split(" ");
              long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
              groups[group(stat.substring(open + 1, close))] += ticks * NANOS_PER_TICK;
            } catch (IOException | RuntimeException ended) {
              // the thread ended meanwhile
            }
          });
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void readJavaThreads(long[] groups) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] cpu = threads.getThreadCpuTime(ids);
    var infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && cpu[i] > 0) {
        groups[group(infos[i].getThreadName())] += cpu[i];
      }
    }
  }

  private static int group(String thread) {
    // Hazelcast's own threads, and vertx-hazelcast's (subscription updates).
    if (thread.startsWith("hz.") || thread.startsWith("vertx-hazelcast")) {
      return 0;
    }
    if (thread.startsWith("vert.x-eventloo")) {
      return 1;
    }
    if (thread.startsWith("vert.x-worker")) {
      return 2;
    }
    // Vert.x runs the cluster manager's blocking calls here.
    if (thread.startsWith("vert.x-interna")) {
      return 3;
    }
    if (thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre")) {
      return 4;
    }
    if (thread.startsWith("GC Thread")
        || thread.startsWith("G1 ")
        || thread.startsWith("VM Thread")
        || thread.startsWith("VM Periodic")) {
      return 5;
    }
    return 6;
  }

  /**
   * One line: the cores used on average since {@code before}, each group's share of the process's
   * CPU time, and the collections meanwhile.
   */
  String since(CpuUsage before) {
    double wall = (wallNanos - before.wallNanos) / 1e9;
    long process = Math.max(1, processNanos - before.processNanos);
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "%.2f cores over %.1f s (", process / 1e9 / wall, wall));
    for (int g = 0; g < GROUPS.length; g++) {
      long d = Math.max(0, groupNanos[g] - before.groupNanos[g]);
      line.append(g == 0 ? "" : ", ")
          .append(GROUPS[g])
          .append(' ')
          .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * d / process));
    }
    return line.append(
            String.format(
                Locale.ROOT,
                "); gc: %d collections, %d ms",
                collections - before.collections,
                collectionMillis - before.collectionMillis))
        .toString();
  }
}
