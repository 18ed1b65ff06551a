package io.continuum.runtime.impl;

import io.continuum.core.payload.Payload;
import io.continuum.core.replay.WorkflowDefinition;
import io.continuum.journal.Lease;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.time.Instant;
import java.util.List;

/** The engine's internal event-bus messages (local to one Vert.x instance) and their codec. */
final class Messages {

  private Messages() {}

  /**
   * Start a run: execute its first step and create it with that step (or, with a {@code
   * startDelay}, create it to take its first step later), with {@code signal} (or null) in its
   * mailbox and the chain's {@code executionTimeout} (or null).
   */
  record StartRun(
      WorkflowDefinition definition,
      String runId,
      String namespace,
      Payload input,
      Payload attributes,
      io.continuum.journal.NewRun.Signal signal,
      java.time.Duration startDelay,
      java.time.Duration executionTimeout) {}

  /** Host a run this node just claimed. */
  record AdoptRun(Lease lease) {}

  /** The run's inbox in the journal changed. */
  record Wake() {}

  /** A local worker's outcome for a task of this run, handed over without a journal write. */
  record LocalResult(LocalResults.Handed handed) {}

  /** Cancel a hosted run. */
  record CancelRun(String reason) {}

  /** A timer may be due soon. */
  record TimerArmed(Instant fireAt) {}

  /** Do your periodic duty once, now. */
  record Duty() {}

  /**
   * Are you hosted here? A hosted run answers with itself (for this package's tests; nothing else
   * may touch it off its event loop), and nothing else happens.
   */
  record Probe() {}

  /** A reply that carries either a value or a failure, exception type intact. */
  record Reply(Object value, Throwable error) {
    static Reply of(Object value) {
      return new Reply(value, null);
    }

    static Reply failed(Throwable error) {
      return new Reply(null, error);
    }
  }

  static final Wake WAKE = new Wake();
  static final Duty DUTY = new Duty();
  static final Probe PROBE = new Probe();

  private static final List<Class<?>> TYPES =
      List.of(
          StartRun.class,
          AdoptRun.class,
          Wake.class,
          LocalResult.class,
          CancelRun.class,
          TimerArmed.class,
          Duty.class,
          Probe.class,
          ForwardingVerticle.Forward.class,
          Reply.class);

  /** Registers the pass-by-reference codec for every message type (once per Vert.x instance). */
  static void registerCodecs(EventBus bus) {
    for (Class<?> type : TYPES) {
      try {
        register(bus, type);
      } catch (IllegalStateException alreadyRegistered) {
        // Another engine in this Vert.x registered it.
      }
    }
  }

  private static <T> void register(EventBus bus, Class<T> type) {
    bus.registerDefaultCodec(type, new LocalCodec<>(type));
  }

  /** Passes the object itself: these messages never leave the JVM. */
  private static final class LocalCodec<T> implements MessageCodec<T, T> {
    private final String name;

    LocalCodec(Class<T> type) {
      this.name = "continuum-local-" + type.getSimpleName();
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
      throw new IllegalStateException(name + " is local-only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      throw new IllegalStateException(name + " is local-only");
    }

    @Override
    public T transform(T message) {
      return message;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
