package dev.mlops.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * Glorot (Xavier) uniform initialisation drawn from a {@link Random} the trainer seeds, rather than
 * from the engine's generator: the initial weights then depend on the seed alone, whatever else
 * used the engine before. DJL initialises parameters in block order, so the draws are too.
 */
final class SeededInitializer implements Initializer {

  private final Random random;

  SeededInitializer(Random random) {
    this.random = random;
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    long fanOut = shape.dimension() > 0 ? shape.get(0) : 1;
    long fanIn = shape.dimension() > 1 ? shape.size() / fanOut : 1;
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return manager.create(values, shape).toType(dataType, false);
  }
}
