package dev.mlops.bench;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
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
 * XGBoost overhead: one binary churn model (100 trees of depth 6, trained in the set-up with
 * xgboost4j and saved as UBJ) scored one row and 64 rows at a time by a bare xgboost4j {@link
 * Booster} ({@code predict} on a fresh {@link DMatrix}, as its documentation shows, and {@code
 * inplace_predict}, which the SDK uses) and by the SDK's predictor (rows as maps: validation,
 * encoding, the call bound, the {@code [1 - p, p]} scores and the {@link Prediction}s). Both
 * boosters run with {@code nthread=1}, as the SDK sets it. The {@code Contrib} pair compares
 * feature contributions: {@code predictContrib} against the SDK's explainer. One caller thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class XGBoostBenchmark {

  private static final int BATCH = 64;

  private Path dir;
  private ModelRegistry registry;
  private Booster booster;
  private Predictor<Map<String, Object>, Prediction> sdkPredictor;
  private Predictor<Map<String, Object>, Explanation> sdkExplainer;
  private List<Map<String, Object>> rows;
  private float[][] encodedRows;
  private List<Map<String, Object>> batchRows;
  private float[] encodedBatch;
  private int next;

  /**
   * Trains and saves the model, then loads it as a bare booster and as an SDK predictor and
   * explainer.
   *
   * @throws Exception if training or a load fails
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    dir = ChurnModel.tempDirectory("xgboost");
    Path file = dir.resolve("churn.ubj");
    Booster trained = train();
    trained.saveModel(file.toString());
    trained.dispose();
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
    ModelVersion v = registry.register(RegistrationRequest.builder("churn").artifact(file)
        .format(ModelFormat.XGBOOST).signature(signature()).build());

    rows = ChurnModel.rows();
    encodedRows = rows.stream().map(r -> ChurnModel.encode(List.of(r))).toArray(float[][]::new);
    batchRows = ChurnModel.rows(BATCH);
    encodedBatch = ChurnModel.encode(batchRows);

    booster = XGBoost.loadModel(file.toString());
    booster.setParam("nthread", 1);
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
    sdkPredictor = predictors.load(v.uri());
    sdkExplainer = predictors.explainer(v.uri());
  }

  /** Frees the models and deletes the files. */
  @TearDown(Level.Trial)
  public void close() {
    sdkExplainer.close();
    sdkPredictor.close();
    booster.dispose();
    registry.close();
    ChurnModel.deleteTree(dir);
  }

  /**
   * xgboost4j's documented way: a {@link DMatrix} per call, then {@code predict}.
   *
   * @return the probability of churn
   * @throws XGBoostError if the prediction fails
   */
  @Benchmark
  public float[][] row1BoosterPredict() throws XGBoostError {
    return predict(encodedRows[nextRow()], 1);
  }

  /**
   * xgboost4j's {@code inplace_predict} on the encoded row, without a {@link DMatrix}.
   *
   * @return the probability of churn
   * @throws XGBoostError if the prediction fails
   */
  @Benchmark
  public float[][] row1BoosterInplace() throws XGBoostError {
    return booster.inplace_predict(encodedRows[nextRow()], 1, ChurnModel.COLUMNS, Float.NaN);
  }

  /**
   * The SDK's predictor on a row as a map.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction row1SdkPredictor() {
    return sdkPredictor.predict(rows.get(nextRow()));
  }

  /**
   * xgboost4j's {@code predictContrib} on a {@link DMatrix} of one row.
   *
   * @return the contributions and bias
   * @throws XGBoostError if the call fails
   */
  @Benchmark
  public float[][] row1BoosterContrib() throws XGBoostError {
    DMatrix matrix = new DMatrix(encodedRows[nextRow()], 1, ChurnModel.COLUMNS, Float.NaN);
    try {
      return booster.predictContrib(matrix, 0);
    } finally {
      matrix.dispose();
    }
  }

  /**
   * The SDK's explainer on a row as a map: the prediction and the contributions.
   *
   * @return the explanation
   */
  @Benchmark
  public Explanation row1SdkExplainerContrib() {
    return sdkExplainer.predict(rows.get(nextRow()));
  }

  /**
   * {@code predict} on a {@link DMatrix} of 64 encoded rows.
   *
   * @return the probabilities
   * @throws XGBoostError if the prediction fails
   */
  @Benchmark
  public float[][] batch64BoosterPredict() throws XGBoostError {
    return predict(encodedBatch, BATCH);
  }

  /**
   * {@code inplace_predict} on 64 encoded rows.
   *
   * @return the probabilities
   * @throws XGBoostError if the prediction fails
   */
  @Benchmark
  public float[][] batch64BoosterInplace() throws XGBoostError {
    return booster.inplace_predict(encodedBatch, BATCH, ChurnModel.COLUMNS, Float.NaN);
  }

  /**
   * The SDK's predictor on 64 rows as maps.
   *
   * @return the predictions
   */
  @Benchmark
  public List<Prediction> batch64SdkPredictor() {
    return sdkPredictor.predictBatch(batchRows);
  }

  private float[][] predict(float[] values, int count) throws XGBoostError {
    DMatrix matrix = new DMatrix(values, count, ChurnModel.COLUMNS, Float.NaN);
    try {
      return booster.predict(matrix);
    } finally {
      matrix.dispose();
    }
  }

  private int nextRow() {
    int r = next;
    next = (next + 1) % encodedRows.length;
    return r;
  }

  private static ModelSignature signature() {
    return ModelSignature.of(ChurnModel.SIGNATURE.inputs(),
        List.of(FieldSpec.scalar("probability", DataType.FLOAT32)
            .withCategories(List.of("stay", "churn"))));
  }

  /** 100 trees of depth 6 on 2,000 rows labelled by a noisy rule of the four features. */
  private static Booster train() throws XGBoostError {
    java.util.Random random = new java.util.Random(42);
    int n = 2_000;
    float[] x = new float[n * ChurnModel.COLUMNS];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      float tenure = random.nextInt(72);
      float charges = 20 + 100 * random.nextFloat();
      float contract = random.nextInt(3);
      float support = random.nextBoolean() ? 1 : 0;
      x[i * 4] = tenure;
      x[i * 4 + 1] = charges;
      x[i * 4 + 2] = contract;
      x[i * 4 + 3] = support;
      double risk = charges / 40 - tenure / 24 - contract - support / 2 + random.nextGaussian();
      y[i] = risk > 0 ? 1 : 0;
    }
    DMatrix train = new DMatrix(x, n, ChurnModel.COLUMNS, Float.NaN);
    try {
      train.setLabel(y);
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "binary:logistic");
      params.put("max_depth", 6);
      params.put("eta", 0.1);
      params.put("seed", 1);
      params.put("nthread", 1);
      return XGBoost.train(train, params, 100, new HashMap<>(), null, null);
    } finally {
      train.dispose();
    }
  }
}
