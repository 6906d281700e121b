package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelFormatTest {

  @Test
  void theBuiltInFormatsInitialiseWithTheirIdentifiers() {
    // Touching a constant first is what broke when the validation pattern was declared after it.
    assertThat(ModelFormat.TORCHSCRIPT.id()).isEqualTo("torchscript");
    assertThat(ModelFormat.ONNX.id()).isEqualTo("onnx");
    assertThat(ModelFormat.DJL.id()).isEqualTo("djl");
  }

  @Test
  void formatsAreReadCaseInsensitivelyAndValidated() {
    assertThat(ModelFormat.of("ONNX")).isEqualTo(ModelFormat.ONNX);
    assertThatThrownBy(() -> ModelFormat.of("no spaces")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no spaces");
  }
}
