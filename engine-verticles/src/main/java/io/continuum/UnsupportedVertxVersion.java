package io.continuum;

/**
 * The application runs on a Vert.x that this Continuum cannot run on: it is built for, and tested
 * on, one Vert.x line (see {@link io.continuum.runtime.SupportedVertx}). Raised when an engine is
 * deployed or a Postgres journal created, instead of a {@code NoSuchMethodError} deep in the SQL
 * client later.
 *
 * <pre>{@code
 * engine.deploy(vertx).onFailure(err -> {
 *   if (err instanceof UnsupportedVertxVersion v) log.error("align Vert.x: {}", v.getMessage());
 * });
 * }</pre>
 */
public final class UnsupportedVertxVersion extends ContinuumException {
  private final String found;
  private final String supported;

  public UnsupportedVertxVersion(String found, String supported) {
    super(
        "this Continuum runs on Vert.x "
            + supported
            + ".x, and the application runs Vert.x "
            + found
            + " (the Vert.x SQL client of other lines is not compatible): use Vert.x "
            + supported
            + ".x, for example by importing the continuum-bom after the vertx-stack-depchain");
    this.found = found;
    this.supported = supported;
  }

  /** The Vert.x version found at run time. */
  public String found() {
    return found;
  }

  /** The Vert.x line supported, e.g. {@code 5.0}. */
  public String supported() {
    return supported;
  }

  @Override
  public String errorType() {
    return "unsupported-vertx-version";
  }
}
