package dev.mlops.xgboost.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the model file of an XGBoost artifact and reads it: the single file, or else the one file
 * ending in {@code .json} or {@code .ubj}.
 */
final class XGBoostModelFile {

  private static final List<String> EXTENSIONS = List.of(".json", ".ubj");

  private XGBoostModelFile() {}

  /**
   * The model file among an artifact's files.
   *
   * @param files the artifact's files
   * @return the model file
   * @throws IllegalArgumentException if there is no single candidate, listing the files
   */
  static Path choose(List<Path> files) {
    if (files.size() == 1) {
      return files.get(0);
    }
    List<Path> candidates = files.stream().filter(XGBoostModelFile::hasModelExtension).toList();
    if (candidates.size() != 1) {
      throw new IllegalArgumentException("an XGBoost artifact needs exactly one model file ending in "
          + EXTENSIONS + " but has " + files.stream().map(Path::toString).sorted().toList());
    }
    return candidates.get(0);
  }

  /**
   * The regular files of an artifact given for registration: the file itself, or every regular
   * file under the directory.
   *
   * @param artifact a file or directory
   * @return its files
   * @throws IOException if the directory cannot be listed
   */
  static List<Path> filesOf(Path artifact) throws IOException {
    if (!Files.isDirectory(artifact)) {
      return List.of(artifact);
    }
    try (Stream<Path> walk = Files.walk(artifact)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * Reads a model file, refusing an empty one (XGBoost's parser aborts the process on it).
   *
   * @param file the model file
   * @return its bytes
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is empty
   */
  static byte[] read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the file is empty");
    }
    return bytes;
  }

  private static boolean hasModelExtension(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }
}
