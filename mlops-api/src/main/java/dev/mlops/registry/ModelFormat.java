package dev.mlops.registry;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The serialisation format of a model artifact, which decides the engine that loads it. The SDK
 * knows {@link #ONNX}, {@link #TORCHSCRIPT}, {@link #DJL} and {@link #XGBOOST}; other formats can
 * be registered and are loaded by whatever predictor factory a user plugs in.
 *
 * @param id the lower-case format identifier, such as {@code onnx}
 * @since 0.1
 */
public record ModelFormat(String id) {

  // Declared before the constants below: static fields initialise in order, and they need it.
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** An ONNX model, served with ONNX Runtime. */
  public static final ModelFormat ONNX = new ModelFormat("onnx");

  /** A PyTorch TorchScript model, served with the PyTorch engine. */
  public static final ModelFormat TORCHSCRIPT = new ModelFormat("torchscript");

  /** A DJL block with parameters, as written by the SDK's own trainer. */
  public static final ModelFormat DJL = new ModelFormat("djl");

  /**
   * A native XGBoost model, as saved by XGBoost 1.7 or later in its JSON ({@code .json}) or
   * Universal Binary JSON ({@code .ubj}) format; served by the {@code mlops-xgboost} module.
   *
   * @since 0.1
   */
  public static final ModelFormat XGBOOST = new ModelFormat("xgboost");

  /**
   * Validates the identifier.
   *
   * @param id the lower-case format identifier, such as {@code onnx}
   * @throws IllegalArgumentException if the identifier is not lower-case letters, digits, '.', '_'
   *     or '-', starting with a letter or digit, at most 64 characters
   */
  public ModelFormat {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("Invalid model format '" + id
          + "': use lower-case letters, digits, '.', '_' and '-', such as onnx or torchscript");
    }
  }

  /**
   * The format with this identifier, case-insensitively.
   *
   * @param id such as {@code ONNX} or {@code torchscript}
   * @return the format
   * @throws IllegalArgumentException if the identifier is malformed
   */
  public static ModelFormat of(String id) {
    return new ModelFormat(Objects.requireNonNull(id, "id").toLowerCase(Locale.ROOT));

  }

  @Override
  public String toString() {
    return id;
  }
}
