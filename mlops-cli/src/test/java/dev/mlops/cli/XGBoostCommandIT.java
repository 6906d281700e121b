package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar with a native XGBoost model trained here with xgboost4j: the format is inferred
 * from {@code .ubj}, the file is checked at registration, {@code mlops predict} writes XGBoost's
 * own probabilities, and {@code --explain} adds contributions that sum to XGBoost's margins.
 */
class XGBoostCommandIT {

  private static final List<String> CONTRACTS = List.of("monthly", "yearly", "two_year");

  @TempDir
  static Path dir;

  private static MlopsProcess mlops;
  private static Booster booster;

  @BeforeAll
  static void trainAndRegister() throws Exception {
    mlops = new MlopsProcess(dir);
    try (InputStream in = Objects.requireNonNull(
        XGBoostCommandIT.class.getResourceAsStream("/predict/input.csv"))) {
      Files.copy(in, dir.resolve("input.csv"));
    }
    Files.writeString(dir.resolve("signature.json"), """
        {"inputs": [{"name": "tenure_months", "type": "float"},
                    {"name": "monthly_charges", "type": "double"},
                    {"name": "contract", "type": "string", "categories": ["monthly", "yearly", "two_year"]},
                    {"name": "has_support", "type": "boolean"}],
         "outputs": [{"name": "stay", "type": "float"}, {"name": "churn", "type": "float"}]}
        """);
    booster = train();
    booster.saveModel(dir.resolve("churn.ubj").toString());
    MlopsProcess.Result r = mlops.run("models", "register", "churn", "--file", "churn.ubj",
        "--signature", "signature.json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("xgboost");
  }

  @Test
  void predictWritesXGBoostsOwnProbabilities() throws Exception {
    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "input.csv",
        "--output", "xgb.csv", "--id-column", "customer");
    assertThat(r.exitCode()).as(r.toString()).isZero();

    List<String> out = Files.readAllLines(dir.resolve("xgb.csv"), StandardCharsets.UTF_8);
    assertThat(out.get(0)).isEqualTo("customer,outputs_stay,outputs_churn,model_version");
    float[][] expected = predict(inputRows(), false);
    assertThat(out).hasSize(expected.length + 1);
    for (int i = 0; i < expected.length; i++) {
      String[] got = out.get(i + 1).split(",");
      assertThat(Float.parseFloat(got[2])).as("row %d", i).isEqualTo(expected[i][0]);
      assertThat(Float.parseFloat(got[1])).isEqualTo(1f - expected[i][0]);
    }
  }

  @Test
  void explainAddsContributionsThatSumToXGBoostsMargin() throws Exception {
    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "input.csv",
        "--output", "explained.csv", "--id-column", "customer", "--explain");
    assertThat(r.exitCode()).as(r.toString()).isZero();

    // The CSV writer quotes long fields; none of these contains a comma or a quote.
    List<String> out = Files.readAllLines(dir.resolve("explained.csv"), StandardCharsets.UTF_8)
        .stream().map(line -> line.replace("\"", "")).toList();
    assertThat(out.get(0)).isEqualTo("customer,outputs_stay,outputs_churn,model_version,"
        + "contribution_tenure_months,contribution_monthly_charges,contribution_contract,"
        + "contribution_has_support,contribution_bias");
    float[][] rows = inputRows();
    float[][] probabilities = predict(rows, false);
    float[][] margins = predict(rows, true);
    for (int i = 0; i < rows.length; i++) {
      String[] got = out.get(i + 1).split(",");
      assertThat(Float.parseFloat(got[2])).isEqualTo(probabilities[i][0]);
      double sum = 0;
      for (int c = 4; c <= 8; c++) {
        sum += Double.parseDouble(got[c]);
      }
      assertThat(sum).as("row %d", i).isCloseTo(margins[i][0], within(1e-5));
    }
  }

  @Test
  void aCorruptModelFileIsRefusedAtRegistrationAndNothingIsStored() throws Exception {
    byte[] bytes = Files.readAllBytes(dir.resolve("churn.ubj"));
    Files.write(dir.resolve("cut.ubj"), Arrays.copyOf(bytes, bytes.length / 3));
    MlopsProcess.Result r = mlops.run("models", "register", "cut", "--file", "cut.ubj",
        "--signature", "signature.json");
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("cut.ubj").contains("is not a well-formed XGBoost model file");
    MlopsProcess.Result list = mlops.run("models", "list");
    assertThat(list.out()).contains("churn").doesNotContain("cut");
  }

  /** The features of input.csv, encoded as the SDK encodes them. */
  private static float[][] inputRows() throws Exception {
    List<String> lines = Files.readAllLines(dir.resolve("input.csv"), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split(","));
    float[][] rows = new float[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      // The note column quotes a comma: drop it before splitting.
      String[] cells = lines.get(i).replaceAll("\"[^\"]*\"", "").split(",", -1);
      rows[i - 1] = new float[] {
          Float.parseFloat(cells[header.indexOf("tenure_months")]),
          Float.parseFloat(cells[header.indexOf("monthly_charges")]),
          CONTRACTS.indexOf(cells[header.indexOf("contract")]),
          Boolean.parseBoolean(cells[header.indexOf("has_support")]) ? 1 : 0};
    }
    return rows;
  }

  private static float[][] predict(float[][] rows, boolean margin) throws Exception {
    float[] flat = new float[rows.length * 4];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * 4, 4);
    }
    DMatrix matrix = new DMatrix(flat, rows.length, 4, Float.NaN);
    try {
      return booster.predict(matrix, margin);
    } finally {
      matrix.dispose();
    }
  }

  private static Booster train() throws Exception {
    Random random = new Random(3);
    int n = 300;
    float[] x = new float[n * 4];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i * 4] = random.nextInt(72);
      x[i * 4 + 1] = 20 + 100 * random.nextFloat();
      x[i * 4 + 2] = random.nextInt(3);
      x[i * 4 + 3] = random.nextBoolean() ? 1 : 0;
      y[i] = x[i * 4 + 1] / 40 - x[i * 4] / 24 - x[i * 4 + 2] > 0 ? 1 : 0;
    }
    DMatrix train = new DMatrix(x, n, 4, Float.NaN);
    try {
      train.setLabel(y);
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "binary:logistic");
      params.put("max_depth", 3);
      params.put("nthread", 1);
      params.put("seed", 5);
      return XGBoost.train(train, params, 10, new HashMap<>(), null, null);
    } finally {
      train.dispose();
    }
  }
}
