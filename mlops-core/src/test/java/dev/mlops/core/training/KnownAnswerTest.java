package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The config hash and the dataset fingerprint are recorded in every version's lineage and compared
 * across releases, so their encodings (docs/training.md) must never change silently. The expected
 * values were computed from the documented encodings by {@code known_answers.py}, beside this file,
 * with Python's hashlib, not by the code under test.
 */
class KnownAnswerTest {

  @Test
  void theConfigHashOfNoEntriesIsTheHashOfTheHeaderAlone() {
    // Also: printf '\x00\x00\x00\x0emlops-config/1' | sha256sum
    assertThat(ConfigHash.of(Map.of()))
        .isEqualTo("90d0fdbddd77b4c8ccac1b7a525de2093ecb71bcee4027608cdf879ca7c0eb41");
  }

  @Test
  void theConfigHashOfARunMatchesTheDocumentedEncoding() {
    Map<String, String> config = new HashMap<>();
    config.put("model", "gradient-descent");
    config.put("epochs", "20");
    config.put("learning_rate", "0.05");
    config.put("note", "café ☕");
    config.put("Zeta", "upper case sorts first");
    config.put("pipeline.holdout_fraction", "0.2");
    config.put("pipeline.seed", "42");
    config.put("pipeline.trainer", "dev.mlops.core.training.GradientDescentTrainer");
    assertThat(ConfigHash.of(config))
        .isEqualTo("939a7758bbf7d4a5fe1b20cc9f5e4eaa0b02a63f0c54d3b5f460c3cac4607081");
  }

  @Test
  void theFingerprintOfAClassificationDatasetWithEveryKindOfValueMatchesTheDocumentedEncoding() {
    List<FieldSpec> features = List.of(
        FieldSpec.scalar("age", DataType.FLOAT64).allowingNonFinite(),
        FieldSpec.scalar("score", DataType.FLOAT32).asOptional(),
        FieldSpec.scalar("calls", DataType.INT32),
        FieldSpec.scalar("bytes", DataType.INT64),
        FieldSpec.scalar("active", DataType.BOOLEAN).asOptional(),
        FieldSpec.scalar("city", DataType.STRING),
        FieldSpec.categorical("plan", List.of("basic", "pro")));
    TabularDataset data = TabularDataset.builder(features, FieldSpec.categorical("churn", List.of("no", "yes")))
        .addRow(Map.of("age", 42.5, "score", 0.1, "calls", 3, "bytes", 5_000_000_000L, "active", true,
            "city", "Zürich", "plan", "pro"), "yes")
        // missing optional values; a NaN (canonical bits); negative integers; non-ASCII text
        .addRow(Map.of("age", Double.NaN, "calls", -7, "bytes", -1L, "city", "東京", "plan", "basic"), "no")
        .addRow(Map.of("age", -0.0, "score", 2.5, "calls", 0, "bytes", 0L, "active", false, "city", "",
            "plan", "pro"), "yes")
        .build();
    assertThat(data.fingerprint())
        .isEqualTo("a512640e112e0341a5bba3a3012f8c931d353c9ed664980b185e52674c9de54e");
  }

  @Test
  void theFingerprintOfARegressionDatasetMatchesTheDocumentedEncoding() {
    TabularDataset data = TabularDataset.builder(List.of(FieldSpec.scalar("x", DataType.FLOAT64)),
            FieldSpec.scalar("y", DataType.FLOAT64))
        .addRow(Map.of("x", 1.0), 0.5)
        .addRow(Map.of("x", 1e300), -2.25)
        .build();
    assertThat(data.fingerprint())
        .isEqualTo("784900c818d1ea9c4175238a651379ac8a125197f6f5f63ced9714b808b558fa");
  }
}
