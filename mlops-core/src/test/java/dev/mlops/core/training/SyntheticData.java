package dev.mlops.core.training;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded synthetic datasets for the training tests. */
final class SyntheticData {

  static final TabularSchema CHURN = TabularSchema.of(
      List.of(
          FieldSpec.scalar("age", DataType.FLOAT64),
          FieldSpec.scalar("calls", DataType.INT32),
          FieldSpec.categorical("plan", List.of("basic", "pro")),
          FieldSpec.scalar("paperless", DataType.BOOLEAN)),
      FieldSpec.categorical("churned", List.of("no", "yes")));

  static final TabularSchema HOUSES = TabularSchema.of(
      List.of(FieldSpec.scalar("rooms", DataType.FLOAT64), FieldSpec.scalar("age", DataType.FLOAT64)),
      FieldSpec.scalar("price", DataType.FLOAT64));

  private SyntheticData() {}

  /** Churn decided by a logistic model of the features: learnable, not separable. */
  static TabularDataset churn(int rows, long seed) {
    Random random = new Random(seed);
    TabularDataset.Builder builder = TabularDataset.builder(CHURN);
    for (int i = 0; i < rows; i++) {
      double age = Math.round((40 + 12 * random.nextGaussian()) * 10) / 10.0;
      int calls = random.nextInt(6);
      String plan = random.nextBoolean() ? "pro" : "basic";
      boolean paperless = random.nextDouble() < 0.3;
      double logit = -0.08 * (age - 40) + 0.9 * (calls - 2.5) - (plan.equals("pro") ? 1 : 0)
          + (paperless ? 0.5 : 0);
      boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-logit));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("age", age);
      row.put("calls", calls);
      row.put("plan", plan);
      row.put("paperless", paperless);
      builder.addRow(row, churned ? "yes" : "no");
    }
    return builder.build();
  }

  /** Prices linear in the features plus noise. */
  static TabularDataset houses(int rows, long seed) {
    Random random = new Random(seed);
    TabularDataset.Builder builder = TabularDataset.builder(HOUSES);
    for (int i = 0; i < rows; i++) {
      double rooms = 1 + random.nextInt(6);
      double age = random.nextInt(80);
      double price = 50 + 30 * rooms - 0.5 * age + 5 * random.nextGaussian();
      builder.addRow(Map.of("rooms", rooms, "age", age), price);
    }
    return builder.build();
  }
}
