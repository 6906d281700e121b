package dev.mlops.djl.training;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Seeded synthetic tables whose rules the tests know. */
public final class SyntheticTables {

  static final List<String> CONTRACTS = List.of("monthly", "yearly", "two_year");
  public static final List<String> CHURN_CLASSES = List.of("stay", "downgrade", "churn");

  private SyntheticTables() {}

  /**
   * Two classes decided by a linear score over a numeric feature in the hundreds, a standard
   * one, a category, a boolean and an optional numeric feature missing in a tenth of the rows;
   * about 5% of labels flipped.
   */
  static TableDataset linearlySeparable(int rows, long seed) {
    List<FieldSpec> features = List.of(
        FieldSpec.scalar("charges", DataType.FLOAT64),
        FieldSpec.scalar("tenure", DataType.FLOAT32),
        FieldSpec.categorical("contract", CONTRACTS),
        FieldSpec.scalar("support", DataType.BOOLEAN),
        FieldSpec.scalar("visits", DataType.INT64).asOptional());
    Random random = new Random(seed);
    List<Map<String, @Nullable Object>> data = new ArrayList<>();
    List<Object> targets = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double charges = 20 + random.nextDouble() * 980;
      double tenure = random.nextGaussian();
      String contract = CONTRACTS.get(random.nextInt(3));
      boolean support = random.nextBoolean();
      Long visits = random.nextInt(10) == 0 ? null : (long) random.nextInt(20);
      double score = (charges - 500) / 200 - 1.5 * tenure
          + (contract.equals("monthly") ? 1.5 : -0.75) + (support ? -1 : 0.5);
      boolean churn = score > 0 ^ random.nextDouble() < 0.05;
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      row.put("charges", charges);
      row.put("tenure", (float) tenure);
      row.put("contract", contract);
      row.put("support", support);
      row.put("visits", visits);
      data.add(row);
      targets.add(churn ? "churn" : "stay");
    }
    return new TableDataset(features, FieldSpec.categorical("label", List.of("stay", "churn")),
        data, targets);
  }

  /** Two classes by the signs of two features (XOR): no linear model separates them. */
  static TableDataset xor(int rows, long seed) {
    List<FieldSpec> features = List.of(FieldSpec.scalar("a", DataType.FLOAT64),
        FieldSpec.scalar("b", DataType.FLOAT64));
    Random random = new Random(seed);
    List<Map<String, @Nullable Object>> data = new ArrayList<>();
    List<Object> targets = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double a = random.nextDouble() * 2 - 1;
      double b = random.nextDouble() * 2 - 1;
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      row.put("a", a);
      row.put("b", b);
      data.add(row);
      targets.add((a > 0) != (b > 0) ? "odd" : "even");
    }
    return new TableDataset(features, FieldSpec.categorical("parity", List.of("even", "odd")),
        data, targets);
  }

  /** y = 3a - 2b + 0.5 (flag) + 40 plus noise of standard deviation 0.1, with a constant feature. */
  public static TableDataset linearRegression(int rows, long seed) {
    List<FieldSpec> features = List.of(FieldSpec.scalar("a", DataType.FLOAT64),
        FieldSpec.scalar("b", DataType.FLOAT64), FieldSpec.scalar("flag", DataType.BOOLEAN),
        FieldSpec.scalar("constant", DataType.INT32));
    Random random = new Random(seed);
    List<Map<String, @Nullable Object>> data = new ArrayList<>();
    List<Object> targets = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian() * 10;
      boolean flag = random.nextBoolean();
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      row.put("a", a);
      row.put("b", b);
      row.put("flag", flag);
      row.put("constant", 7);
      data.add(row);
      targets.add(3 * a - 2 * b + (flag ? 0.5 : 0) + 40 + random.nextGaussian() * 0.1);
    }
    return new TableDataset(features, FieldSpec.scalar("y", DataType.FLOAT64), data, targets);
  }

  /**
   * Rows with the schema of the shipped churn fixtures (tenure_months, monthly_charges,
   * contract, has_support; classes stay, downgrade, churn), labelled by a simple rule, so that a
   * trained djl version can share an alias with the ONNX and TorchScript fixtures.
   */
  public static TableDataset churnShaped(int rows, long seed) {
    List<FieldSpec> features = List.of(
        FieldSpec.scalar("tenure_months", DataType.FLOAT32),
        FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
        FieldSpec.categorical("contract", CONTRACTS),
        FieldSpec.scalar("has_support", DataType.BOOLEAN));
    Random random = new Random(seed);
    List<Map<String, @Nullable Object>> data = new ArrayList<>();
    List<Object> targets = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double tenure = random.nextInt(72);
      double charges = 20 + random.nextDouble() * 100;
      String contract = CONTRACTS.get(random.nextInt(3));
      boolean support = random.nextBoolean();
      double risk = charges / 40 - tenure / 24 + (contract.equals("monthly") ? 1 : -1)
          + (support ? -0.5 : 0.5);
      Map<String, @Nullable Object> row = new LinkedHashMap<>();
      row.put("tenure_months", tenure);
      row.put("monthly_charges", charges);
      row.put("contract", contract);
      row.put("has_support", support);
      data.add(row);
      targets.add(risk > 1.5 ? "churn" : risk > 0 ? "downgrade" : "stay");
    }
    return new TableDataset(features,
        FieldSpec.categorical("outcome", CHURN_CLASSES), data, targets);
  }

  /** The share of rows whose most probable class is the target. */
  static double accuracy(List<double[]> probabilities, TableDataset data) {
    List<String> classes = data.target().categories();
    int right = 0;
    for (int r = 0; r < data.size(); r++) {
      double[] p = probabilities.get(r);
      int best = 0;
      for (int k = 1; k < p.length; k++) {
        if (p[k] > p[best]) {
          best = k;
        }
      }
      right += classes.get(best).equals(data.target(r)) ? 1 : 0;
    }
    return (double) right / data.size();
  }
}
