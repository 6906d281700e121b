package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamDetectorsTest {

  @Test
  void aValueThatDoesNotParseNamesTheParameter() {
    assertThatThrownBy(() -> StreamDetectors.create("kswin", Map.of("seed", "abc")))
        .isInstanceOf(CliException.class).hasMessage("Parameter seed must be an integer, not 'abc'");
    assertThatThrownBy(() -> StreamDetectors.create("adwin", Map.of("delta", "x")))
        .isInstanceOf(CliException.class).hasMessageContaining("Parameter delta must be a number, not 'x'");
  }
}
