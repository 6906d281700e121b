package dev.mlops.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  private final ConfusionMatrix matrix =
      new ConfusionMatrix(List.of("cat", "dog"), new long[][] {{12, 3}, {0, 105}});

  @Test
  void countsAreIndexedByActualThenPredictedClass() {
    assertThat(matrix.count("cat", "dog")).isEqualTo(3);
    assertThat(matrix.count("dog", "cat")).isZero();
    assertThat(matrix.total()).isEqualTo(120);
  }

  @Test
  void printsAsASmallAlignedTable() {
    assertThat(matrix.toString())
        .isEqualTo(
            "actual \\ predicted  cat  dog\n"
                + "cat                  12    3\n"
                + "dog                   0  105\n");
  }

  @Test
  void isImmutable() {
    long[][] counts = {{1, 2}, {3, 4}};
    ConfusionMatrix copy = new ConfusionMatrix(List.of("a", "b"), counts);
    counts[0][0] = 99;
    copy.counts()[1][1] = 99;

    assertThat(copy.count("a", "a")).isEqualTo(1);
    assertThat(copy.count("b", "b")).isEqualTo(4);
    assertThat(copy)
        .isEqualTo(new ConfusionMatrix(List.of("a", "b"), new long[][] {{1, 2}, {3, 4}}));
  }

  @Test
  void anUnknownClassIsRejectedByName() {
    assertThatThrownBy(() -> matrix.count("cat", "bird"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bird'")
        .hasMessageContaining("cat, dog");
  }

  @Test
  void countsMustBeSquareAndNonNegative() {
    assertThatThrownBy(() -> new ConfusionMatrix(List.of("a", "b"), new long[][] {{1, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 rows");
    assertThatThrownBy(() -> new ConfusionMatrix(List.of("a", "b"), new long[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class 'b'");
    assertThatThrownBy(
            () -> new ConfusionMatrix(List.of("a", "b"), new long[][] {{1, -2}, {3, 4}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-2");
  }
}
