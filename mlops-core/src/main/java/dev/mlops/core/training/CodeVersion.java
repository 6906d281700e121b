package dev.mlops.core.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the version of the code that trains a model, in a documented order: the version given
 * explicitly; else the {@code Implementation-Version} of the jar manifest of an anchor class (by
 * default the trainer's); else {@code git describe --always --dirty} run in a working directory
 * that is inside a git work tree; else {@value #UNKNOWN}.
 */
final class CodeVersion {

  static final String UNKNOWN = "unknown";

  private static final Logger LOG = LoggerFactory.getLogger(CodeVersion.class);
  private static final long GIT_TIMEOUT_SECONDS = 10;

  private CodeVersion() {}

  static String resolve(@Nullable String explicit, Class<?> anchor, Path workingDirectory) {
    if (explicit != null) {
      return explicit;
    }
    Package p = anchor.getPackage();
    String fromManifest = p == null ? null : p.getImplementationVersion();
    if (fromManifest != null && !fromManifest.isBlank()) {
      return fromManifest;
    }
    return gitDescribe(workingDirectory).orElse(UNKNOWN);
  }

  /** The output of {@code git describe --always --dirty} in the directory, if it is a work tree. */
  static Optional<String> gitDescribe(Path directory) {
    if (!insideGitWorkTree(directory)) {
      return Optional.empty();
    }
    Process process = null;
    try {
      process = new ProcessBuilder("git", "describe", "--always", "--dirty")
          .directory(directory.toFile())
          .redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      process.getOutputStream().close();
      byte[] out;
      try (InputStream in = process.getInputStream()) {
        out = in.readNBytes(4096);
      }
      if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      String version = new String(out, StandardCharsets.UTF_8).trim();
      return version.isEmpty() ? Optional.empty() : Optional.of(version);
    } catch (IOException e) {
      LOG.debug("Cannot run git describe in {}: {}", directory, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (process != null) {
        process.destroy();
      }
    }
  }

  // Running git outside a repository only costs a process start, but checking first keeps the
  // common case (a deployed application) free of it.
  private static boolean insideGitWorkTree(Path directory) {
    for (Path d = directory.toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        return true;
      }
    }
    return false;
  }
}
