package dev.mlops.registry;

import java.util.regex.Pattern;

/**
 * One file of a published model artifact, with the size and SHA-256 recorded when it was published.
 *
 * @param path the file's path relative to the artifact root, with {@code /} as separator
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, 64 lower-case hex digits
 * @since 0.1
 */
public record ArtifactRef(String path, long size, String sha256) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Validates the components.
   *
   * @param path the file's path relative to the artifact root, with {@code /} as separator
   * @param size the size in bytes
   * @param sha256 the SHA-256 of the content, 64 lower-case hex digits
   * @throws IllegalArgumentException if the path is empty, absolute, contains {@code ..} or a
   *     backslash, if the size is negative, or if the checksum is not 64 lower-case hex digits
   */
  public ArtifactRef {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
        || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")
        || path.contains("//")) {
      throw new IllegalArgumentException("Artifact path '" + path
          + "' must be relative, use '/' as separator and contain no '.', '..' or empty segments");
    }
    if (size < 0) {
      throw new IllegalArgumentException("Artifact file '" + path + "' has a negative size " + size);
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "Artifact file '" + path + "' has a malformed SHA-256 '" + sha256 + "'");
    }
  }
}
