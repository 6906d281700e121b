package dev.mlops.core.drift;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a model version keeps the profile of the data it was trained on: the file
 * {@value #FILE_NAME} in the version's artifact directory, written before registration so that it
 * is checksummed and immutable with the version. Monitoring measures drift against it.
 *
 * @since 0.1
 */
public final class ReferenceProfiles {

  /** The file name of the reference profile inside a version's artifact directory. */
  public static final String FILE_NAME = "reference-profile.json";

  private ReferenceProfiles() {}

  /**
   * Writes a profile into a directory that is about to be registered as an artifact.
   *
   * @param profile the profile of the training data
   * @param artifactDirectory the directory; it must exist
   * @return the file written
   * @throws RegistryStorageException if the file cannot be written, naming it
   */
  public static Path write(DatasetProfile profile, Path artifactDirectory) {
    Path file = artifactDirectory.resolve(FILE_NAME);
    try {
      Files.writeString(file, profile.toJson(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new RegistryStorageException(
          "Cannot write the reference profile " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a version carries a reference profile.
   *
   * @param version the version
   * @return true if its artifacts include {@value #FILE_NAME}
   */
  public static boolean hasProfile(ModelVersion version) {
    return version.artifacts().stream().map(ArtifactRef::path).anyMatch(FILE_NAME::equals);
  }

  /**
   * Reads the reference profile of an open artifact.
   *
   * @param artifact the verified artifact
   * @return the profile, or empty if the version has none
   * @throws ProfileFormatException if the file is not a valid profile, naming model and version
   * @throws RegistryStorageException if the file cannot be read
   */
  public static Optional<DatasetProfile> read(ModelArtifact artifact) {
    ModelVersion v = artifact.version();
    if (!hasProfile(v)) {
      return Optional.empty();
    }
    try (InputStream in = artifact.open(FILE_NAME)) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      try {
        return Optional.of(DatasetProfile.fromJson(json));
      } catch (ProfileFormatException e) {
        throw new ProfileFormatException("The reference profile of model '" + v.name()
            + "' version " + v.version() + " is not valid: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read the reference profile of model '" + v.name()
          + "' version " + v.version() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the reference profile of a registered version.
   *
   * @param registry the registry
   * @param name the model
   * @param version the version
   * @return the profile, or empty if the version has none
   * @throws dev.mlops.registry.ModelNotFoundException if the version does not exist
   * @throws dev.mlops.registry.ArtifactIntegrityException if the stored files fail verification
   * @throws ProfileFormatException if the file is not a valid profile
   */
  public static Optional<DatasetProfile> read(ModelRegistry registry, String name, int version) {
    if (!hasProfile(registry.getVersion(name, version))) {
      return Optional.empty();
    }
    try (ModelArtifact artifact = registry.openArtifact(name, version)) {
      return read(artifact);
    }
  }
}
