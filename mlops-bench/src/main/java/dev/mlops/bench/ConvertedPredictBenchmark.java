package dev.mlops.bench;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Prediction overhead on a converter-built model: the random forest of mlops-djl's fixtures
 * ({@code rf-zipmap.onnx}, made by make_converted_models.py as skl2onnx lays it out): four
 * {@code [N, 1]} inputs (float, double, int64, string), a one-hot encoder, a 12-tree classifier and
 * a ZipMap. Bare ONNX Runtime ({@code OrtSession.run}, the numeric inputs in reused direct buffers,
 * the string column in a new tensor per call, the ZipMap read into a float array per row) against
 * the SDK's predictor, which takes the rows as maps, validates them, and returns {@link
 * Prediction}s with named outputs. One caller thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class ConvertedPredictBenchmark {

  private static final int BATCH = 64;
  private static final String[] CLASSES = {"churn", "downgrade", "stay"};
  private static final String[] CONTRACTS = {"monthly", "yearly", "two_year"};

  private Path dir;
  private ModelRegistry registry;
  private OrtEnvironment env;
  private OrtSession session;
  private Column rowColumns;
  private Column batchColumns;
  private Predictor<Map<String, Object>, Prediction> sdk;
  private List<Map<String, Object>> rows;
  private List<Map<String, Object>> batch;
  private int next;

  /** The numeric inputs in direct buffers wrapped once, for rows of a fixed count. */
  private static final class Column {
    final FloatBuffer tenure;
    final DoubleBuffer charges;
    final LongBuffer calls;
    final Map<String, OnnxTensor> numeric = new HashMap<>();
    final int rows;

    Column(OrtEnvironment env, int rows) throws OrtException {
      this.rows = rows;
      tenure = ByteBuffer.allocateDirect(4 * rows).order(ByteOrder.nativeOrder()).asFloatBuffer();
      charges = ByteBuffer.allocateDirect(8 * rows).order(ByteOrder.nativeOrder())
          .asDoubleBuffer();
      calls = ByteBuffer.allocateDirect(8 * rows).order(ByteOrder.nativeOrder()).asLongBuffer();
      long[] shape = {rows, 1};
      numeric.put("tenure_months", OnnxTensor.createTensor(env, tenure, shape));
      numeric.put("monthly_charges", OnnxTensor.createTensor(env, charges, shape));
      numeric.put("support_calls", OnnxTensor.createTensor(env, calls, shape));
    }

    void close() {
      numeric.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * Loads the model into ONNX Runtime and as an SDK predictor (registered without a signature).
   *
   * @throws Exception if a load fails
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    dir = ChurnModel.tempDirectory("converted");
    Path onnx = ChurnModel.copyModel("rf-zipmap.onnx", dir);
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
    ModelVersion v = registry.register(RegistrationRequest.builder("forest").artifact(onnx)
        .format(ModelFormat.ONNX).build());
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
    sdk = predictors.load(v.uri());
    // The SDK started DJL's engine, which owns the process-wide environment; share it.
    env = OrtEnvironment.getEnvironment();
    session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
    rowColumns = new Column(env, 1);
    batchColumns = new Column(env, BATCH);
    rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("tenure_months", 3.0 + 14 * i);
      row.put("monthly_charges", 20.5 + 19.25 * i);
      row.put("support_calls", (long) i);
      row.put("contract", CONTRACTS[i % 3]);
      rows.add(row);
    }
    batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      batch.add(rows.get(i % rows.size()));
    }
  }

  /** Frees the session and the predictor and deletes the files. */
  @TearDown(Level.Trial)
  public void close() throws OrtException {
    sdk.close();
    rowColumns.close();
    batchColumns.close();
    session.close();
    registry.close();
    ChurnModel.deleteTree(dir);
  }

  /**
   * ONNX Runtime directly, one row: the application writes the numbers into the input buffers,
   * makes the string tensor, runs, and reads the probabilities out of the ZipMap.
   *
   * @return the probabilities
   * @throws OrtException if the run fails
   */
  @Benchmark
  public float[] row1OrtSession() throws OrtException {
    return run(rowColumns, List.of(rows.get(nextRow())));
  }

  /**
   * The SDK's predictor, one row as a map.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction row1SdkPredictor() {
    return sdk.predict(rows.get(nextRow()));
  }

  /**
   * ONNX Runtime directly, 64 rows.
   *
   * @return the probabilities, row-major
   * @throws OrtException if the run fails
   */
  @Benchmark
  public float[] batch64OrtSession() throws OrtException {
    return run(batchColumns, batch);
  }

  /**
   * The SDK's predictor, 64 rows as maps.
   *
   * @return the predictions
   */
  @Benchmark
  public List<Prediction> batch64SdkPredictor() {
    return sdk.predictBatch(batch);
  }

  private float[] run(Column c, List<Map<String, Object>> input) throws OrtException {
    String[] contracts = new String[c.rows];
    for (int r = 0; r < c.rows; r++) {
      Map<String, Object> row = input.get(r);
      c.tenure.put(r, ChurnModel.number(row, "tenure_months").floatValue());
      c.charges.put(r, ChurnModel.number(row, "monthly_charges").doubleValue());
      c.calls.put(r, ChurnModel.number(row, "support_calls").longValue());
      contracts[r] = String.valueOf(row.get("contract"));
    }
    try (OnnxTensor contract = OnnxTensor.createTensor(env, contracts, new long[] {c.rows, 1})) {
      Map<String, OnnxTensor> feed = new HashMap<>(c.numeric);
      feed.put("contract", contract);
      try (OrtSession.Result result = session.run(feed)) {
        OnnxSequence maps = (OnnxSequence) result.get("output_probability").orElseThrow();
        float[] out = new float[c.rows * CLASSES.length];
        List<? extends OnnxValue> values = maps.getValue();
        for (int r = 0; r < c.rows; r++) {
          try (OnnxMap map = (OnnxMap) values.get(r)) {
            Map<? extends Object, ? extends Object> p = map.getValue();
            for (int k = 0; k < CLASSES.length; k++) {
              out[r * CLASSES.length + k] =
                  ((Number) Objects.requireNonNull(p.get(CLASSES[k]), CLASSES[k])).floatValue();

            }
          }
        }
        return out;
      }
    }
  }

  private int nextRow() {
    next = next + 1 == rows.size() ? 0 : next + 1;
    return next;
  }
}
