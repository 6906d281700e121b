package dev.mlops.djl.internal;

import dev.mlops.djl.internal.TabularNetDescription.FeatureEncoding;
import java.util.List;

/**
 * Applies a {@code djl} model's saved preprocessing to raw rows as {@link TabularEncoder} encodes
 * them (numbers as float32, booleans as 0 and 1, categories as their index, an absent optional
 * value as NaN). Used both by the trainer, on the training data, and by the served model, so that
 * serving sees exactly the inputs training saw. Pure Java arithmetic: the same raw values always
 * give the same network inputs.
 */
public final class TabularPreprocessor {

  private final List<FeatureEncoding> features;
  private final int width;

  /**
   * Creates the preprocessor.
   *
   * @param features the encodings, in raw column order
   */
  public TabularPreprocessor(List<FeatureEncoding> features) {
    this.features = List.copyOf(features);
    this.width = features.stream().mapToInt(FeatureEncoding::width).sum();
  }

  /**
   * The number of network inputs per row.
   *
   * @return the encoded width
   */
  public int width() {
    return width;
  }

  /**
   * Encodes raw rows.
   *
   * @param raw {@code rows * features} raw values, row after row
   * @param rows the number of rows
   * @return {@code rows * width()} network inputs, row after row
   * @throws IllegalArgumentException if the raw values do not make {@code rows} rows
   */
  public float[] apply(float[] raw, int rows) {
    int columns = features.size();
    if (raw.length != rows * columns) {
      throw new IllegalArgumentException(raw.length + " raw values do not make " + rows
          + " rows of " + columns + " features");
    }
    float[] out = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      int at = r * width;
      for (int c = 0; c < columns; c++) {
        at += encode(features.get(c), raw[r * columns + c], out, at);
      }
    }
    return out;
  }

  /** Writes one feature's inputs at {@code at}; returns how many it wrote. */
  private static int encode(FeatureEncoding f, float x, float[] out, int at) {
    switch (f.encoding()) {
      case STANDARDIZE -> out[at] = Float.isFinite(x) ? (float) ((x - f.center()) / f.scale()) : 0f;
      case BOOLEAN -> out[at] = Float.isNaN(x) ? (float) f.center() : x;
      case ONE_HOT -> {
        // Out-of-range indices cannot come from TabularEncoder; they stay all zeros like NaN.
        if (!Float.isNaN(x) && x >= 0 && x < f.categories().size()) {
          out[at + (int) x] = 1f;
        }
      }
      default -> throw new IllegalStateException("unknown encoding " + f.encoding());
    }
    return f.width();
  }
}
