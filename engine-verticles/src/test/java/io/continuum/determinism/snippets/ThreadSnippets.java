package io.continuum.determinism.snippets;

import io.continuum.Workflow;
import io.continuum.WorkflowContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** Threads, async plumbing and locks: each snippet must be rejected. */
public final class ThreadSnippets {
  private ThreadSnippets() {}

  @Expect(
      rule = "threads",
      call = "java.lang.Thread.sleep()",
      hint = "use ctx.sleep(duration) instead of Thread.sleep()")
  public static final class ThreadSleep implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return "interrupted";
      }
      return in;
    }
  }

  @Expect(
      rule = "threads",
      call = "java.util.concurrent.TimeUnit.sleep()",
      hint = "use ctx.sleep(duration) instead of TimeUnit.sleep()")
  public static final class TimeUnitSleep implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      try {
        TimeUnit.SECONDS.sleep(1);
      } catch (InterruptedException e) {
        return "interrupted";
      }
      return in;
    }
  }

  @Expect(
      rule = "threads",
      call = "new java.lang.Thread()",
      hint = "run parallel work as activities (ctx.startActivity, ctx.awaitAll)")
  public static final class NewThread implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      new Thread(() -> {}).start();
      return in;
    }
  }

  @Expect(
      rule = "threads",
      call = "java.util.concurrent.Executors.newSingleThreadExecutor()",
      hint = "instead of Executors")
  public static final class Executor implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Executors.newSingleThreadExecutor();
    }
  }

  @Expect(
      rule = "threads",
      call = "java.util.concurrent.CompletableFuture.supplyAsync()",
      hint = "instead of CompletableFuture")
  public static final class AsyncFuture implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return CompletableFuture.supplyAsync(() -> in).join();
    }
  }

  @Expect(
      rule = "threads",
      call = "java.util.concurrent.ForkJoinPool.commonPool()",
      hint = "instead of ForkJoinPool")
  public static final class CommonPool implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return ForkJoinPool.commonPool();
    }
  }

  @Expect(
      rule = "threads",
      call = "new java.util.concurrent.locks.ReentrantLock()",
      hint = "remove the lock")
  public static final class Lock implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      var lock = new ReentrantLock();
      lock.lock();
      return in;
    }
  }

  @Expect(
      rule = "threads",
      call = "io.vertx.core.Future.succeededFuture()",
      hint = "Vert.x timers, the event bus and futures run outside the journal")
  public static final class VertxFuture implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return Future.succeededFuture(in);
    }
  }

  @Expect(
      rule = "threads",
      call = "io.vertx.core.Vertx.setTimer()",
      hint = "use ctx.sleep, ctx.awaitSignal or an activity instead of Vertx.setTimer()")
  public static final class VertxTimer implements Workflow<String, Object> {
    private Vertx vertx;

    public Object run(WorkflowContext ctx, String in) {
      return vertx.setTimer(1000, id -> {});
    }
  }

  @Expect(
      rule = "threads",
      call = "java.util.List.parallelStream()",
      hint = "use a sequential stream or loop")
  public static final class ParallelStream implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return List.of(1, 2, 3).parallelStream().mapToInt(i -> i).sum();
    }
  }

  /** A JDK default method reached through the workflow's own interface is still judged. */
  @Expect(
      rule = "threads",
      call = "java.util.Collection.parallelStream()",
      hint = "use a sequential stream or loop")
  public static final class InheritedParallelStream implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      return count(null);
    }

    private long count(Names names) {
      return names.parallelStream().count();
    }

    interface Names extends java.util.Collection<String> {}
  }

  @Expect(
      rule = "threads",
      call = "java.lang.ThreadLocal.get()",
      hint = "a ThreadLocal carries state between steps and runs")
  public static final class ThreadLocalState implements Workflow<String, Object> {
    private static final ThreadLocal<String> LAST = new ThreadLocal<>();

    public Object run(WorkflowContext ctx, String in) {
      return LAST.get();
    }
  }

  @Expect(rule = "synchronization", call = "synchronized block", hint = "remove synchronized")
  public static final class SynchronizedBlock implements Workflow<String, Object> {
    private final Object lock = new Object();

    public Object run(WorkflowContext ctx, String in) {
      synchronized (lock) {
        return in;
      }
    }
  }

  @Expect(
      rule = "synchronization",
      call = "synchronized method next",
      hint = "a step runs on one thread")
  public static final class SynchronizedMethod implements Workflow<String, Object> {
    private int counter;

    public Object run(WorkflowContext ctx, String in) {
      return next();
    }

    private synchronized int next() {
      return ++counter;
    }
  }

  @Expect(
      rule = "synchronization",
      call = "java.lang.Object.notifyAll()",
      hint = "wait with ctx.awaitSignal or ctx.sleep instead of notifyAll()")
  public static final class NotifyAll implements Workflow<String, Object> {
    public Object run(WorkflowContext ctx, String in) {
      Object monitor = in;
      monitor.notifyAll();
      return in;
    }
  }
}
