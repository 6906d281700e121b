package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.djl.internal.TabularNetDescription.Encoding;
import dev.mlops.djl.internal.TabularNetDescription.FeatureEncoding;
import dev.mlops.registry.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabularPreprocessorTest {

  private static final TabularPreprocessor PREPROCESSOR = new TabularPreprocessor(List.of(
      new FeatureEncoding("charges", DataType.FLOAT64, Encoding.STANDARDIZE, 50, 10, List.of()),
      new FeatureEncoding("contract", DataType.CATEGORICAL, Encoding.ONE_HOT, 0, 1,
          List.of("monthly", "yearly", "two_year")),
      new FeatureEncoding("support", DataType.BOOLEAN, Encoding.BOOLEAN, 0.25, 1, List.of())));

  @Test
  void numbersAreStandardisedCategoriesOneHotAndBooleansKept() {
    float[] raw = {70f, 2f, 1f};
    assertThat(PREPROCESSOR.width()).isEqualTo(5);
    assertThat(PREPROCESSOR.apply(raw, 1)).containsExactly(2f, 0f, 0f, 1f, 1f);
  }

  @Test
  void missingValuesBecomeTheTrainingMeanOrAnAllZeroOneHot() {
    float[] raw = {Float.NaN, Float.NaN, Float.NaN};
    assertThat(PREPROCESSOR.apply(raw, 1)).containsExactly(0f, 0f, 0f, 0f, 0.25f);
  }

  @Test
  void anInfiniteNumberAllowedByTheSchemaIsTreatedAsMissing() {
    float[] raw = {Float.POSITIVE_INFINITY, 0f, 0f};
    assertThat(PREPROCESSOR.apply(raw, 1)).containsExactly(0f, 1f, 0f, 0f, 0f);
  }

  @Test
  void rowsAreEncodedIndependently() {
    float[] raw = {40f, 0f, 0f, 60f, 1f, 1f};
    assertThat(PREPROCESSOR.apply(raw, 2))
        .containsExactly(-1f, 1f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 1f);
  }

  @Test
  void softmaxIsStableForLargeLogits() {
    float[] logits = {1000f, 1000f, 0f};
    TabularNetTranslator.softmaxInPlace(logits, 0, 3);
    assertThat(logits).containsExactly(0.5f, 0.5f, 0f);
  }
}
