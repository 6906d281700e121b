package dev.mlops.core.format.internal;

import dev.mlops.registry.ModelFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which file of an artifact is the model, for the formats the SDK reads: the single file, or the
 * one file whose name ends in one of the format's extensions (other files may sit beside it: the
 * external data of an ONNX model, a reference profile).
 */
public final class ModelFiles {

  private static final Map<String, Set<String>> EXTENSIONS = Map.of(
      ModelFormat.ONNX.id(), Set.of(".onnx"),
      ModelFormat.TORCHSCRIPT.id(), Set.of(".pt", ".pth", ".torchscript"),
      ModelFormat.XGBOOST.id(), Set.of(".json", ".ubj"));

  private ModelFiles() {}

  /**
   * The extensions of a format's model file.
   *
   * @param format the format
   * @return the extensions, empty for formats the SDK does not read
   */
  public static Set<String> extensions(ModelFormat format) {
    return EXTENSIONS.getOrDefault(format.id(), Set.of());
  }

  /**
   * Finds the model file.
   *
   * @param format the format
   * @param paths the artifact's files, '/'-separated
   * @return the model file's path, or empty if the format has no known extensions
   * @throws IllegalArgumentException if the artifact has several files and not exactly one with
   *     the format's extensions, saying so
   */
  public static Optional<String> find(ModelFormat format, List<String> paths) {
    Set<String> extensions = extensions(format);
    if (extensions.isEmpty()) {
      return Optional.empty();
    }
    if (paths.size() == 1) {
      return Optional.of(paths.get(0));
    }
    List<String> candidates = paths.stream()
        .filter(p -> extensions.stream().anyMatch(x -> p.toLowerCase(Locale.ROOT).endsWith(x)))
        .toList();
    if (candidates.size() != 1) {
      throw new IllegalArgumentException("a " + format + " artifact needs exactly one model file"
          + " ending in " + extensions.stream().sorted().toList() + " but this one has " + paths);
    }
    return Optional.of(candidates.get(0));
  }
}
