package dev.mlops.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Moves an encoded batch into the engine and the scores back out. Every native array is created in
 * the per-call manager DJL closes when the call returns, so native memory is released
 * deterministically after each prediction.
 *
 * <p>The batch is already a matrix, so DJL's own batching is off.
 */
final class TabularTranslator implements Translator<EncodedBatch, ScoreBatch> {

  private final @Nullable String outputName;

  /**
   * Creates the translator.
   *
   * @param outputName the model output to read, or null for the first
   */
  TabularTranslator(@Nullable String outputName) {
    this.outputName = outputName;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, EncodedBatch input) {
    NDArray features = ctx.getNDManager()
        .create(input.values(), new Shape(input.rows(), input.columns()));
    return new NDList(features);
  }

  @Override
  public ScoreBatch processOutput(TranslatorContext ctx, NDList list) {
    NDArray scores = select(list);
    Shape shape = scores.getShape();
    if (shape.dimension() == 0) {
      throw new IllegalStateException("the model returned a scalar, expected one row per input");
    }
    int rows = Math.toIntExact(shape.get(0));
    float[] values = scores.toType(DataType.FLOAT32, false).toFloatArray();
    int width = rows == 0 ? 0 : values.length / rows;
    return new ScoreBatch(values, rows, width);
  }

  @Override
  public @Nullable Batchifier getBatchifier() {
    return null;
  }

  private NDArray select(NDList list) {
    if (list.isEmpty()) {
      throw new IllegalStateException("the model returned no output");
    }
    if (outputName != null) {
      for (NDArray a : list) {
        if (outputName.equals(a.getName())) {
          return a;
        }
      }
    }
    return list.get(0);
  }
}
