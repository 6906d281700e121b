package dev.mlops.djl.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.mlops.djl.UnknownFeaturePolicy;
import dev.mlops.djl.internal.EncodedBatch;
import dev.mlops.djl.internal.ScoreBatch;
import dev.mlops.djl.internal.TabularEncoder;
import dev.mlops.djl.internal.TabularNetDescription;
import dev.mlops.djl.internal.TabularNetLoader;
import dev.mlops.djl.internal.TabularNetTranslator;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A network fresh from {@link DjlTabularTrainer}: scores rows in memory through the same encoder,
 * preprocessing and translator a served {@code djl} version uses, and saves itself as a
 * {@code djl} artifact ({@code model.json} and DJL's parameter file).
 */
final class DjlTrainedModel implements TrainedModel {

  private final Model model;
  private final TabularNetDescription description;
  private final ModelSignature signature;
  private final TabularEncoder encoder;
  private final TabularNetTranslator translator;
  private final Map<String, String> parameters;
  private final Map<String, Double> trainingMetrics;
  private boolean closed;

  DjlTrainedModel(Model model, TabularNetDescription description, ModelSignature signature,
      Map<String, String> parameters, Map<String, Double> trainingMetrics) {
    this.model = model;
    this.description = description;
    this.signature = signature;
    this.encoder = new TabularEncoder("trained", 0, signature, UnknownFeaturePolicy.REJECT,
        Integer.MAX_VALUE);
    this.translator = new TabularNetTranslator(description);
    this.parameters = Map.copyOf(parameters);
    this.trainingMetrics = Map.copyOf(trainingMetrics);
  }

  @Override
  public ModelFormat format() {
    return ModelFormat.DJL;
  }

  @Override
  public ModelSignature signature() {
    return signature;
  }

  @Override
  public synchronized List<double[]> predict(List<Map<String, @Nullable Object>> rows) {
    requireOpen();
    EncodedBatch batch;
    try {
      batch = encoder.encode(rows, false);
    } catch (InvalidInputException e) {
      throw new IllegalArgumentException("Row " + e.rowIndex()
          + (e.feature() == null ? "" : ", feature '" + e.feature() + "'")
          + " does not match the trained model's signature: " + e.getMessage(), e);
    }
    if (batch.rows() == 0) {
      return List.of();
    }
    ScoreBatch scores;
    try (Predictor<EncodedBatch, ScoreBatch> predictor = model.newPredictor(translator)) {
      scores = predictor.predict(batch);
    } catch (TranslateException e) {
      throw new IllegalStateException("The trained model failed to score " + batch.rows()
          + " row(s): " + e.getMessage(), e);
    }
    List<double[]> out = new ArrayList<>(scores.rows());
    for (int r = 0; r < scores.rows(); r++) {
      out.add(scores.row(r));
    }
    return out;
  }

  @Override
  public Map<String, String> parameters() {
    return parameters;
  }

  @Override
  public Map<String, Double> trainingMetrics() {
    return trainingMetrics;
  }

  @Override
  public Map<String, String> environment() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("djl.version", Engine.getDjlVersion());
    out.put("engine", TabularNetLoader.ENGINE);
    out.put("engine.version", Engine.getEngine(TabularNetLoader.ENGINE).getVersion());
    out.put("java.version", System.getProperty("java.version"));
    return out;
  }

  /**
   * Writes {@code model.json} and DJL's parameter file {@code model-0000.params}.
   *
   * @param directory an empty or missing directory
   * @throws TrainingException if the directory has files or cannot be written
   */
  @Override
  public synchronized void save(Path directory) {
    requireOpen();
    try {
      if (Files.isDirectory(directory)) {
        try (Stream<Path> entries = Files.list(directory)) {
          if (entries.findAny().isPresent()) {
            throw new TrainingException("Cannot save the trained model to " + directory
                + ": the directory is not empty; pass an empty or missing directory");
          }
        }
      }
      Files.createDirectories(directory);
      model.save(directory, TabularNetDescription.PARAMETER_PREFIX);
      if (!Files.isRegularFile(directory.resolve(description.parameterFile()))) {
        throw new TrainingException("DJL did not write " + description.parameterFile() + " in "
            + directory + "; the directory may have been changed while saving");
      }
      description.write(directory);
    } catch (IOException e) {
      throw new TrainingException("Cannot save the trained model to " + directory + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The trained model is closed");
    }
  }
}
