package dev.mlops.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * The least a DJL user writes to score the churn model: already-encoded rows in, the first output's
 * floats out. The raw-DJL baseline of {@link PredictBenchmark}.
 */
final class RawTranslator implements NoBatchifyTranslator<float[], float[]> {

  @Override
  public NDList processInput(TranslatorContext ctx, float[] input) {
    NDArray features = ctx.getNDManager()
        .create(input, new Shape(input.length / ChurnModel.COLUMNS, ChurnModel.COLUMNS));
    return new NDList(features);
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    return list.get(0).toFloatArray();
  }
}
