package dev.mlops.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionFieldsTest {

  private static final List<FieldSpec> INPUTS = List.of(FieldSpec.scalar("x", DataType.FLOAT32));

  @Test
  void aLabelKeepsItsNameAndScoresWithClassesBecomeOneFieldPerClass() {
    PredictionFields f = PredictionFields.of(ModelSignature.of(INPUTS, List.of(
        FieldSpec.scalar("output_label", DataType.INT64).withCategories(List.of("0", "1")),
        FieldSpec.tensor("output_probability", DataType.FLOAT32, 2)
            .withCategories(List.of("0", "1")))));

    assertThat(f.names()).containsExactly("output_label", "output_probability_0",
        "output_probability_1");
    assertThat(f.labelOutput().name()).isEqualTo("output_label");
    assertThat(f.scoreOutput().name()).isEqualTo("output_probability");
  }

  @Test
  void withoutClassesTheClassIsTheColumnIndexAndASingleScoreKeepsItsName() {
    assertThat(PredictionFields.of(ModelSignature.of(INPUTS,
        List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, -1, 3)))).names())
        .containsExactly("probabilities_0", "probabilities_1", "probabilities_2");
    assertThat(PredictionFields.of(ModelSignature.of(INPUTS,
        List.of(FieldSpec.tensor("variable", DataType.FLOAT32, 1)))).names())
        .containsExactly("variable");
    assertThat(PredictionFields.of(ModelSignature.of(INPUTS, List.of())).names()).isEmpty();
  }

  @Test
  void outputsAreOrderedImmutableAndCheckedAgainstTheFields() {
    PredictionFields f = PredictionFields.of(ModelSignature.of(INPUTS, List.of(
        FieldSpec.tensor("p", DataType.FLOAT32, 2).withCategories(List.of("b", "a")))));

    Map<String, Object> outputs = f.outputs(List.of(0.25, 0.75), null);

    assertThat(List.copyOf(outputs.keySet())).containsExactly("p_b", "p_a");
    assertThat(outputs).containsEntry("p_a", 0.75).isEqualTo(Map.of("p_b", 0.25, "p_a", 0.75));
    assertThatThrownBy(() -> outputs.put("p_c", 1.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRowOfABatchReadsItsOwnScoresAndIsImmutable() {
    double[] batch = {0.1, 0.9, 0.6, 0.4};
    List<Double> second = PredictionFields.scores(batch, 1, 2);

    assertThat(second).containsExactly(0.6, 0.4).isEqualTo(List.of(0.6, 0.4));
    assertThat(second.hashCode()).isEqualTo(List.of(0.6, 0.4).hashCode());
    assertThatThrownBy(() -> second.set(0, 1.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> second.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> PredictionFields.scores(batch, 2, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    Prediction p = new Prediction("id", "m", 1, second, null, Duration.ZERO);
    assertThat(p.scores()).isSameAs(second);
  }

  @Test
  void aLabelAndClassScoresAreReadFromTheRowAndAMissingLabelIsLeftOut() {
    PredictionFields f = PredictionFields.of(ModelSignature.of(INPUTS, List.of(
        FieldSpec.scalar("output_label", DataType.INT64),
        FieldSpec.tensor("output_probability", DataType.FLOAT32, 2)
            .withCategories(List.of("0", "1")))));
    List<Double> row = PredictionFields.scores(new double[] {0.3, 0.7}, 0, 2);

    assertThat(f.outputs(row, 1L)).containsExactly(Map.entry("output_label", 1L),
        Map.entry("output_probability_0", 0.3), Map.entry("output_probability_1", 0.7));
    assertThat(f.outputs(row, null)).containsExactly(Map.entry("output_probability_0", 0.3),
        Map.entry("output_probability_1", 0.7));
    assertThat(PredictionFields.of(ModelSignature.of(INPUTS, List.of())).outputs(row, null))
        .containsExactly(Map.entry("score_0", 0.3), Map.entry("score_1", 0.7));
    assertThat(PredictionFields.of(ModelSignature.of(INPUTS,
        List.of(FieldSpec.tensor("p", DataType.FLOAT32, -1, -1)))).outputs(row, null))
        .containsExactly(Map.entry("p_0", 0.3), Map.entry("p_1", 0.7));
  }

  @Test
  void aPredictionKeepsTheOrderOfAnyOutputMapItIsGiven() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("z", 1.0);
    given.put("a", "yes");
    Prediction p = new Prediction("id", "m", 1, List.of(1.0), "yes", Duration.ZERO, given);
    given.put("b", 2.0);

    assertThat(List.copyOf(p.outputs().keySet())).containsExactly("z", "a");
    assertThat(new Prediction("id", "m", 1, List.of(1.0), null, Duration.ZERO).outputs()).isEmpty();
  }
}
