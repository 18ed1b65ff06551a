package io.continuum.load;

/**
 * A command line that does not fit the scenario; {@link Main} prints the message and the usage on
 * stderr and exits with status 2.
 *
 * <pre>{@code
 * if (forks < 0) throw new UsageException("--forks must be >= 0, got " + forks);
 * }</pre>
 */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** An exception with a message naming the bad argument. */
  public UsageException(String message) {
    super(message);
  }
}
