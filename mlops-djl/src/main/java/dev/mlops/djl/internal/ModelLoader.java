package dev.mlops.djl.internal;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.mlops.core.observe.MlopsObservations;
import dev.mlops.core.observe.ObservedCall;
import dev.mlops.djl.spi.TabularModelFormat;
import dev.mlops.djl.spi.TabularScorer;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.PredictionFields;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a registered version into a {@link LoadedModel}: picks the engine from the format, finds
 * the model file, builds the DJL criteria, then runs the input example (or a synthetic row) through
 * it and checks the output width against the signature, so that a model that does not match its
 * signature fails here, naming the model and version, and never on a caller's call.
 */
public final class ModelLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  /**
   * Whether ONNX Runtime's Java API is on the class path (DJL's ONNX Runtime engine brings it):
   * then ONNX versions are scored with it directly, which converter-built graphs need.
   */
  private static final boolean ORT_ON_CLASS_PATH = isOnClassPath("ai.onnxruntime.OrtSession");

  private static final Map<String, String> ENGINES = Map.of(
      ModelFormat.ONNX.id(), "OnnxRuntime",
      ModelFormat.TORCHSCRIPT.id(), "PyTorch",
      ModelFormat.DJL.id(), TabularNetLoader.ENGINE);
  private static final Map<String, String> ENGINE_ARTIFACTS = Map.of(
      "OnnxRuntime", "ai.djl.onnxruntime:onnxruntime-engine",
      "PyTorch", "ai.djl.pytorch:pytorch-engine with ai.djl.pytorch:pytorch-native-cpu "
          + "(classifier linux-x86_64 or your platform) and ai.djl.pytorch:pytorch-jni");

  private final LoadSettings settings;

  /**
   * Creates a loader.
   *
   * @param settings pool size, validation policy and metrics
   */
  public ModelLoader(LoadSettings settings) {
    this.settings = settings;
    NetworkDefaults.applyToSystem();
  }

  /**
   * The most rows one batch call may carry.
   *
   * @return the configured maximum
   */
  public int maxBatchSize() {
    return settings.maxBatchSize();
  }

  /**
   * Loads, checks and warms up a version.
   *
   * @param artifact the verified artifact; the caller closes it afterwards
   * @return the loaded model, ready to serve
   * @throws PredictionException if the format has no engine, the engine is missing, the file cannot
   *     be loaded, or the model does not match its signature
   */
  public LoadedModel load(ModelArtifact artifact) {
    ModelVersion v = artifact.version();
    ObservedCall call = ObservedCall.start(settings.observations(), MlopsObservations.LOAD,
        v.name(), v.version());
    try {
      LoadedModel loaded = loadObserved(artifact);
      call.outcome("success");
      return loaded;
    } catch (RuntimeException e) {
      call.failed(e, "failure");
      throw e;
    } finally {
      call.close();
    }
  }

  /**
   * Where load and swap observations go.
   *
   * @return the registry, or null for none
   */
  public @Nullable ObservationRegistry observations() {
    return settings.observations();
  }

  private LoadedModel loadObserved(ModelArtifact artifact) {
    ModelVersion v = artifact.version();
    ModelSignature signature = v.signature();
    if (signature == null) {
      throw fail(v, "has no signature; register it with one (inputs in the order the model "
          + "consumes them, outputs with class labels) so that inputs can be checked", null);
    }
    PredictionFields fields = PredictionFields.of(signature);
    @Nullable FieldSpec output = signature.outputs().isEmpty() ? null : signature.outputs().get(0);
    String engine;
    TabularEngine<?> scoring;
    TabularModelFormat plugin = TabularFormats.find(v.format());
    if (plugin != null) {
      engine = plugin.engine();
      scoring = pluginEngine(artifact, plugin, signature);
    } else if (ModelFormat.ONNX.equals(v.format()) && ORT_ON_CLASS_PATH) {
      engine = "ONNX Runtime";
      String modelPath = ModelFileCheck.modelPath(artifact);
      scoring = OrtModelLoader.load(v, artifact.file(modelPath),
          ModelFileCheck.onnx(artifact, modelPath), signature, settings);
    } else {
      engine = engineFor(v);
      scoring = djlEngine(artifact, engine, output);
    }
    try {
      LoadedModel loaded = new LoadedModel(v, scoring, fields, expectedWidth(fields.scoreOutput()),
          settings.poolSize(), new PredictMetrics(settings.meters(), v.name(), v.version(),
              settings.latencyBuckets()),
          settings.meters().config().clock(), settings.microBatchRows(),
          settings.microBatchDelay(), settings.observations());
      warmUp(loaded, signature, settings.warmUpCalls());
      LOG.info("Loaded model '{}' version {} ({}, engine {})", v.name(), v.version(), v.format(),
          engine);
      return loaded;
    } catch (RuntimeException e) {
      scoring.close();
      throw e;
    }
  }

  /** A DJL model scoring a float matrix; a djl artifact is rebuilt by its own loader. */
  private TabularEngine<EncodedBatch> djlEngine(ModelArtifact artifact, String engine,
      @Nullable FieldSpec output) {
    ModelVersion v = artifact.version();
    ModelSignature signature = Objects.requireNonNull(v.signature());
    ZooModel<EncodedBatch, ScoreBatch> model = ModelFormat.DJL.equals(v.format())
        ? TabularNetLoader.load(artifact, signature)
        : loadNative(v, engine, artifact.file(ModelFileCheck.checked(artifact)), output);
    try {
      return new DjlTabularEngine(model, new TabularEncoder(v.name(), v.version(), signature,
          settings.unknownFeatures(), settings.maxBatchSize()));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** A plugged-in format's model scoring a float matrix. */
  private TabularEngine<EncodedBatch> pluginEngine(ModelArtifact artifact,
      TabularModelFormat plugin, ModelSignature signature) {
    ModelVersion v = artifact.version();
    TabularScorer scorer;
    try {
      scorer = plugin.open(artifact);
    } catch (PredictionException e) {
      throw e;
    } catch (Exception e) {
      throw fail(v, "could not be loaded by " + plugin.engine() + ": " + e.getMessage(), e);
    }
    try {
      return new PluginTabularEngine(scorer, new TabularEncoder(v.name(), v.version(),
          signature, settings.unknownFeatures(), settings.maxBatchSize()));
    } catch (RuntimeException e) {
      scorer.close();
      throw e;
    }
  }

  /**
   * Loads a version for raw tensor prediction. The signature is optional; where its inputs all
   * declare tensor shapes, calls are checked against them and a warm-up call with zeros of those
   * shapes (free dimensions set to 1) checks the model at load.
   *
   * @param artifact the verified artifact; the caller closes it afterwards
   * @return the predictor, ready to serve
   * @throws PredictionException if the format has no engine, the engine is missing, the file cannot
   *     be loaded, or the model fails the warm-up call
   */
  public TensorPredictor loadTensors(ModelArtifact artifact) {
    ModelVersion v = artifact.version();
    if (TabularFormats.find(v.format()) != null) {
      throw fail(v, "has format '" + v.format() + "', which is served as a table only; load it "
          + "with load()", null);
    }
    String engine = engineFor(v);
    if (ModelFormat.DJL.equals(v.format())) {
      throw fail(v, "has format 'djl', a tabular model trained by DjlTabularTrainer; load it "
          + "with load(), which applies its saved preprocessing", null);
    }
    Path file = artifact.file(ModelFileCheck.checked(artifact));
    Criteria<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(file.getParent())
        .optModelName(file.getFileName().toString())
        .optEngine(engine)
        .optTranslator(new TensorTranslator())
        .build();
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      throw fail(v, "could not be loaded by " + engine + " from " + file.getFileName() + ": "
          + e.getMessage(), e);
    }
    List<FieldSpec> tensorInputs = tensorInputs(v.signature());
    TensorPredictor predictor = new TensorPredictor(v, model, tensorInputs, settings.poolSize());
    try {
      if (!tensorInputs.isEmpty()) {
        warmUpTensors(predictor, model, tensorInputs);
      }
    } catch (RuntimeException e) {
      predictor.close();
      throw e;
    }
    LOG.info("Loaded model '{}' version {} for tensors ({}, engine {})", v.name(), v.version(),
        v.format(), engine);
    return predictor;
  }

  /** The signature's inputs if every one declares a tensor shape, else none (nothing to check). */
  private static List<FieldSpec> tensorInputs(@Nullable ModelSignature signature) {
    if (signature == null || signature.inputs().isEmpty()
        || signature.inputs().stream().anyMatch(f -> f.shape().isEmpty())) {
      return List.of();
    }
    return signature.inputs();
  }

  private static void warmUpTensors(TensorPredictor predictor, ZooModel<NDList, NDList> model,
      List<FieldSpec> inputs) {
    ModelVersion v = predictor.modelVersion();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList zeros = new NDList();
      for (FieldSpec f : inputs) {
        long[] dims = f.shape().stream().mapToLong(d -> d < 0 ? 1 : d).toArray();
        zeros.add(manager.zeros(new Shape(dims), tensorType(v, f)));
      }
      predictor.probe(zeros);
    } catch (PredictionException e) {
      throw fail(v, "does not match its signature's tensor inputs "
          + inputs.stream().map(f -> f.name() + f.shape()).toList() + ": a warm-up call with "
          + "zeros failed: " + withoutModelPrefix(v, e.getMessage()), e);
    }
  }

  private static ai.djl.ndarray.types.DataType tensorType(ModelVersion v, FieldSpec f) {
    return switch (f.type()) {
      case FLOAT32 -> ai.djl.ndarray.types.DataType.FLOAT32;
      case FLOAT64 -> ai.djl.ndarray.types.DataType.FLOAT64;
      case INT32 -> ai.djl.ndarray.types.DataType.INT32;
      case INT64 -> ai.djl.ndarray.types.DataType.INT64;
      case BOOLEAN -> ai.djl.ndarray.types.DataType.BOOLEAN;
      case CATEGORICAL, STRING -> throw fail(v, "declares tensor input '" + f.name()
          + "' of type " + f.type() + ", which has no tensor form; use FLOAT32, FLOAT64, INT32, "
          + "INT64 or BOOLEAN", null);
    };
  }

  private static String engineFor(ModelVersion v) {
    String engine = ENGINES.get(v.format().id());
    if (engine == null) {
      String module = TabularFormats.moduleFor(v.format());
      if (module != null) {
        throw fail(v, "has format '" + v.format() + "', which needs the module " + module
            + " on the class path", null);
      }
      throw fail(v, "has format '" + v.format() + "', which this SDK cannot serve yet; "
          + "supported formats: " + supportedFormats(), null);
    }
    if (!Engine.getAllEngines().contains(engine)) {
      throw fail(v, "has format '" + v.format() + "', which needs the DJL " + engine
          + " engine; add " + ENGINE_ARTIFACTS.get(engine) + " to the class path", null);
    }
    return engine;
  }

  private static Set<String> supportedFormats() {
    Set<String> formats = new TreeSet<>(ENGINES.keySet());
    formats.addAll(TabularFormats.installed());
    return formats;
  }

  private ZooModel<EncodedBatch, ScoreBatch> loadNative(
      ModelVersion v, String engine, Path file, @Nullable FieldSpec output) {
    Criteria<EncodedBatch, ScoreBatch> criteria = Criteria.builder()
        .setTypes(EncodedBatch.class, ScoreBatch.class)
        // Directory plus file name: DJL loads exactly that file, without the warning it logs
        // when pointed at a single non-archive file.
        .optModelPath(file.getParent())
        .optModelName(file.getFileName().toString())
        .optEngine(engine)
        .optTranslator(new TabularTranslator(output == null ? null : output.name()))
        .build();
    try {
      return criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      throw fail(v, "could not be loaded by " + engine + " from " + file.getFileName() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Runs the input example (or a synthetic row) through the model. DJL does not report the input
   * and output shapes of ONNX or TorchScript models reliably, so this call is what checks the
   * signature against the model: a wrong feature count fails in the engine, a wrong class count
   * fails the output check, both here rather than on a caller's call.
   */
  private static void warmUp(LoadedModel loaded, ModelSignature signature, int calls) {
    ModelVersion v = loaded.version();
    List<? extends Map<String, ?>> rows = signature.inputExample().isEmpty()
        ? List.of(loaded.syntheticRow()) : signature.inputExample();
    String source = signature.inputExample().isEmpty() ? "a row built from its signature"
        : "its input example (" + rows.size() + " row(s))";
    try {
      // The first call checks; further ones warm the engine and the JIT before any caller waits.
      for (int i = 0; i < calls; i++) {
        loaded.probe(rows);
      }
    } catch (InvalidInputException e) {
      throw fail(v, "has an input example that does not match its signature: "
          + withoutModelPrefix(v, e.getMessage()), e);
    } catch (PredictionException e) {
      throw fail(v, "does not match its signature of " + signature.inputs().size()
          + " features " + signature.inputNames() + ": a warm-up call with " + source
          + " failed: " + withoutModelPrefix(v, e.getMessage()), e);
    }
  }

  /** Drops the "Model 'x' version n " an inner message starts with, to avoid saying it twice. */
  private static String withoutModelPrefix(ModelVersion v, @Nullable String message) {
    String prefix = "Model '" + v.name() + "' version " + v.version() + " ";
    String m = String.valueOf(message);
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /**
   * Scores per row the signature promises: one per class label, else the output's size without a
   * leading batch dimension; 0 when unknown.
   */
  private static int expectedWidth(@Nullable FieldSpec output) {
    if (output == null) {
      return 0;
    }
    if (!output.categories().isEmpty()) {
      return output.categories().size();
    }
    long width = 1;
    List<Long> shape = output.shape();
    for (int i = 0; i < shape.size(); i++) {
      if (shape.get(i) < 0) {
        if (i == 0) {
          continue; // a leading free dimension is the batch
        }
        return 0;
      }
      width *= shape.get(i);
    }
    return output.type() == DataType.STRING ? 0 : Math.toIntExact(width);
  }

  private static boolean isOnClassPath(String className) {
    try {
      Class.forName(className, false, ModelLoader.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static PredictionException fail(ModelVersion v, String problem, @Nullable Throwable cause) {
    return new PredictionException("Model '" + v.name() + "' version " + v.version() + " "
        + problem, cause);
  }
}
