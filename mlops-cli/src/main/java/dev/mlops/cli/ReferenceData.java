package dev.mlops.cli;

import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.registry.ModelSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code mlops models register --reference-data train.csv}: the profile of the data a version was
 * trained on, stored with the version as {@value ReferenceProfiles#FILE_NAME}, so that monitors
 * and {@code mlops drift --reference models:/...} compare production data with it.
 */
final class ReferenceData {

  private ReferenceData() {}

  /**
   * Profiles a CSV: the signature's inputs, typed as the signature says, or every column (numeric
   * when its first value is a number) without a signature.
   *
   * @throws CliException if the CSV cannot be read, lacks an input, or a numeric input holds
   *     text
   */
  static DatasetProfile profile(Path csv, @Nullable ModelSignature signature) {
    try {
      return DatasetProfile.of(DriftColumns.read(csv,
          signature == null || signature.inputs().isEmpty() ? null : signature));
    } catch (IOException e) {
      throw new CliException("Cannot read the reference data " + csv + ": " + e.getMessage(), e);
    }
  }

  /**
   * A copy of an artifact (a file or a directory) in a new temporary directory, with the profile
   * beside it; the caller deletes it with {@link #delete(Path)} after registering.
   */
  static Path withProfile(Path artifact, DatasetProfile profile) {
    try {
      Path dir = Files.createTempDirectory("mlops-register-");
      if (Files.isDirectory(artifact)) {
        try (Stream<Path> files = Files.walk(artifact)) {
          for (Path from : (Iterable<Path>) files::iterator) {
            Path to = dir.resolve(artifact.relativize(from).toString());
            if (Files.isDirectory(from)) {
              Files.createDirectories(to);
            } else {
              Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
          }
        }
      } else {
        Files.copy(artifact, dir.resolve(artifact.getFileName().toString()));
      }
      if (Files.exists(dir.resolve(ReferenceProfiles.FILE_NAME))) {
        throw new CliException(artifact + " already holds a " + ReferenceProfiles.FILE_NAME
            + "; drop --reference-data or remove that file");
      }
      ReferenceProfiles.write(profile, dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + artifact + " to add its reference profile", e);
    }
  }

  /** Deletes a temporary copy made by {@link #withProfile}. */
  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory: the system cleans it up eventually.
    }
  }
}
