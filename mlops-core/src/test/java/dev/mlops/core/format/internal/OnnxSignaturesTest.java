package dev.mlops.core.format.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxSignaturesTest {

  private static final OnnxModel COLUMNS =
      OnnxReader.read(OnnxReaderTest.fixture("columns-zipmap.onnx"));
  private static final OnnxModel MATRIX =
      OnnxReader.read(OnnxReaderTest.fixture("initializer-as-input.onnx"));

  @Test
  void aColumnGraphGivesScalarInputsAStrictEncodersCategoriesAndTheClassesOfItsOutputs() {
    ModelSignature s = OnnxSignatures.infer(COLUMNS).orElseThrow();

    assertThat(s.inputs()).containsExactly(FieldSpec.scalar("age", DataType.FLOAT32),
        FieldSpec.scalar("visits", DataType.INT64),
        FieldSpec.categorical("plan", List.of("basic", "pro")));
    assertThat(s.outputs()).containsExactly(
        FieldSpec.scalar("output_label", DataType.STRING).withCategories(List.of("stay", "churn")),
        FieldSpec.tensor("output_probability", DataType.FLOAT32, 2)
            .withCategories(List.of("stay", "churn")));
  }

  @Test
  void aMatrixGraphGivesTensorsWithItsShapes() {
    ModelSignature s = OnnxSignatures.infer(MATRIX).orElseThrow();

    assertThat(s.inputs()).containsExactly(FieldSpec.tensor("x", DataType.FLOAT32, -1, 2));
    assertThat(s.outputs()).containsExactly(FieldSpec.tensor("y", DataType.FLOAT32, -1, 2));
  }

  @Test
  void theInferredSignatureAndCompatibleTypesPassTheCheck() {
    ModelSignature inferred = OnnxSignatures.infer(COLUMNS).orElseThrow();
    List<FieldSpec> wider = new ArrayList<>(inferred.inputs());
    wider.set(0, FieldSpec.scalar("age", DataType.FLOAT64));
    wider.set(2, FieldSpec.scalar("plan", DataType.STRING));

    assertThatCode(() -> check(inferred, COLUMNS)).doesNotThrowAnyException();
    assertThatCode(() -> check(ModelSignature.of(wider, List.of()), COLUMNS))
        .doesNotThrowAnyException();
    assertThatCode(() -> check(ModelSignature.of(List.of(FieldSpec.scalar("a", DataType.FLOAT32),
        FieldSpec.scalar("b", DataType.FLOAT32)), List.of()), MATRIX)).doesNotThrowAnyException();
  }

  @Test
  void theFirstDifferenceIsNamed() {
    ModelSignature inferred = OnnxSignatures.infer(COLUMNS).orElseThrow();
    List<FieldSpec> inputs = inferred.inputs();

    assertRefused(ModelSignature.of(List.of(inputs.get(0), inputs.get(2)), List.of()), COLUMNS,
        "visits", "the graph's input 'visits' (tensor(int64)[N, 1]) is missing from the signature");
    List<FieldSpec> extra = new ArrayList<>(inputs);
    extra.add(FieldSpec.scalar("region", DataType.STRING));
    assertRefused(ModelSignature.of(extra, List.of()), COLUMNS, "region",
        "input 'region' is not an input of the graph, which takes [age, visits, plan]");
    assertRefused(ModelSignature.of(List.of(inputs.get(0), FieldSpec.scalar("visits",
        DataType.BOOLEAN), inputs.get(2)), List.of()), COLUMNS, "visits",
        "input 'visits': the graph takes tensor(int64)[N, 1] but the signature declares BOOLEAN");
    assertRefused(ModelSignature.of(inputs, List.of(FieldSpec.tensor("output_probability",
        DataType.FLOAT32, 2).withCategories(List.of("churn", "stay")))), COLUMNS,
        "output_probability", "output 'output_probability' lists the classes [churn, stay] but the"
            + " graph's output 'output_probability' has [stay, churn] (in that order)");
    assertRefused(ModelSignature.of(inputs, List.of(FieldSpec.scalar("p", DataType.FLOAT32))),
        COLUMNS, "p", "output 'p' is not an output of the graph, which returns [output_label,"
            + " output_probability]");
    assertRefused(ModelSignature.of(List.of(FieldSpec.scalar("a", DataType.FLOAT32)), List.of()),
        MATRIX, null, "the graph's input 'x' (tensor(float)[N, 2]) takes 2 columns but the"
            + " signature declares 1 features [a]");
    assertRefused(ModelSignature.of(List.of(FieldSpec.tensor("x", DataType.FLOAT32, -1, 3)),
        List.of()), MATRIX, "x", "input 'x': the graph takes tensor(float)[N, 2] but the"
            + " signature declares FLOAT32[-1, 3]");
  }

  private static void assertRefused(ModelSignature s, OnnxModel model, String field,
      String problem) {
    assertThatThrownBy(() -> check(s, model))
        .isInstanceOfSatisfying(InvalidSignatureException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.modelName()).isEqualTo("churn");
        })
        .hasMessage("Cannot register model 'churn': its signature does not match model.onnx: "
            + problem);
  }

  private static void check(ModelSignature s, OnnxModel model) {
    OnnxSignatures.check(s, model, "churn", "model.onnx");
  }
}
