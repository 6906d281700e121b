package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mlops.testkit.OnnxTestModels;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The testkit's generated multilayer perceptron is a real model: ONNX Runtime runs it, its rows are
 * probabilities, it is the same model for the same seed, and scoring rows together gives what
 * scoring them one at a time gives (what the micro-batching benchmark relies on).
 */
class MultilayerPerceptronModelTest {

  private static final float[][] ROWS = {
      {1f, 70.5f, 0f, 0f}, {24f, 45.25f, 1f, 1f}, {60f, 99.9f, 2f, 1f}, {0f, 0f, 0f, 0f}};

  @Test
  void theSameSeedWritesTheSameModelAndAnotherSeedAnotherOne() {
    byte[] first = OnnxTestModels.multilayerPerceptron(4, 16, 3, 3, 18);
    assertThat(OnnxTestModels.multilayerPerceptron(4, 16, 3, 3, 18)).isEqualTo(first);
    assertThat(OnnxTestModels.multilayerPerceptron(4, 16, 3, 3, 19)).isNotEqualTo(first);
  }

  @Test
  void onnxRuntimeScoresRowsAsProbabilitiesAndABatchAsItsRowsOneByOne() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] model = OnnxTestModels.multilayerPerceptron(4, 32, 8, 3, 18);
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
      float[][] together = run(env, session, ROWS);
      assertThat(together).hasNumberOfRows(ROWS.length);
      for (int r = 0; r < ROWS.length; r++) {
        assertThat(together[r]).hasSize(3);
        double sum = 0;
        for (float p : together[r]) {
          assertThat(p).isBetween(0f, 1f);
          sum += p;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        float[] alone = run(env, session, new float[][] {ROWS[r]})[0];
        for (int c = 0; c < 3; c++) {
          assertThat(alone[c]).isCloseTo(together[r][c], within(1e-6f));
        }
      }
      // Not a constant: different customers get different probabilities.
      assertThat(together[0][0]).isNotEqualTo(together[2][0]);
    }
  }

  @Test
  void sizesOutOfRangeAreRefusedNamingThem() {
    assertThatThrownBy(() -> OnnxTestModels.multilayerPerceptron(4, 16, 0, 3, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4, 16, 0, 3");
    assertThatThrownBy(() -> OnnxTestModels.multilayerPerceptron(4, 1 << 14, 2, 3, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("268550144 weights");
  }

  private static float[][] run(OrtEnvironment env, OrtSession session, float[][] rows)
      throws Exception {
    FloatBuffer input = FloatBuffer.allocate(rows.length * 4);
    for (float[] row : rows) {
      input.put(row);
    }
    input.flip();
    try (OnnxTensor x = OnnxTensor.createTensor(env, input, new long[] {rows.length, 4});
        OrtSession.Result result = session.run(Map.of(OnnxTestModels.INPUT, x))) {
      return (float[][]) result.get(0).getValue();
    }
  }
}
