package io.continuum.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Says which {@code continuum dev} owns a data directory: an OS file lock on {@code
 * <dir>/dev.lock}, held while the server runs and released by the OS when its process ends, however
 * it ends ({@code kill -9} included). Whoever takes it knows that anything still running on the
 * directory (the embedded Postgres of a killed server) is left over and may be stopped.
 *
 * <pre>{@code
 * try (DataDirLock lock = DataDirLock.take(Path.of(".continuum-dev"))) {
 *   // start the embedded Postgres, the engine, the API
 * }
 * }</pre>
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "dev.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock and records this process's id in it.
   *
   * @throws ConfigException when another live process holds it, naming that process
   */
  static DataDirLock take(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new ConfigException(
            "another continuum dev (process "
                + (holder.isEmpty() ? "unknown" : holder)
                + ") is running on "
                + dataDir
                + ": stop it (Ctrl+C in its terminal, or kill "
                + (holder.isEmpty() ? "<pid>" : holder)
                + "), or give this one another --data-dir");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(false);
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new ConfigException("cannot lock the data directory " + dataDir + ": " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the process is ending or the file is gone: the OS releases the lock either way
    }
  }
}
