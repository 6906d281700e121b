package dev.mlops.djl.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.mlops.djl.internal.TabularNetBlocks;
import dev.mlops.djl.internal.TabularNetDescription.Architecture;
import dev.mlops.djl.internal.TabularNetLoader;
import dev.mlops.training.TrainingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * One training run of a network on encoded rows: mini-batch gradient descent with the configured
 * optimizer, optional early stopping on a held-out share of the rows, and a check after every step
 * that the loss is finite.
 *
 * <p>Reproducibility rests on: the initial weights and every shuffle drawn from one
 * {@link Random} seeded with the run's seed (never from the engine's generator, which is seeded too
 * for good measure), a fixed order of batches and parameters, the CPU device, and PyTorch's CPU
 * kernels giving the same result for the same inputs on the same thread count; the tensors of a
 * tabular network are far below the size at which PyTorch splits work across threads.
 */
final class NetworkFit {

  private final TrainerSettings settings;
  private final Architecture architecture;
  private final boolean classification;

  NetworkFit(TrainerSettings settings, Architecture architecture, boolean classification) {
    this.settings = settings;
    this.architecture = architecture;
    this.classification = classification;
  }

  /**
   * What a run produced.
   *
   * @param model the trained model; the caller closes it
   * @param epochs the epochs run (fewer than configured if stopped early)
   * @param trainingLoss the mean loss of the last epoch
   * @param validationLoss the best validation loss, or null without early stopping
   */
  record Result(Model model, int epochs, double trainingLoss, @Nullable Double validationLoss) {}

  /**
   * Trains.
   *
   * @param x {@code rows * inputWidth} network inputs
   * @param y per row the class index, or the standardised regression value
   * @param seed the seed of every random choice
   * @return the trained model and its figures
   * @throws TrainingException if the engine is missing or the loss stops being finite
   */
  Result fit(float[] x, float[] y, long seed) {
    requireEngine();
    Engine.getEngine(TabularNetLoader.ENGINE).setRandomSeed(Long.hashCode(seed));
    Random random = new Random(seed);
    int rows = y.length;
    int[] order = permutation(rows, random);
    int held = settings.earlyStopping()
        ? Math.min(rows - 1, Math.max(1, (int) Math.round(rows * settings.validationFraction())))
        : 0;
    int[] validation = Arrays.copyOfRange(order, 0, held);
    int[] training = Arrays.copyOfRange(order, held, rows);

    Model model = Model.newInstance("djl-tabular", Device.cpu(), TabularNetLoader.ENGINE);
    try {
      Block block = TabularNetBlocks.build(architecture);
      model.setBlock(block);
      return run(model, block, x, y, training, validation, random);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private Result run(Model model, Block block, float[] x, float[] y, int[] training,
      int[] validation, Random random) {
    // Dense (one-hot) labels: DJL's sparse-label path indexes with a pick, which is far slower
    // on PyTorch than the multiply-and-sum the dense path uses.
    Loss loss = classification
        ? Loss.softmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", 1, -1, false, true)
        : Loss.l2Loss();
    Optimizer optimizer = optimizer();
    DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
        .optDevices(new Device[] {Device.cpu()})
        .optInitializer(new SeededInitializer(random), Parameter.Type.WEIGHT)
        .optInitializer(Initializer.ZEROS, Parameter.Type.BIAS)
        .optOptimizer(optimizer);
    double lastLoss = Double.NaN;
    double bestValidation = Double.POSITIVE_INFINITY;
    byte @Nullable [] best = null;
    int epochsRun = 0;
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(1, architecture.inputWidth()));
      int stale = 0;
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        shuffle(training, random);
        lastLoss = epoch(trainer, block, optimizer, loss, x, y, training, epoch);
        epochsRun = epoch;
        if (validation.length == 0) {
          continue;
        }
        double v = validationLoss(trainer, loss, x, y, validation, epoch);
        if (v < bestValidation) {
          bestValidation = v;
          best = snapshot(block);
          stale = 0;
        } else if (++stale >= settings.patience()) {
          break;
        }
      }
    }
    if (best != null) {
      restore(model, block, best);
    }
    return new Result(model, epochsRun, lastLoss,
        validation.length == 0 ? null : bestValidation);
  }

  private double epoch(Trainer trainer, Block block, Optimizer optimizer, Loss loss, float[] x,
      float[] y, int[] rows, int epoch) {
    double sum = 0;
    for (int from = 0; from < rows.length; from += settings.batchSize()) {
      int to = Math.min(rows.length, from + settings.batchSize());
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDList features = new NDList(features(batch, x, rows, from, to));
        NDList labels = new NDList(labels(batch, y, rows, from, to));
        float value;
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList predictions = trainer.forward(features);
          NDArray l = loss.evaluate(labels, predictions);
          value = l.getFloat();
          requireFinite(value, epoch, from / settings.batchSize() + 1);
          collector.backward(l);
        }
        step(block, optimizer);
        sum += (double) value * (to - from);
      }
    }
    return sum / rows.length;
  }

  /**
   * Applies the optimizer to every trainable parameter, as {@code Trainer.step()} does on one
   * device (the gradient is duplicated and handed to {@code Optimizer.update}). We do not call
   * {@code Trainer.step()} because its first call checks that the signed sum of all gradients is
   * not zero, and for a softmax layer over two classes the two classes' gradients are exact
   * opposites: the sum is then zero for a perfectly healthy model and training failed with
   * "Gradient values are all zeros" for some seeds.
   */
  private static void step(Block block, Optimizer optimizer) {
    for (Parameter parameter : block.getParameters().values()) {
      if (!parameter.requiresGradient()) {
        continue;
      }
      NDArray weight = parameter.getArray();
      try (NDArray gradient = weight.getGradient(); NDArray copy = gradient.duplicate()) {
        optimizer.update(parameter.getId(), weight, copy);
      }
    }
  }

  private double validationLoss(Trainer trainer, Loss loss, float[] x, float[] y, int[] rows,
      int epoch) {
    try (NDManager batch = trainer.getManager().newSubManager()) {
      NDList predictions = trainer.evaluate(new NDList(features(batch, x, rows, 0, rows.length)));
      float value = loss.evaluate(new NDList(labels(batch, y, rows, 0, rows.length)), predictions)
          .getFloat();
      if (!Float.isFinite(value)) {
        throw new TrainingException("Training diverged in epoch " + epoch + ": the validation "
            + "loss is " + value + "; lower the learning rate (now " + settings.learningRate()
            + ") or check the data for extreme values");
      }
      return value;
    }
  }

  private NDArray features(NDManager manager, float[] x, int[] rows, int from, int to) {
    int width = architecture.inputWidth();
    float[] values = new float[(to - from) * width];
    for (int i = from; i < to; i++) {
      System.arraycopy(x, rows[i] * width, values, (i - from) * width, width);
    }
    return manager.create(values, new Shape(to - from, width));
  }

  private NDArray labels(NDManager manager, float[] y, int[] rows, int from, int to) {
    if (!classification) {
      float[] values = new float[to - from];
      for (int i = from; i < to; i++) {
        values[i - from] = y[rows[i]];
      }
      return manager.create(values, new Shape(to - from, 1));
    }
    int classes = architecture.outputWidth();
    float[] oneHot = new float[(to - from) * classes];
    for (int i = from; i < to; i++) {
      oneHot[(i - from) * classes + (int) y[rows[i]]] = 1f;
    }
    return manager.create(oneHot, new Shape(to - from, classes));
  }

  private void requireFinite(float loss, int epoch, int batch) {
    if (!Float.isFinite(loss)) {
      throw new TrainingException("Training diverged in epoch " + epoch + " (batch " + batch
          + "): the loss is " + loss + "; lower the learning rate (now "
          + settings.learningRate() + ") or check the data for extreme values");
    }
  }

  private Optimizer optimizer() {
    float rate = (float) settings.learningRate();
    float decay = (float) settings.weightDecay();
    return switch (settings.optimizer()) {
      case ADAM -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(rate))
          .optWeightDecays(decay).build();
      case SGD -> Optimizer.sgd().setLearningRateTracker(Tracker.fixed(rate))
          .optWeightDecays(decay).build();
    };
  }

  private static byte[] snapshot(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new TrainingException("Could not keep the best parameters in memory: "
          + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  private static void restore(Model model, Block block, byte[] parameters) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
      block.loadParameters(model.getNDManager(), in);
    } catch (IOException | MalformedModelException e) {
      throw new TrainingException("Could not restore the best parameters: " + e.getMessage(), e);
    }
  }

  private static int[] permutation(int n, Random random) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    shuffle(out, random);
    return out;
  }

  /** Fisher-Yates with the run's generator, so the order depends on the seed alone. */
  private static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  private static void requireEngine() {
    if (!Engine.getAllEngines().contains(TabularNetLoader.ENGINE)) {
      throw new TrainingException("DjlTabularTrainer needs DJL's PyTorch engine: add "
          + "ai.djl.pytorch:pytorch-engine with ai.djl.pytorch:pytorch-native-cpu (classifier "
          + "linux-x86_64 or your platform) and ai.djl.pytorch:pytorch-jni to the class path");
    }
  }
}
