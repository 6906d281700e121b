package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StickyHashTest {

  @Test
  void keysMapToTheSamePointsAsAnIndependentImplementationComputed() {
    // Reference values from a Python transcription of FNV-1a 64 + SplitMix64 (see the class doc):
    // the points depend on the key's text only, never on the JVM.
    assertThat(StickyHash.unitInterval("customer-42")).isEqualTo(0.875649576901015);
    assertThat(StickyHash.unitInterval("")).isEqualTo(0.9576734252420561);
    assertThat(StickyHash.unitInterval("Zürich")).isEqualTo(0.7748806033479533);
    assertThat(StickyHash.unitInterval(42)).isEqualTo(StickyHash.unitInterval("42"))
        .isEqualTo(0.6412476497799496);
  }

  @Test
  void consecutiveKeysSpreadEvenlyOverTheUnitInterval() {
    int[] deciles = new int[10];
    int keys = 100_000;
    for (int i = 0; i < keys; i++) {
      double p = StickyHash.unitInterval("customer-" + i);
      assertThat(p).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      deciles[(int) (p * 10)]++;
    }
    for (int d = 0; d < 10; d++) {
      // Binomial standard deviation is about 95 keys per decile; allow over 5 of them.
      assertThat((double) deciles[d]).as("decile %d", d).isCloseTo(keys / 10.0, within(500.0));
    }
  }
}
