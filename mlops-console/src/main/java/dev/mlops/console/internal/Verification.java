package dev.mlops.console.internal;

import dev.mlops.MlopsException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of the version page's "verify" action: the registry opens the version's artifact
 * (which checks every file's size and SHA-256 before handing any out), then each file of the
 * opened artifact is hashed again and compared with the recorded size and checksum.
 *
 * @param failure why the registry refused to open the artifact (it names the file), or null
 * @param files each file's outcome, empty if the artifact could not be opened
 */
record Verification(@Nullable String failure, List<FileCheck> files) {

  /**
   * One file's outcome.
   *
   * @param file the recorded file
   * @param problem what is wrong with it, or null if it matches
   */
  record FileCheck(ArtifactRef file, @Nullable String problem) {}

  Verification {
    files = List.copyOf(files);
  }

  /**
   * Whether every file matched.
   *
   * @return true if verified
   */
  boolean passed() {
    return failure == null && files.stream().allMatch(f -> f.problem() == null);
  }

  /**
   * Verifies a version.
   *
   * @param registry the registry
   * @param model the model
   * @param version the version
   * @return the outcome
   */
  static Verification of(ModelRegistry registry, String model, int version) {
    try (ModelArtifact artifact = registry.openArtifact(model, version)) {
      List<FileCheck> files = new ArrayList<>();
      for (ArtifactRef file : artifact.files()) {
        files.add(new FileCheck(file, ArtifactChecksums.verify(artifact.file(file.path()), file)));
      }
      return new Verification(null, files);
    } catch (ModelNotFoundException e) {
      throw e;
    } catch (MlopsException e) {
      return new Verification(e.getMessage(), List.of());
    }
  }
}
