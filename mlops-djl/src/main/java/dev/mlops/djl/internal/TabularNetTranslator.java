package dev.mlops.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.mlops.djl.internal.TabularNetDescription.TargetEncoding;
import org.jspecify.annotations.Nullable;

/**
 * The translator of a {@code djl} model: applies the saved preprocessing to the validated raw
 * batch, runs the block, and turns its outputs into scores (softmax probabilities, or the
 * regression value on the target's original scale). Native arrays live in DJL's per-call manager.
 */
public final class TabularNetTranslator implements Translator<EncodedBatch, ScoreBatch> {

  private final TabularPreprocessor preprocessor;
  private final boolean classification;
  private final TargetEncoding target;

  /**
   * Creates the translator for a description.
   *
   * @param description the saved model description
   */
  public TabularNetTranslator(TabularNetDescription description) {
    this.preprocessor = new TabularPreprocessor(description.features());
    this.classification = description.classification();
    this.target = description.target();
  }

  @Override
  public NDList processInput(TranslatorContext ctx, EncodedBatch input) {
    float[] encoded = preprocessor.apply(input.values(), input.rows());
    return new NDList(ctx.getNDManager()
        .create(encoded, new Shape(input.rows(), preprocessor.width())));
  }

  @Override
  public ScoreBatch processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = list.get(0);
    int rows = Math.toIntExact(out.getShape().get(0));
    float[] values = out.toType(DataType.FLOAT32, false).toFloatArray();
    int width = rows == 0 ? 0 : values.length / rows;
    if (classification) {
      for (int r = 0; r < rows; r++) {
        softmaxInPlace(values, r * width, width);
      }
    } else {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (values[i] * target.scale() + target.center());
      }
    }
    return new ScoreBatch(values, rows, width);
  }

  @Override
  public @Nullable Batchifier getBatchifier() {
    return null;
  }

  /** Softmax in double precision, shifted by the maximum so that large logits do not overflow. */
  static void softmaxInPlace(float[] values, int from, int width) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < from + width; i++) {
      max = Math.max(max, values[i]);
    }
    double sum = 0;
    double[] exp = new double[width];
    for (int i = 0; i < width; i++) {
      exp[i] = Math.exp(values[from + i] - max);
      sum += exp[i];
    }
    for (int i = 0; i < width; i++) {
      values[from + i] = (float) (exp[i] / sum);
    }
  }
}
