package dev.mlops.registry;

/**
 * The life-cycle state of a published version.
 *
 * @since 0.1
 */
public enum ModelVersionStatus {
  /** Published and usable: it can be resolved, aliased and loaded. */
  READY,
  /**
   * Retired: still readable by its exact version number for audits and rollbacks, but skipped by
   * {@code latest} and not eligible as an alias target.
   */
  ARCHIVED
}
