package dev.mlops.core.format.internal;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Refuses ONNX external data that would leave the artifact. ONNX Runtime reads a tensor's {@code
 * location} relative to the model file's directory, with no restriction: an absolute path, a
 * {@code ..} or a symbolic link would make it read any file of the host into the weights, which
 * predictions then return. A location must therefore name, after normalisation, one of the
 * artifact's own files (so that it is stored with the model and covered by its checksum), and its
 * real path must lie inside the artifact's directory.
 *
 * <p>Run at registration, on the files given, and at load, on the verified files, before the
 * engine sees the model.
 */
public final class ExternalDataCheck {

  private ExternalDataCheck() {}

  /**
   * Checks every external tensor of a model.
   *
   * @param model the parsed model
   * @param file the model file on disk, for messages
   * @param root the artifact's directory on disk
   * @param modelPath the model file's path inside the artifact, '/'-separated
   * @param artifactFiles the paths of every file of the artifact, '/'-separated
   * @throws ModelFileException naming the tensor and its location if one is missing, absolute,
   *     leaves the artifact's directory, is not a file of the artifact, or leads outside the
   *     directory through a symbolic link
   */
  public static void check(OnnxModel model, Path file, Path root, String modelPath,
      Set<String> artifactFiles) {
    for (ExternalTensor t : model.externalTensors()) {
      String location = t.location();
      String what = "tensor " + t.where() + " keeps its data in another file";
      if (location == null || location.isEmpty()) {
        throw new ModelFileException(file, what + " but names no location");
      }
      String shown = "'" + abbreviate(location) + "'";
      if (location.indexOf('\0') >= 0 || location.indexOf('\\') >= 0) {
        throw new ModelFileException(file, what + ", " + shown + ", which is not a relative path"
            + " with '/' separators; " + REMEDY);
      }
      if (isAbsolute(location)) {
        throw new ModelFileException(file, what + ", " + shown + ", an absolute path: ONNX Runtime"
            + " would read that file of the host into the model; " + REMEDY);
      }
      String relative = resolve(parent(modelPath), location);
      if (relative == null) {
        throw new ModelFileException(file, what + ", " + shown + ", which leaves the artifact's"
            + " directory; " + REMEDY);
      }
      if (!artifactFiles.contains(relative)) {
        throw new ModelFileException(file, what + ", " + shown + ", which is not a file of the"
            + " artifact (it has " + abbreviate(artifactFiles.stream().sorted().toList().toString())
            + "); " + REMEDY);
      }
      requireInside(file, root, relative, what + ", " + shown);
    }
  }

  private static final String REMEDY = "external data must be files of the artifact in the model"
      + " file's directory or below it: register the directory that holds the model and its data";

  private static void requireInside(Path file, Path root, String relative, String what) {
    try {
      Path realRoot = root.toRealPath();
      Path real = root.resolve(relative).toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new ModelFileException(file, what + ", which leads through a symbolic link to "
            + real + ", outside the artifact's directory; " + REMEDY);
      }
    } catch (IOException | InvalidPathException e) {
      throw new ModelFileException(file, what + ", which cannot be read: " + e.getMessage());
    }
  }

  private static boolean isAbsolute(String location) {
    return location.startsWith("/") || location.matches("^[A-Za-z]:.*")
        || Path.of(location).isAbsolute();
  }

  private static String parent(String modelPath) {
    int slash = modelPath.lastIndexOf('/');
    return slash < 0 ? "" : modelPath.substring(0, slash);
  }

  /** Joins and normalises '/'-separated paths; null if {@code ..} climbs above the root. */
  private static @Nullable String resolve(String directory, String location) {
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : (directory + "/" + location).split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    return String.join("/", parts);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
