package dev.mlops.cli;

import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlops models download MODEL_URI --to DIR}: copies a version's artifact files into a
 * directory under their relative paths. The registry verifies the stored files when it opens them,
 * and every copy is verified again against the recorded size and SHA-256 before it is moved into
 * place; an existing file is never overwritten, and a failed download leaves nothing behind.
 *
 * @since 0.1
 */
@Command(name = "download",
    description = "Write a version's artifact files into a directory, verified, overwriting nothing.")
public final class DownloadCommand implements Callable<Integer> {
  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL_URI",
      description = "models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest.")
  private String uri = "";

  @Option(names = "--to", required = true, paramLabel = "DIR",
      description = "The directory to write the files into (created if missing).")
  private Path to = Path.of("");

  /** Creates the command; picocli sets its arguments. */
  public DownloadCommand() {}

  /**
   * Downloads the files.
   *
   * @return the exit code
   * @throws IOException if a file cannot be read or written
   */
  @Override
  public Integer call() throws IOException {
    CommandSpec command = Objects.requireNonNull(spec, "spec");
    Path dir = to.toAbsolutePath().normalize();
    try (ModelRegistry registry = MlopsCommand.of(command).openRegistry();
        ModelArtifact artifact = registry.openArtifact(ModelUri.parse(uri))) {
      ModelVersion v = artifact.version();
      refuseToOverwrite(dir, v);
      Files.createDirectories(dir);
      // Copies land in a hidden directory beside their destination and move in once all are verified.
      Path staging = Files.createTempDirectory(dir, ".mlops-download-");
      try {
        for (ArtifactRef file : v.artifacts()) {
          copyVerified(artifact, v, file, staging.resolve(file.path()));
        }
        moveIntoPlace(staging, dir, v);
      } finally {
        deleteTree(staging);
      }
      command.commandLine().getOut().println("Downloaded " + v.uri() + " to " + dir + ": " + v.artifacts().size()
          + " file(s), sizes and SHA-256 checksums verified");
    }
    return Main.EXIT_OK;
  }

  private static void refuseToOverwrite(Path dir, ModelVersion v) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new CliException("--to " + dir + " is not a directory");
    }
    for (ArtifactRef file : v.artifacts()) {
      Path target = dir.resolve(file.path());
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw overwrite(target);
      }
    }
  }

  private static void copyVerified(ModelArtifact artifact, ModelVersion v, ArtifactRef file, Path copy)
      throws IOException {
    Files.createDirectories(copy.getParent());
    ArtifactRef copied;
    try (InputStream in = artifact.open(file.path());
        OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW)) {
      copied = ArtifactChecksums.copy(file.path(), in, out);
    }
    String problem = ArtifactChecksums.mismatch(copied, file);
    if (problem != null) {
      throw new ArtifactIntegrityException(v.name(), v.version(), file.path(), problem);
    }
  }

  private static void moveIntoPlace(Path staging, Path dir, ModelVersion v) throws IOException {
    List<Path> placed = new ArrayList<>();
    try {
      for (ArtifactRef file : v.artifacts()) {
        Path target = dir.resolve(file.path());
        Files.createDirectories(target.getParent());
        // Without REPLACE_EXISTING: a file created meanwhile is not overwritten.
        Files.move(staging.resolve(file.path()), target);
        placed.add(target);
      }
    } catch (IOException e) {
      for (Path p : placed) {
        Files.deleteIfExists(p);
      }
      if (e instanceof FileAlreadyExistsException exists) {
        throw overwrite(Path.of(exists.getFile()));
      }
      throw e;
    }
  }

  private static CliException overwrite(Path target) {
    return new CliException(target + " already exists; mlops models download never overwrites files."
        + " Choose a new or empty --to directory, or remove the file");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
