package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.TrainingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TabularDatasetTest {

  private static final List<FieldSpec> FEATURES = List.of(
      FieldSpec.scalar("x", DataType.FLOAT64),
      FieldSpec.scalar("n", DataType.INT32),
      FieldSpec.scalar("big", DataType.INT64).asOptional(),
      FieldSpec.scalar("f", DataType.FLOAT32),
      FieldSpec.scalar("flag", DataType.BOOLEAN),
      FieldSpec.categorical("plan", List.of("basic", "pro")),
      FieldSpec.scalar("note", DataType.STRING).asOptional());
  private static final FieldSpec LABEL = FieldSpec.categorical("label", List.of());

  private static Map<String, Object> row(double x, int n) {
    Map<String, Object> row = new HashMap<>();
    row.put("x", x);
    row.put("n", n);
    row.put("f", 0.1);
    row.put("flag", true);
    row.put("plan", "pro");
    return row;
  }

  @Test
  void storesEachValueInTheCanonicalJavaTypeOfItsColumn() {
    Map<String, Object> row = new HashMap<>();
    row.put("x", 3);
    row.put("n", 7.0);
    row.put("big", 5);
    row.put("f", 0.1);
    row.put("flag", false);
    row.put("plan", "basic");
    TabularDataset data = TabularDataset.builder(FEATURES, LABEL).addRow(row, "a").build();

    Map<String, Object> stored = data.features(0);
    assertThat(stored.keySet()).containsExactly("x", "n", "big", "f", "flag", "plan", "note");
    assertThat(stored.get("x")).isEqualTo(3.0);
    assertThat(stored.get("n")).isEqualTo(7);
    assertThat(stored.get("big")).isEqualTo(5L);
    assertThat(stored.get("f")).isEqualTo((double) 0.1f);
    assertThat(stored.get("flag")).isEqualTo(false);
    assertThat(stored.get("plan")).isEqualTo("basic");
    assertThat(stored.get("note")).isNull();
    assertThat(data.target(0)).isEqualTo("a");
  }

  @Test
  void aClassificationTargetWithoutCategoriesTakesTheSortedClassesOfItsRows() {
    TabularDataset data = TabularDataset.builder(FEATURES, LABEL)
        .addRow(row(1, 1), "yes").addRow(row(2, 2), "no").addRow(row(3, 3), "maybe").build();

    assertThat(data.classes()).containsExactly("maybe", "no", "yes");
    assertThat(data.target().categories()).containsExactly("maybe", "no", "yes");
    assertThat(data.classification()).isTrue();
  }

  @Test
  void aRegressionTargetComesBackAsADouble() {
    TabularDataset data = TabularDataset.builder(
            List.of(FieldSpec.scalar("x", DataType.FLOAT64)), FieldSpec.scalar("y", DataType.INT32))
        .addRow(Map.of("x", 1.0), 4)
        .build();

    assertThat(data.target(0)).isEqualTo(4.0);
    assertThat(data.classification()).isFalse();
  }

  @Test
  void aSubsetHasTheChosenRowsInTheChosenOrderAndKeepsEveryClass() {
    TabularDataset data = TabularDataset.builder(FEATURES, LABEL)
        .addRow(row(1, 1), "a").addRow(row(2, 2), "b").addRow(row(3, 3), "c").build();

    TabularDataset subset = data.subset(new int[] {2, 0, 2});

    assertThat(subset.size()).isEqualTo(3);
    assertThat(subset.features(0).get("x")).isEqualTo(3.0);
    assertThat(subset.features(1).get("x")).isEqualTo(1.0);
    assertThat(subset.target(2)).isEqualTo("c");
    assertThat(subset.classes()).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> data.subset(new int[] {3}))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rowsAreUnmodifiable() {
    TabularDataset data = TabularDataset.builder(FEATURES, LABEL).addRow(row(1, 1), "a").build();

    assertThatThrownBy(() -> data.features(0).put("x", 2.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> data.features(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theFingerprintDependsOnTheSchemaAsWellAsTheValues() {
    Map<String, Object> row = Map.of("x", 1.0);
    TabularDataset asFloat = TabularDataset.builder(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64)), LABEL).addRow(row, "a").build();
    TabularDataset optional = TabularDataset.builder(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64).asOptional()), LABEL)
        .addRow(row, "a").build();
    TabularDataset renamed = TabularDataset.builder(
        List.of(FieldSpec.scalar("x", DataType.FLOAT64)), FieldSpec.categorical("y", List.of()))
        .addRow(row, "a").build();

    assertThat(asFloat.fingerprint()).matches("[0-9a-f]{64}");
    assertThat(asFloat.fingerprint())
        .isNotEqualTo(optional.fingerprint())
        .isNotEqualTo(renamed.fingerprint());
  }

  @Test
  void theFingerprintIsTheSameWhateverJavaTypeEqualNumbersWereGivenAs() {
    List<FieldSpec> features = List.of(FieldSpec.scalar("x", DataType.FLOAT64),
        FieldSpec.scalar("n", DataType.INT64));
    TabularDataset boxedInts = TabularDataset.builder(features, LABEL)
        .addRow(Map.of("x", 2, "n", 3), "a").build();
    TabularDataset doubles = TabularDataset.builder(features, LABEL)
        .addRow(Map.of("x", 2.0, "n", 3.0), "a").build();

    assertThat(boxedInts.fingerprint()).isEqualTo(doubles.fingerprint());
  }

  @Nested
  class RejectsRowsThatBreakTheSchema {

    private TabularDataset.Builder builder() {
      return TabularDataset.builder(FEATURES, LABEL).addRow(row(1, 1), "a");
    }

    @Test
    void aValueOfTheWrongTypeNamingTheRowAndFeature() {
      Map<String, Object> bad = row(1, 1);
      bad.put("x", "tall");
      assertThatThrownBy(() -> builder().addRow(bad, "a"))
          .isInstanceOf(TrainingException.class)
          .hasMessageContaining("Row 1, feature 'x'")
          .hasMessageContaining("String 'tall'");
    }

    @Test
    void aColumnTheSchemaDoesNotHave() {
      Map<String, Object> bad = row(1, 1);
      bad.put("height", 3.0);
      assertThatThrownBy(() -> builder().addRow(bad, "a"))
          .isInstanceOf(TrainingException.class)
          .hasMessageContaining("Row 1 has 'height', which is not a feature");
    }

    @Test
    void aMissingRequiredValue() {
      Map<String, Object> bad = row(1, 1);
      bad.remove("n");
      assertThatThrownBy(() -> builder().addRow(bad, "a"))
          .hasMessageContaining("Row 1, feature 'n': no value, but the feature is required");
    }

    @Test
    void aCategoryOutsideTheAllowedOnes() {
      Map<String, Object> bad = row(1, 1);
      bad.put("plan", "gold");
      assertThatThrownBy(() -> builder().addRow(bad, "a"))
          .hasMessageContaining("Row 1, feature 'plan': 'gold' is not one of the categories");
    }

    @Test
    void aNonFiniteNumberUnlessTheFieldAllowsIt() {
      Map<String, Object> bad = row(Double.NaN, 1);
      assertThatThrownBy(() -> builder().addRow(bad, "a"))
          .hasMessageContaining("Row 1, feature 'x': the value NaN is not allowed");

      TabularDataset allowed = TabularDataset.builder(
              List.of(FieldSpec.scalar("x", DataType.FLOAT64).allowingNonFinite()), LABEL)
          .addRow(Map.of("x", Double.NaN), "a").build();
      assertThat((Double) allowed.features(0).get("x")).isNaN();
    }

    @Test
    void aFractionInAnIntegerColumnAndAnIntegerOutOfRange() {
      Map<String, Object> fraction = row(1, 1);
      fraction.put("n", 1.5);
      assertThatThrownBy(() -> builder().addRow(fraction, "a"))
          .hasMessageContaining("Row 1, feature 'n': '1.5' is not a whole number");
      Map<String, Object> big = row(1, 1);
      big.put("n", 1L << 40);
      assertThatThrownBy(() -> builder().addRow(big, "a"))
          .hasMessageContaining("is out of range for INT32");
    }

    @Test
    void aMissingOrMistypedTarget() {
      assertThatThrownBy(() -> builder().addRow(row(1, 1), 3))
          .hasMessageContaining("Row 1, target 'label': got Integer '3'");
      TabularDataset.Builder regression = TabularDataset.builder(
          List.of(FieldSpec.scalar("x", DataType.FLOAT64)), FieldSpec.scalar("y", DataType.FLOAT64));
      assertThatThrownBy(() -> regression.addRow(Map.of("x", 1.0), Double.POSITIVE_INFINITY))
          .hasMessageContaining("Row 0, target 'y': the value Infinity is not allowed");
    }

    @Test
    void aRejectedRowIsNotAdded() {
      TabularDataset.Builder builder = builder();
      Map<String, Object> bad = row(1, 1);
      bad.put("plan", "gold");
      assertThatThrownBy(() -> builder.addRow(bad, "a")).isInstanceOf(TrainingException.class);

      assertThat(builder.size()).isEqualTo(1);
      assertThat(builder.build().size()).isEqualTo(1);
    }
  }

  @Nested
  class RejectsInvalidSchemas {

    @Test
    void duplicateOrMissingFeatures() {
      FieldSpec x = FieldSpec.scalar("x", DataType.FLOAT64);
      assertThatThrownBy(() -> TabularSchema.of(List.of(x, x), LABEL))
          .hasMessageContaining("Two features are named 'x'");
      assertThatThrownBy(() -> TabularSchema.of(List.of(), LABEL))
          .hasMessageContaining("at least one feature");
    }

    @Test
    void aTargetThatIsAlsoAFeatureOrCannotBeALabel() {
      FieldSpec x = FieldSpec.scalar("x", DataType.FLOAT64);
      assertThatThrownBy(() -> TabularSchema.of(List.of(x), x))
          .hasMessageContaining("is also a feature");
      assertThatThrownBy(() -> TabularSchema.of(List.of(x), FieldSpec.scalar("y", DataType.STRING)))
          .hasMessageContaining("use CATEGORICAL for classification");
      assertThatThrownBy(() -> TabularSchema.of(List.of(x), LABEL.asOptional()))
          .hasMessageContaining("must be required");
    }

    @Test
    void tensorColumns() {
      assertThatThrownBy(() -> TabularSchema.of(
              List.of(FieldSpec.tensor("pixels", DataType.FLOAT32, 28, 28)), LABEL))
          .hasMessageContaining("tabular columns are scalars");
    }
  }
}
