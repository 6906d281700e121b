package dev.mlops.registry;

/**
 * The kinds of registry mutation recorded in the audit log.
 *
 * @since 0.1
 */
public enum AuditAction {
  /** A version was published; {@code after} is the version number. */
  REGISTER_VERSION,
  /** An alias was created or moved; {@code before} and {@code after} are version numbers. */
  SET_ALIAS,
  /** An alias was deleted; {@code before} is the version it pointed to. */
  DELETE_ALIAS,
  /** A model or version tag was set; {@code before} and {@code after} are the values. */
  SET_TAG,
  /** A model or version tag was deleted; {@code before} is the old value. */
  DELETE_TAG,
  /** A version was archived; {@code before} and {@code after} are the statuses. */
  ARCHIVE_VERSION
}
