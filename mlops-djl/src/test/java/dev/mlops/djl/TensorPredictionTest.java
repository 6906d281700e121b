package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mlops.djl.internal.TensorPredictor;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.testkit.InMemoryModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TensorPredictionTest {

  static final ModelSignature TENSORS = new ModelSignature(
      List.of(FieldSpec.tensor("features", DataType.FLOAT32, -1, 4)),
      List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, -1, 3)),
      List.of());

  InMemoryModelRegistry registry;
  DjlPredictors predictors;

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    predictors = DjlPredictors.builder().registry(registry).poolSize(2).build();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void rawTensorPredictionsEqualTheTabularScoresOfTheSameRowsOnBothEngines() {
    for (String file : List.of("churn-v1.onnx", "churn-v1.pt")) {
      String name = file.endsWith(".onnx") ? "onnx" : "torch";
      ChurnFixtures.register(registry, name, file);
      ChurnFixtures.register(registry, name, ChurnFixtures.model(file),
          file.endsWith(".onnx") ? ModelFormat.ONNX : ModelFormat.TORCHSCRIPT, TENSORS);
      List<Map<String, Object>> rows = ChurnFixtures.rows();
      List<Prediction> tabular;
      try (Predictor<Map<String, Object>, Prediction> p = predictors.load("models:/" + name + "/1")) {
        tabular = p.predictBatch(rows);
      }
      try (Predictor<NDList, NDList> raw = predictors.loadTensors("models:/" + name + "/2");
          NDManager manager = NDManager.newBaseManager()) {
        assertThat(raw.modelVersion().version()).isEqualTo(2);
        float[][] scores = probabilities(raw.predict(new NDList(encode(manager, rows))));
        assertThat(scores).hasNumberOfRows(rows.size());
        for (int r = 0; r < rows.size(); r++) {
          for (int c = 0; c < 3; c++) {
            assertThat((double) scores[r][c]).as("%s row %d class %d", file, r, c)
                .isCloseTo(tabular.get(r).scores().get(c), within(1e-6))
                .isCloseTo(ChurnFixtures.probabilities("v1").get(r).get(c), within(1e-5));
          }
        }
      }
    }
  }

  @Test
  void aTensorOfTheWrongShapeIsRejectedBeforeAnyNativeCallAndThePredictorKeepsServing() {
    ChurnFixtures.register(registry, "churn", ChurnFixtures.model("churn-v1.onnx"),
        ModelFormat.ONNX, TENSORS);
    try (Predictor<NDList, NDList> raw = predictors.loadTensors("models:/churn/1");
        NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> raw.predict(new NDList(manager.zeros(new Shape(2, 5)))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("model 'churn' version 1")
          .hasMessageContaining("features")
          .hasMessageContaining("expected shape [-1, 4] (-1 is any size)")
          .hasMessageContaining("(2, 5)");
      assertThatThrownBy(() -> raw.predict(new NDList(manager.zeros(new Shape(1, 4)),
          manager.zeros(new Shape(1, 4)))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("expected 1 input array(s) [features] but got 2");
      assertThatThrownBy(() -> raw.predictBatch(List.of(
          new NDList(manager.zeros(new Shape(1, 4))), new NDList(manager.zeros(new Shape(4))))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("row 1");
      NDList out = raw.predict(new NDList(encode(manager, ChurnFixtures.rows().subList(0, 1))));
      assertThat(probabilities(out)[0][0])
          .isCloseTo(ChurnFixtures.probabilities("v1").get(0).get(0).floatValue(), within(1e-5f));
    }
  }

  @Test
  void aTensorSignatureTheModelDoesNotMatchFailsAtLoad() {
    ModelSignature wrong = new ModelSignature(
        List.of(FieldSpec.tensor("features", DataType.FLOAT32, -1, 5)), List.of(), List.of());
    // TorchScript files carry no input shapes: the warm-up call is the check.
    ChurnFixtures.register(registry, "churn", ChurnFixtures.model("churn-v1.pt"),
        ModelFormat.TORCHSCRIPT, wrong);
    assertThatThrownBy(() -> predictors.loadTensors("models:/churn/1"))
        .isInstanceOf(PredictionException.class)
        .hasMessageStartingWith("Model 'churn' version 1 does not match its signature's tensor "
            + "inputs [features[-1, 5]]: a warm-up call with zeros failed");
    // An ONNX graph declares them: registration refuses the signature.
    assertThatThrownBy(() -> ChurnFixtures.register(registry, "onnx",
        ChurnFixtures.model("churn-v1.onnx"), ModelFormat.ONNX, wrong))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("input 'features': the graph takes tensor(float)[N, 4] but the "
            + "signature declares FLOAT32[-1, 5]");
  }

  @Test
  void concurrentCallersShareThePoolAndGetTheirOwnResultsAndCloseFreesTheModel()
      throws Exception {
    ChurnFixtures.register(registry, "churn", ChurnFixtures.model("churn-v1.onnx"),
        ModelFormat.ONNX, TENSORS);
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    List<List<Double>> expected = ChurnFixtures.probabilities("v1");
    Predictor<NDList, NDList> raw = predictors.loadTensors("models:/churn/1");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int row = t % rows.size();
        results.add(pool.submit(() -> {
          int checked = 0;
          for (int i = 0; i < 200; i++) {
            try (NDManager manager = NDManager.newBaseManager()) {
              float[][] s = probabilities(raw.predict(
                  new NDList(encode(manager, List.of(rows.get(row))))));
              for (int c = 0; c < 3; c++) {
                assertThat((double) s[0][c]).isCloseTo(expected.get(row).get(c), within(1e-5));
              }
              checked++;
            }
          }
          return checked;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
      raw.close();
    }
    assertThat(((TensorPredictor) raw).isReleased()).isTrue();
    assertThatThrownBy(() -> raw.predict(new NDList()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  /** The rows as the model consumes them: float32 [rows, 4], contract as its category index. */
  static NDArray encode(NDManager manager, List<Map<String, Object>> rows) {
    List<String> contracts = List.of("monthly", "yearly", "two_year");
    float[] values = new float[rows.size() * 4];
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> row = rows.get(r);
      values[r * 4] = ((Number) row.get("tenure_months")).floatValue();
      values[r * 4 + 1] = ((Number) row.get("monthly_charges")).floatValue();
      values[r * 4 + 2] = contracts.indexOf((String) row.get("contract"));
      values[r * 4 + 3] = (Boolean) row.get("has_support") ? 1f : 0f;
    }
    return manager.create(values, new Shape(rows.size(), 4));
  }

  /** The output named probabilities (else the first), as one array of scores per row. */
  static float[][] probabilities(NDList outputs) {
    NDArray scores = outputs.get(0);
    for (NDArray a : outputs) {
      if ("probabilities".equals(a.getName())) {
        scores = a;
      }
    }
    int rows = Math.toIntExact(scores.getShape().get(0));
    int width = Math.toIntExact(scores.getShape().get(1));
    float[] flat = scores.toFloatArray();
    float[][] out = new float[rows][width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * width, out[r], 0, width);
    }
    return out;
  }
}
