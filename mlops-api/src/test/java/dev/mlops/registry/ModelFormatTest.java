package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelFormatTest {

  @Test
  void theBuiltInFormatsAreUsableAsSoonAsTheClassLoads() {
    assertThat(ModelFormat.ONNX.id()).isEqualTo("onnx");
    assertThat(ModelFormat.TORCHSCRIPT.id()).isEqualTo("torchscript");
    assertThat(ModelFormat.DJL.id()).isEqualTo("djl");
  }

  @Test
  void otherFormatsAreLowerCasedAndValidated() {
    assertThat(ModelFormat.of("XGBoost-JSON")).isEqualTo(new ModelFormat("xgboost-json"));
    assertThatThrownBy(() -> ModelFormat.of("../onnx")).isInstanceOf(IllegalArgumentException.class);
  }
}
