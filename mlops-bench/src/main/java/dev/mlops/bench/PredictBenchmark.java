package dev.mlops.bench;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Prediction overhead: the same churn model scored one row (and 64 rows) at a time by ONNX Runtime
 * directly ({@code OrtSession.run} on a direct buffer), by DJL's own {@link Predictor}, by the SDK's
 * pooled predictor ({@link DjlPredictors#load}) and by an SDK {@link Deployment} following an alias.
 * The raw baselines take rows already encoded as floats; the SDK takes the maps an application
 * holds, so its figures include schema validation and encoding, pooling and the deployment's
 * indirection. The {@code Monitored} variants add a {@link ModelMonitor} sampling every row. One
 * caller thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class PredictBenchmark {

  private static final int BATCH = 64;

  private Path dir;
  private ModelRegistry registry;
  private OrtEnvironment ortEnvironment;
  private OrtSession ortSession;
  private FloatBuffer ortRowBuffer;
  private FloatBuffer ortBatchBuffer;
  private OnnxTensor ortRow;
  private OnnxTensor ortBatch;
  private ZooModel<float[], float[]> djlModel;
  private Predictor<float[], float[]> djlPredictor;
  private dev.mlops.predict.Predictor<Map<String, Object>, Prediction> sdkPredictor;
  private Deployment<Map<String, Object>, Prediction> sdkDeployment;
  private ModelMonitor monitor;
  private dev.mlops.predict.Predictor<Map<String, Object>, Prediction> monitoredPredictor;
  private Deployment<Map<String, Object>, Prediction> monitoredDeployment;
  private List<Map<String, Object>> rows;
  private float[][] encodedRows;
  private List<Map<String, Object>> batchRows;
  private float[] encodedBatch;
  private int next;

  /**
   * Loads the model four ways: into ONNX Runtime, into DJL, as an SDK predictor and as an SDK
   * deployment of {@code models:/churn@production}.
   *
   * @throws Exception if a load fails
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    dir = ChurnModel.tempDirectory("predict");
    Path onnx = ChurnModel.copyModel("churn-v1.onnx", dir);
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
    ModelVersion v1 = ChurnModel.register(registry, "churn", onnx);
    registry.setAlias("churn", "production", v1.version(), AliasPrecondition.absent(), "bench");

    rows = ChurnModel.rows();
    encodedRows = rows.stream().map(r -> ChurnModel.encode(List.of(r))).toArray(float[][]::new);
    batchRows = ChurnModel.rows(BATCH);
    encodedBatch = ChurnModel.encode(batchRows);

    djlModel = Criteria.builder().setTypes(float[].class, float[].class).optModelPath(onnx)
        .optEngine("OnnxRuntime").optTranslator(new RawTranslator()).build().loadModel();
    djlPredictor = djlModel.newPredictor();

    // DJL's engine creates the process-wide ORT environment with its thread options; it has to come
    // first, and the direct session then shares that environment, as it would in an application.
    ortEnvironment = OrtEnvironment.getEnvironment();
    ortSession = ortEnvironment.createSession(onnx.toString(), new OrtSession.SessionOptions());
    ortRowBuffer = directFloats(ChurnModel.COLUMNS);
    ortBatchBuffer = directFloats(BATCH * ChurnModel.COLUMNS);
    ortRow = OnnxTensor.createTensor(ortEnvironment, ortRowBuffer,
        new long[] {1, ChurnModel.COLUMNS});
    ortBatch = OnnxTensor.createTensor(ortEnvironment, ortBatchBuffer,
        new long[] {BATCH, ChurnModel.COLUMNS});

    DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
    sdkPredictor = predictors.load(v1.uri());
    sdkDeployment = predictors.deploy("models:/churn@production");
    monitor = ModelMonitor.builder().registry(registry).build();
    monitoredPredictor = monitor.wrap(predictors.load(v1.uri()));
    monitoredDeployment = monitor.wrap(predictors.deploy("models:/churn@production"));
  }

  /** Frees every native model and deletes the files. */
  @TearDown(Level.Trial)
  public void close() throws OrtException {
    monitoredDeployment.close();
    monitoredPredictor.close();
    monitor.close();
    sdkDeployment.close();
    sdkPredictor.close();
    djlPredictor.close();
    djlModel.close();
    ortRow.close();
    ortBatch.close();
    ortSession.close();
    registry.close();
    ChurnModel.deleteTree(dir);
  }

  /**
   * ONNX Runtime directly: the row is written into the direct buffer an input tensor wraps, and the
   * output read back.
   *
   * @return the probabilities
   * @throws OrtException if the run fails
   */
  @Benchmark
  public float[] row1OrtSession() throws OrtException {
    ortRowBuffer.put(0, encodedRows[nextRow()]);
    return run(ortRow);
  }

  /**
   * DJL's own predictor with a minimal translator, on an encoded row.
   *
   * @return the probabilities
   * @throws Exception if the prediction fails
   */
  @Benchmark
  public float[] row1DjlPredictor() throws Exception {
    return djlPredictor.predict(encodedRows[nextRow()]);
  }

  /**
   * The SDK's pooled predictor on a row as a map.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction row1SdkPredictor() {
    return sdkPredictor.predict(rows.get(nextRow()));
  }

  /**
   * An SDK deployment following an alias, on a row as a map.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction row1SdkDeployment() {
    return sdkDeployment.predict(rows.get(nextRow()));
  }

  /**
   * The SDK's pooled predictor wrapped by a {@link ModelMonitor} (every row sampled).
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction row1SdkPredictorMonitored() {
    return monitoredPredictor.predict(rows.get(nextRow()));
  }

  /**
   * An SDK deployment wrapped by a {@link ModelMonitor} (every row sampled).
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction row1SdkDeploymentMonitored() {
    return monitoredDeployment.predict(rows.get(nextRow()));
  }

  /**
   * ONNX Runtime directly on 64 encoded rows.
   *
   * @return the probabilities, row-major
   * @throws OrtException if the run fails
   */
  @Benchmark
  public float[] batch64OrtSession() throws OrtException {
    ortBatchBuffer.put(0, encodedBatch);
    return run(ortBatch);
  }

  /**
   * DJL's own predictor on 64 encoded rows.
   *
   * @return the probabilities, row-major
   * @throws Exception if the prediction fails
   */
  @Benchmark
  public float[] batch64DjlPredictor() throws Exception {
    return djlPredictor.predict(encodedBatch);
  }

  /**
   * The SDK's pooled predictor on 64 rows as maps.
   *
   * @return the predictions
   */
  @Benchmark
  public List<Prediction> batch64SdkPredictor() {
    return sdkPredictor.predictBatch(batchRows);
  }

  /**
   * An SDK deployment on 64 rows as maps.
   *
   * @return the predictions
   */
  @Benchmark
  public List<Prediction> batch64SdkDeployment() {
    return sdkDeployment.predictBatch(batchRows);
  }

  /**
   * The SDK's pooled predictor wrapped by a {@link ModelMonitor}, on 64 rows as maps.
   *
   * @return the predictions
   */
  @Benchmark
  public List<Prediction> batch64SdkPredictorMonitored() {
    return monitoredPredictor.predictBatch(batchRows);
  }

  private float[] run(OnnxTensor input) throws OrtException {
    try (OrtSession.Result result = ortSession.run(Map.of(ChurnModel.INPUT, input))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] values = new float[out.remaining()];
      out.get(values);
      return values;
    }
  }

  private int nextRow() {
    next = next + 1 == rows.size() ? 0 : next + 1;
    return next;
  }

  private static FloatBuffer directFloats(int count) {
    return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
