package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class CategoricalProfileTest {

  @Test
  void countsEachCategoryAndMissingValues() {
    CategoricalProfile profile = CategoricalProfile.create("plan");
    profile.update("basic");
    profile.update("pro");
    profile.update("basic");
    profile.update(null);

    assertThat(profile.counts()).containsExactly(entry("basic", 2L), entry("pro", 1L));
    assertThat(profile.count()).isEqualTo(3);
    assertThat(profile.missing()).isEqualTo(1);
    assertThat(profile.isExact()).isTrue();
  }

  @Test
  void categoriesBeyondTheBoundGoToTheOtherBucket() {
    CategoricalProfile profile = CategoricalProfile.create("zip", 2);
    profile.update("a");
    profile.update("b");
    profile.update("c");
    profile.update("a");
    profile.update("d", 3);

    assertThat(profile.counts()).containsOnlyKeys("a", "b");
    assertThat(profile.other()).isEqualTo(4);
    assertThat(profile.count()).isEqualTo(7);
    assertThat(profile.isExact()).isFalse();
  }

  @Test
  void mergingWithinTheBoundIsExact() {
    CategoricalProfile left = CategoricalProfile.create("plan");
    CategoricalProfile right = CategoricalProfile.create("plan");
    left.update("basic", 5);
    right.update("basic", 2);
    right.update("pro", 4);
    right.update(null, 3);

    left.merge(right);

    assertThat(left.counts()).containsExactly(entry("basic", 7L), entry("pro", 4L));
    assertThat(left.count()).isEqualTo(11);
    assertThat(left.missing()).isEqualTo(3);
  }

  @Test
  void mergingBeyondTheBoundKeepsTheMostFrequentCategories() {
    CategoricalProfile left = CategoricalProfile.create("zip", 2);
    CategoricalProfile right = CategoricalProfile.create("zip", 2);
    left.update("a", 1);
    left.update("b", 10);
    right.update("c", 5);
    right.update("d", 5);

    left.merge(right);

    assertThat(left.counts()).containsExactly(entry("b", 10L), entry("c", 5L));
    assertThat(left.other()).isEqualTo(6);
    assertThat(left.count()).isEqualTo(21);
  }

  @Test
  void aBoundBelowOneIsRejected() {
    assertThatThrownBy(() -> CategoricalProfile.create("plan", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plan");
  }
}
