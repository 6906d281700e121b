package dev.mlops.spark.internal;

import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The version the driver resolved for a job, with the size and SHA-256 of each artifact file it
 * was published with: what every executor scores with, whatever the alias points to by then.
 *
 * @param name the model
 * @param version the version number
 * @param files artifact path to "size:sha256", as the driver read them
 */
public record PinnedVersion(String name, int version, Map<String, String> files)
    implements Serializable {

  /**
   * Copies the map.
   *
   * @param name the model
   * @param version the version number
   * @param files artifact path to "size:sha256"
   */
  public PinnedVersion {
    Objects.requireNonNull(name, "name");
    files = Map.copyOf(files);
  }

  /**
   * Pins a resolved version.
   *
   * @param v the version
   * @return its pin
   */
  public static PinnedVersion of(ModelVersion v) {
    return new PinnedVersion(v.name(), v.version(), fingerprints(v.artifacts()));
  }

  /**
   * The URI of exactly this version.
   *
   * @return {@code models:/name/version}
   */
  public ModelUri uri() {
    return ModelUri.version(name, version);
  }

  /**
   * Checks that an executor's registry describes the same artifact as the driver's did, so that a
   * cluster whose executors reach another registry (a stale copy, another database) fails instead
   * of scoring with other weights under the same version number.
   *
   * @param seen the version as this executor's registry describes it
   * @throws ArtifactIntegrityException naming the first file that differs
   */
  public void requireSameArtifact(ModelVersion seen) {
    Map<String, String> theirs = fingerprints(seen.artifacts());
    for (Map.Entry<String, String> file : files.entrySet()) {
      String other = theirs.get(file.getKey());
      if (!file.getValue().equals(other)) {
        throw new ArtifactIntegrityException(name, version, file.getKey(),
            "the executor's registry records " + (other == null ? "no such file" : other)
                + " (size:sha256) but the driver resolved " + file.getValue()
                + "; the driver and the executors must open the same registry");
      }
    }
    for (String path : theirs.keySet()) {
      if (!files.containsKey(path)) {
        throw new ArtifactIntegrityException(name, version, path,
            "the executor's registry records a file the driver's did not; the driver and the "
                + "executors must open the same registry");
      }
    }
  }

  private static Map<String, String> fingerprints(List<ArtifactRef> artifacts) {
    return artifacts.stream()
        .collect(Collectors.toMap(ArtifactRef::path, a -> a.size() + ":" + a.sha256()));
  }
}
