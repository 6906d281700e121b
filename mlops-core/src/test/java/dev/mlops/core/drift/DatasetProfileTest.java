package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetProfileTest {

  private static DatasetProfile sampleProfile() {
    Random random = new Random(3);
    double[] age = new double[2_000];
    String[] plan = new String[2_000];
    for (int i = 0; i < age.length; i++) {
      age[i] = i % 50 == 0 ? Double.NaN : 20 + 40 * random.nextDouble();
      plan[i] = i % 70 == 0 ? null : random.nextBoolean() ? "basic" : "pro";
    }
    return DatasetProfile.of(
        DataTable.builder()
            .numeric("age", age)
            .categorical("plan", Arrays.asList(plan))
            .numeric("children", new Random(4).ints(2_000, 0, 4).asDoubleStream().toArray())
            .build());
  }

  @Test
  void profilingATableSummarisesEveryColumn() {
    DatasetProfile profile = sampleProfile();

    assertThat(profile.rows()).isEqualTo(2_000);
    assertThat(profile.features()).containsExactly("age", "plan", "children");
    assertThat(profile.numeric("age").count()).isEqualTo(1_960);
    assertThat(profile.numeric("age").missing()).isEqualTo(40);
    assertThat(profile.categorical("plan").missing()).isEqualTo(29);
    assertThat(profile.numeric("children").valueCounts()).hasValueSatisfying(
        counts -> assertThat(counts).containsOnlyKeys(0.0, 1.0, 2.0, 3.0));
  }

  @Test
  void rowsAreProfiledOneByOneWithAbsentValuesCountedAsMissing() {
    DatasetProfile profile = DatasetProfile.builder().numeric("age").categorical("plan").build();
    profile.update(Map.of("age", 42, "plan", "pro"));
    profile.update(Map.of("age", 30.5));
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("age", null);
    withNull.put("plan", true);
    profile.update(withNull);

    assertThat(profile.rows()).isEqualTo(3);
    assertThat(profile.numeric("age").count()).isEqualTo(2);
    assertThat(profile.numeric("age").missing()).isEqualTo(1);
    assertThat(profile.categorical("plan").counts())
        .containsExactly(entry("pro", 1L), entry("true", 1L));
    assertThat(profile.categorical("plan").missing()).isEqualTo(1);
  }

  @Test
  void aRowWithTextForANumericFeatureIsRejectedAndNotAdded() {
    DatasetProfile profile = DatasetProfile.builder().numeric("age").categorical("plan").build();

    assertThatThrownBy(() -> profile.update(Map.of("age", "forty", "plan", "pro")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("age")
        .hasMessageContaining("forty");
    assertThat(profile.rows()).isZero();
    assertThat(profile.categorical("plan").count()).isZero();
  }

  @Test
  void mergingProfilesOfDifferentFeaturesIsRejectedAndChangesNothing() {
    DatasetProfile profile = sampleProfile();
    DatasetProfile other = DatasetProfile.builder().numeric("age").build();

    assertThatThrownBy(() -> profile.merge(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plan");
    assertThat(profile.rows()).isEqualTo(2_000);
  }

  @Test
  void mergingProfilesWhoseFeatureKindsDifferIsRejected() {
    DatasetProfile numeric = DatasetProfile.builder().numeric("x").build();
    DatasetProfile categorical = DatasetProfile.builder().categorical("x").build();

    assertThatThrownBy(() -> numeric.merge(categorical))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' is numeric in one and categorical in the other");
  }

  @Test
  void bytesRoundTripToAnEqualProfile() {
    DatasetProfile profile = sampleProfile();

    DatasetProfile restored = DatasetProfile.fromBytes(profile.toBytes());

    assertThat(restored.toBytes()).isEqualTo(profile.toBytes());
    assertThat(restored.rows()).isEqualTo(profile.rows());
    assertThat(restored.numeric("age").quantile(0.3)).isEqualTo(profile.numeric("age").quantile(0.3));
    assertThat(restored.categorical("plan").counts()).isEqualTo(profile.categorical("plan").counts());
  }

  @Test
  void jsonRoundTripsToAnEqualProfile() {
    DatasetProfile profile = sampleProfile();

    String json = profile.toJson();
    DatasetProfile restored = DatasetProfile.fromJson(json);

    assertThat(json).contains("\"format\":\"mlops.dataset-profile\"", "\"kll-doubles\"");
    assertThat(restored.toBytes()).isEqualTo(profile.toBytes());
    assertThat(restored.toJson()).isEqualTo(json);
  }

  @Test
  void anEmptyProfileRoundTripsThroughJsonWithNullStatistics() {
    DatasetProfile profile = DatasetProfile.builder().numeric("x").categorical("c").build();

    String json = profile.toJson();

    assertThat(json).contains("\"min\":null");
    assertThat(DatasetProfile.fromJson(json).toBytes()).isEqualTo(profile.toBytes());
  }

  @Test
  void bytesThatAreNotAProfileAreRejectedWithAClearMessage() {
    assertThatThrownBy(() -> DatasetProfile.fromBytes("hello".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("not a dataset profile");
  }

  @Test
  void truncatedBytesAreRejectedAsCorrupt() {
    byte[] bytes = sampleProfile().toBytes();

    assertThatThrownBy(() -> DatasetProfile.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void corruptJsonIsRejectedNamingWhatIsWrong() {
    String json = sampleProfile().toJson().replace("\"sumSquaredDeviations\"", "\"renamed\"");

    assertThatThrownBy(() -> DatasetProfile.fromJson(json))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("sumSquaredDeviations");
    assertThatThrownBy(() -> DatasetProfile.fromJson("{\"format\":\"something else\"}"))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("not a dataset profile");
  }

  @Test
  void aCopyIsIndependentOfTheOriginal() {
    DatasetProfile profile = sampleProfile();
    DatasetProfile copy = profile.copy();
    copy.update(Map.of("age", 1.0));

    assertThat(profile.rows()).isEqualTo(2_000);
    assertThat(copy.rows()).isEqualTo(2_001);
  }
}
