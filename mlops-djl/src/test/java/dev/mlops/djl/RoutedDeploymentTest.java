package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelUri;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutedDeploymentTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ModelUri PRODUCTION = ModelUri.alias("churn", "production");
  private static final ModelUri VERSION_2 = ModelUri.version("churn", 2);

  @TempDir Path storage;
  InMemoryModelRegistry registry;
  SimpleMeterRegistry meters;
  DjlPredictors predictors;

  @BeforeEach
  void open() {
    registry = new InMemoryModelRegistry();
    meters = new SimpleMeterRegistry();
    predictors = DjlPredictors.builder().registry(registry).meterRegistry(meters).poolSize(2)
        .unknownFeatures(UnknownFeaturePolicy.IGNORE).build();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void aCanaryAnswersItsShareOfCallsAndEveryPredictionNamesTheVersionThatComputedIt() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    int customers = 2_000;
    Map<Integer, Integer> byVersion = new HashMap<>();
    try (RoutedDeployment d = predictors.deploy(PRODUCTION,
        Routing.canary(VERSION_2, 0.2).stickyBy(row -> row.get("customer_id")))) {
      assertThat(d.challengerVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
      for (int i = 0; i < customers; i++) {
        Prediction p = d.predict(row(i % 5, "customer-" + i));
        byVersion.merge(p.version(), 1, Integer::sum);
        FixturePredictionTest.assertScores(p.scores(),
            ChurnFixtures.probabilities("v" + p.version()).get(i % 5));
      }
    }
    double challengerShare = byVersion.getOrDefault(2, 0) / (double) customers;
    System.out.printf("canary 0.2 over %d sticky keys: challenger answered %.4f%n", customers,
        challengerShare);
    assertThat(challengerShare).isCloseTo(0.2, within(0.03));
    assertThat(meters.get("mlops.routing.calls").tags("route", "challenger", "version", "2")
        .counter().count()).isEqualTo(byVersion.get(2).doubleValue());
    assertThat(meters.get("mlops.routing.calls").tags("route", "champion", "version", "1")
        .counter().count()).isEqualTo(byVersion.get(1).doubleValue());
    assertThat(meters.get("mlops.predict.latency").tags("version", "2", "outcome", "success")
        .timer().count()).isEqualTo(byVersion.get(2).longValue());
  }

  @Test
  void oneKeyAlwaysGetsTheSameVersionAcrossCallsRowsBatchesAndDeployments() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    Routing routing = Routing.canary(VERSION_2, 0.5).stickyBy(row -> row.get("customer_id"));
    Map<String, Integer> first = new LinkedHashMap<>();
    try (RoutedDeployment d = predictors.deploy(PRODUCTION, routing)) {
      for (int k = 0; k < 50; k++) {
        String key = "customer-" + k;
        for (int r = 0; r < 5; r++) {
          int version = d.predict(row(r, key)).version();
          assertThat(first.putIfAbsent(key, version)).as(key).isIn(null, version);
        }
      }
      List<Map<String, Object>> batch = new ArrayList<>();
      first.keySet().forEach(key -> batch.add(row(3, key)));
      List<Prediction> answers = d.predictBatch(batch);
      for (int k = 0; k < batch.size(); k++) {
        assertThat(answers.get(k).version()).isEqualTo(first.get("customer-" + k));
        FixturePredictionTest.assertScores(answers.get(k).scores(),
            ChurnFixtures.probabilities("v" + answers.get(k).version()).get(3));
      }
    }
    assertThat(first.values()).as("both sides serve some keys").contains(1, 2);
    try (RoutedDeployment again = predictors.deploy(PRODUCTION, routing)) {
      first.forEach((key, version) ->
          assertThat(again.predict(row(0, key)).version()).as(key).isEqualTo(version));
    }
  }

  @Test
  void aBadRowInASplitBatchIsReportedAtItsIndexInTheCallersBatch() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    try (RoutedDeployment d = predictors.deploy(PRODUCTION,
        Routing.canary(VERSION_2, 0.5).stickyBy(row -> row.get("customer_id")))) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        batch.add(row(k % 5, "customer-" + k));
      }
      List<Integer> versions = d.predictBatch(batch).stream().map(Prediction::version).toList();
      assertThat(versions).contains(1, 2);
      int bad = 17;
      long sameSideBefore = versions.subList(0, bad).stream()
          .filter(v -> v.equals(versions.get(bad))).count();
      assertThat(sameSideBefore).as("the bad row's index within its side").isNotEqualTo(bad);
      batch.get(bad).put("contract", "weekly");
      assertThatThrownBy(() -> d.predictBatch(batch))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Invalid input for model 'churn' version ")
          .hasMessageContaining(", row " + bad + ", feature 'contract': ")
          .hasMessageContaining("weekly")
          .satisfies(e -> assertThat(((InvalidInputException) e).rowIndex()).isEqualTo(bad));
    }
  }

  @Test
  void aBatchOverTheMaximumIsRejectedBeforeItIsSplit() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    DjlPredictors small = DjlPredictors.builder().registry(registry).maxBatchSize(10)
        .unknownFeatures(UnknownFeaturePolicy.IGNORE).build();
    try (RoutedDeployment d = small.deploy(PRODUCTION,
        Routing.canary(VERSION_2, 0.5).stickyBy(row -> row.get("customer_id")))) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int k = 0; k < 11; k++) {
        batch.add(row(k % 5, "customer-" + k));
      }
      assertThatThrownBy(() -> d.predictBatch(batch))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("a batch of 11 rows exceeds the maximum of 10");
      assertThat(d.predictBatch(batch.subList(0, 10))).hasSize(10);
    }
  }

  @Test
  void aChallengerThatFailsToLoadLeavesEveryCallOnTheChampionAndIsReported() {
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    ChurnFixtures.register(registry, "churn", ChurnFixtures.unloadable(storage), ModelFormat.ONNX,
        ChurnFixtures.SIGNATURE);
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
    List<ModelUri> failed = new CopyOnWriteArrayList<>();
    try (RoutedDeployment d = predictors.deploy("models:/churn@production",
        Routing.canary(VERSION_2, 1.0))) {
      d.addListener(new DeploymentListener() {
        @Override
        public void onFailed(ModelUri attempted, RuntimeException cause) {
          failed.add(attempted);
        }
      });
      assertThat(failed).containsExactly(VERSION_2);
      assertThat(d.challengerVersion()).isEmpty();
      for (int i = 0; i < 20; i++) {
        assertThat(d.predict(row(i % 5, "customer-" + i)).version()).isEqualTo(1);
      }
      assertThat(d.predictBatch(List.of(row(0, "a"), row(1, "b"))))
          .extracting(Prediction::version).containsExactly(1, 1);
    }
  }

  @Test
  void aChallengerAliasIsFollowedAsItMoves() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    registry.setAlias("churn", "candidate", 2, AliasPrecondition.absent(), "try v2");
    try (RoutedDeployment d = predictors.deploy(PRODUCTION,
        Routing.canary(ModelUri.alias("churn", "candidate"), 1.0))) {
      assertThat(d.predict(row(0, "x")).version()).isEqualTo(2);
      registry.setAlias("churn", "candidate", 3, AliasPrecondition.pointsTo(2), "try v3");
      awaitTrue(() -> d.challengerVersion().orElseThrow().version() == 3, "the candidate swap");
      Prediction p = d.predict(row(0, "x"));
      assertThat(p.version()).isEqualTo(3);
      FixturePredictionTest.assertScores(p.scores(), ChurnFixtures.probabilities("v1").get(0));
      assertThat(d.modelVersion().version()).isEqualTo(1);
    }
  }

  @Test
  void aCanaryShareOutsideTheUnitIntervalIsRejected() {
    assertThatThrownBy(() -> Routing.canary(VERSION_2, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("canary share must be in [0, 1] but was 1.5");
    assertThatThrownBy(() -> Routing.canary(VERSION_2, -0.1))
        .hasMessage("canary share must be in [0, 1] but was -0.1");
    assertThatThrownBy(() -> Routing.canary(VERSION_2, Double.NaN))
        .hasMessage("canary share must be in [0, 1] but was NaN");
    assertThatThrownBy(() -> Routing.shadow(VERSION_2).shadowQueueCapacity(0))
        .hasMessage("shadow queue capacity must be positive but was 0");
    assertThatThrownBy(() -> Routing.shadow(VERSION_2).stickyBy(row -> row.get("id")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shadowScoringNeverChangesWhatCallersGetAndAnIdenticalModelAgreesFully() {
    deployV1AsProductionAndRegister("churn-v1.onnx");
    List<Map<String, Object>> rows = ChurnFixtures.rows();
    List<Prediction> plain = new ArrayList<>();
    List<Prediction> shadowed = new ArrayList<>();
    int rounds = 20;
    try (Deployment<Map<String, Object>, Prediction> d = predictors.deploy(PRODUCTION)) {
      for (int i = 0; i < rounds; i++) {
        rows.forEach(row -> plain.add(d.predict(row)));
      }
    }
    ShadowAgreement agreement;
    try (RoutedDeployment d = predictors.deploy(PRODUCTION, Routing.shadow(VERSION_2))) {
      for (int i = 0; i < rounds; i++) {
        rows.forEach(row -> shadowed.add(d.predict(row)));
      }
      int calls = rounds * rows.size();
      awaitTrue(() -> d.shadowAgreement().compared() == calls, "all shadow comparisons");
      agreement = d.shadowAgreement();
      assertThat(meters.get("mlops.shadow.agreement").gauge().value()).isEqualTo(1.0);
      assertThat(meters.get("mlops.shadow.compared").functionCounter().count())
          .isEqualTo(calls);
    }
    assertThat(shadowed).extracting(Prediction::version).containsOnly(1);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(shadowed.get(i).scores()).isEqualTo(plain.get(i).scores());
      assertThat(shadowed.get(i).label()).isEqualTo(plain.get(i).label());
    }
    assertThat(agreement).isEqualTo(new ShadowAgreement(100, 1.0, 0.0, 0, 0));
  }

  @Test
  void shadowAgreementOfVersionOneAgainstVersionTwoMatchesTheRecordedProbabilities() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    List<List<Double>> v1 = ChurnFixtures.probabilities("v1");
    List<List<Double>> v2 = ChurnFixtures.probabilities("v2");
    int sameLabel = 0;
    double sumMeanAbs = 0.0;
    for (int r = 0; r < v1.size(); r++) {
      sameLabel += argMax(v1.get(r)) == argMax(v2.get(r)) ? 1 : 0;
      double rowSum = 0.0;
      for (int c = 0; c < v1.get(r).size(); c++) {
        rowSum += Math.abs(v1.get(r).get(c) - v2.get(r).get(c));
      }
      sumMeanAbs += rowSum / v1.get(r).size();
    }
    int rounds = 4;
    try (RoutedDeployment d = predictors.deploy(PRODUCTION, Routing.shadow(VERSION_2))) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        batch.addAll(ChurnFixtures.rows());
      }
      assertThat(d.predictBatch(batch)).extracting(Prediction::version).containsOnly(1);
      awaitTrue(() -> d.shadowAgreement().compared() == batch.size(), "all comparisons");
      ShadowAgreement a = d.shadowAgreement();
      System.out.printf("shadow v1 vs v2 over %d calls: %s%n", batch.size(), a);
      assertThat(a.sameLabelRate()).isCloseTo(sameLabel / (double) v1.size(), within(1e-9));
      assertThat(a.meanAbsoluteScoreDifference())
          .isCloseTo(sumMeanAbs / v1.size(), within(1e-5));
      assertThat(a.dropped()).isZero();
      assertThat(a.errors()).isZero();
    }
  }

  @Test
  void aCanaryAndAShadowOfAnotherVersionRunTogetherWithoutTheShadowChangingAnyAnswer() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    ChurnFixtures.register(registry, "churn", "churn-v2.pt");
    ModelUri shadowUri = ModelUri.version("churn", 3);
    Routing canaryOnly = Routing.canary(VERSION_2, 0.2).stickyBy(row -> row.get("customer_id"));
    int customers = 2_000;
    List<Prediction> withoutShadow = new ArrayList<>();
    try (RoutedDeployment d = predictors.deploy(PRODUCTION, canaryOnly)) {
      for (int i = 0; i < customers; i++) {
        withoutShadow.add(d.predict(row(i % 5, "customer-" + i)));
      }
    }
    meters.clear();

    List<List<Double>> v1 = ChurnFixtures.probabilities("v1");
    List<List<Double>> v2 = ChurnFixtures.probabilities("v2");
    int championCalls = 0;
    int sameLabel = 0;
    double sumMeanAbs = 0.0;
    try (RoutedDeployment d = predictors.deploy(PRODUCTION,
        canaryOnly.withShadow(shadowUri).shadowQueueCapacity(customers))) {
      assertThat(d.challengerVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
      assertThat(d.shadowVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(3));
      for (int i = 0; i < customers; i++) {
        int r = i % 5;
        Prediction p = d.predict(row(r, "customer-" + i));
        Prediction alone = withoutShadow.get(i);
        assertThat(p.version()).as("customer-%d", i).isEqualTo(alone.version()).isIn(1, 2);
        assertThat(p.scores()).isEqualTo(alone.scores());
        assertThat(p.label()).isEqualTo(alone.label());
        FixturePredictionTest.assertScores(p.scores(), (p.version() == 1 ? v1 : v2).get(r));
        if (p.version() == 1) {
          championCalls++;
          sameLabel += argMax(v1.get(r)) == argMax(v2.get(r)) ? 1 : 0;
          double rowSum = 0.0;
          for (int c = 0; c < v1.get(r).size(); c++) {
            rowSum += Math.abs(v1.get(r).get(c) - v2.get(r).get(c));
          }
          sumMeanAbs += rowSum / v1.get(r).size();
        }
      }
      int compared = championCalls;
      awaitTrue(() -> d.shadowAgreement().compared() == compared, "all shadow comparisons");
      ShadowAgreement a = d.shadowAgreement();
      double canaryShare = (customers - championCalls) / (double) customers;
      System.out.printf("canary 0.2 + shadow v3 over %d sticky keys: canary answered %.4f; "
          + "shadow %s%n", customers, canaryShare, a);
      assertThat(canaryShare).isCloseTo(0.2, within(0.03));
      assertThat(a.compared()).as("only the champion's calls are shadowed")
          .isEqualTo(championCalls);
      assertThat(a.sameLabelRate()).isCloseTo(sameLabel / (double) championCalls, within(1e-9));
      assertThat(a.meanAbsoluteScoreDifference())
          .isCloseTo(sumMeanAbs / championCalls, within(1e-5));
      assertThat(a.dropped()).isZero();
      assertThat(a.errors()).isZero();

      assertThat(meters.get("mlops.routing.calls").tags("route", "champion", "version", "1")
          .counter().count()).isEqualTo(championCalls);
      assertThat(meters.get("mlops.routing.calls").tags("route", "challenger", "version", "2")
          .counter().count()).isEqualTo(customers - championCalls);
      assertThat(meters.find("mlops.routing.calls").tags("version", "3").counter())
          .as("the shadow never answers").isNull();
      assertThat(meters.get("mlops.shadow.compared").tags("challenger", shadowUri.toString())
          .functionCounter().count()).isEqualTo(championCalls);
      assertThat(meters.get("mlops.shadow.agreement").tags("challenger", shadowUri.toString())
          .gauge().value()).isEqualTo(a.sameLabelRate());
      assertThat(meters.get("mlops.predict.latency").tags("version", "3", "outcome", "success")
          .timer().count()).as("shadow calls are timed under the shadow's version")
          .isEqualTo(championCalls);
    }
  }

  @Test
  void aBatchThroughACanaryAndAShadowShadowsOnlyTheChampionsRows() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    try (RoutedDeployment d = predictors.deploy(PRODUCTION,
        Routing.canary(VERSION_2, 0.5).stickyBy(row -> row.get("customer_id"))
            .withShadow(ModelUri.version("churn", 1)))) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int k = 0; k < 40; k++) {
        batch.add(row(k % 5, "customer-" + k));
      }
      List<Prediction> answers = d.predictBatch(batch);
      long champion = answers.stream().filter(p -> p.version() == 1).count();
      assertThat(champion).isBetween(1L, 39L);
      awaitTrue(() -> d.shadowAgreement().compared() == champion, "the batch's comparisons");
      assertThat(d.shadowAgreement()).isEqualTo(new ShadowAgreement(champion, 1.0, 0.0, 0, 0));
    }
  }

  @Test
  void aShadowThatFailsToLoadLeavesTheCanaryServingAndIsReported() {
    deployV1AsProductionAndRegister("churn-v2.onnx");
    int broken = ChurnFixtures.register(registry, "churn", ChurnFixtures.unloadable(storage),
        ModelFormat.ONNX, ChurnFixtures.SIGNATURE).version();
    ModelUri brokenUri = ModelUri.version("churn", broken);
    List<ModelUri> failed = new CopyOnWriteArrayList<>();
    try (RoutedDeployment d = predictors.deploy(PRODUCTION,
        Routing.canary(VERSION_2, 1.0).withShadow(brokenUri))) {
      d.addListener(new DeploymentListener() {
        @Override
        public void onFailed(ModelUri attempted, RuntimeException cause) {
          failed.add(attempted);
        }
      });
      assertThat(failed).containsExactly(brokenUri);
      assertThat(d.shadowVersion()).isEmpty();
      assertThat(d.challengerVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
      assertThat(d.predict(row(0, "a")).version()).isEqualTo(2);
      assertThat(d.shadowAgreement()).isEqualTo(ShadowAgreement.NONE);
    }
  }

  @Test
  void aShadowIsAddedOnlyToACanaryRoutingAndItsQueueBoundNeedsAShadow() {
    ModelUri v3 = ModelUri.version("churn", 3);
    Routing both = Routing.canary(VERSION_2, 0.1).withShadow(v3).shadowQueueCapacity(5);
    assertThat(both.mode()).isEqualTo(Routing.Mode.CANARY);
    assertThat(both.challenger()).isEqualTo(VERSION_2);
    assertThat(both.shadowChallenger()).contains(v3);
    assertThat(both.shadowQueueCapacity()).isEqualTo(5);
    assertThat(both).hasToString("canary 0.1 to models:/churn/2, shadow to models:/churn/3 "
        + "(queue 5)");
    assertThat(Routing.shadow(v3).shadowChallenger()).contains(v3);
    assertThat(Routing.canary(VERSION_2, 0.1).shadowChallenger()).isEmpty();
    assertThatThrownBy(() -> Routing.shadow(v3).withShadow(VERSION_2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("withShadow applies to canary routing only");
    assertThatThrownBy(() -> both.withShadow(VERSION_2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("This canary routing already shadows models:/churn/3");
    assertThatThrownBy(() -> Routing.canary(VERSION_2, 0.1).shadowQueueCapacity(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shadowQueueCapacity applies to routing with a shadow challenger");
  }

  private void deployV1AsProductionAndRegister(String challengerFile) {
    ChurnFixtures.register(registry, "churn", "churn-v1.onnx");
    ChurnFixtures.register(registry, "churn", challengerFile);
    registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
  }

  private static Map<String, Object> row(int fixtureRow, String customer) {
    Map<String, Object> row = new LinkedHashMap<>(ChurnFixtures.rows().get(fixtureRow));
    row.put("customer_id", customer);
    return row;
  }

  private static int argMax(List<Double> values) {
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) > values.get(best)) {
        best = i;
      }
    }
    return best;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + PATIENCE + " waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
