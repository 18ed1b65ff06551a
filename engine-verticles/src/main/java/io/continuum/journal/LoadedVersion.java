package io.continuum.journal;

import java.util.Objects;

/**
 * A workflow version a node has loaded, as {@link Journal#recordLoadedVersions} records it.
 *
 * <pre>{@code
 * new LoadedVersion("orders.checkout", VersionHash.of(Checkout.class), Checkout.class.getName());
 * }</pre>
 *
 * @param workflowType the type name
 * @param versionHash the version ({@link io.continuum.determinism.VersionHash})
 * @param className the class that implements it
 */
public record LoadedVersion(String workflowType, String versionHash, String className) {

  /** Validates the version. */
  public LoadedVersion {
    Objects.requireNonNull(workflowType, "workflowType");
    Objects.requireNonNull(versionHash, "versionHash");
    Objects.requireNonNull(className, "className");
  }

  /**
   * The claim key of a version ({@link Journal#claimRunnable}): {@code type@hash}, or the bare type
   * for an unversioned definition (null hash), which runs every version of its type.
   */
  public static String claimKey(String workflowType, String versionHash) {
    return versionHash == null ? workflowType : workflowType + "@" + versionHash;
  }
}
