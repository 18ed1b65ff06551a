package io.continuum.load.cluster;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where this JVM's CPU time went, by thread group (Hazelcast, Vert.x event loops, Vert.x workers,
 * Vert.x internal blocking threads, other Java threads; the rest of the process time is the JVM's
 * own threads: GC, JIT), and its collections, read at two instants. The nodes of {@code
 * load-tests/run cluster} share the JVM, so a group is the sum over all of them.
 *
 * <pre>{@code
 * CpuUsage before = CpuUsage.read();
 * ... measured work ...
 * System.err.println("cpu: " + CpuUsage.read().since(before));
 * }</pre>
 */
final class CpuUsage {
  private static final String[] GROUPS = {
    "hazelcast", "event loops", "workers", "internal blocking", "other java"
  };

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

  /** The counters now (the CPU time of threads that ended meanwhile is in no group). */
  static CpuUsage read() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] cpu = threads.getThreadCpuTime(ids);
    var infos = threads.getThreadInfo(ids);
    long[] groups = new long[GROUPS.length];
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && cpu[i] > 0) {
        groups[group(infos[i].getThreadName())] += cpu[i];
      }
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

  private static int group(String thread) {
    if (thread.startsWith("hz.")) {
      return 0;
    }
    if (thread.startsWith("vert.x-eventloop")) {
      return 1;
    }
    if (thread.startsWith("vert.x-worker")) {
      return 2;
    }
    // Vert.x runs the cluster manager's blocking calls here (event-bus subscription lookups).
    if (thread.startsWith("vert.x-internal-blocking")) {
      return 3;
    }
    return 4;
  }

  /**
   * One line: the cores used on average since {@code before}, each group's share of them, and the
   * collections meanwhile.
   */
  String since(CpuUsage before) {
    double wall = (wallNanos - before.wallNanos) / 1e9;
    long process = processNanos - before.processNanos;
    Map<String, Long> parts = new LinkedHashMap<>();
    long java = 0;
    for (int g = 0; g < GROUPS.length; g++) {
      long d = Math.max(0, groupNanos[g] - before.groupNanos[g]);
      parts.put(GROUPS[g], d);
      java += d;
    }
    parts.put("jvm (gc, jit)", Math.max(0, process - java));
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "%.2f cores over %.1f s (", process / 1e9 / wall, wall));
    String sep = "";
    for (var e : parts.entrySet()) {
      line.append(sep)
          .append(e.getKey())
          .append(' ')
          .append(
              String.format(Locale.ROOT, "%.0f%%", 100.0 * e.getValue() / Math.max(1, process)));
      sep = ", ";
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
