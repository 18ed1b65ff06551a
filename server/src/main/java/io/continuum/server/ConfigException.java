package io.continuum.server;

/**
 * A usage or configuration mistake the operator can fix: the CLI prints its message on one line of
 * stderr and exits with code 2 (other failures exit with 1).
 *
 * <pre>{@code
 * if (settings.apiKeys().keys().isEmpty()) {
 *   throw new ConfigException("serve needs at least one API key: set apiKeys or apiKeysFile");
 * }
 * }</pre>
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
