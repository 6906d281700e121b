package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigHashTest {

  @Test
  void equalConfigurationsHashEquallyWhateverTheirOrder() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("epochs", "10");
    one.put("lr", "0.1");
    Map<String, String> other = new TreeMap<>(java.util.Comparator.reverseOrder());
    other.putAll(one);

    assertThat(ConfigHash.of(one)).isEqualTo(ConfigHash.of(other)).matches("[0-9a-f]{64}");
  }

  @Test
  void anyChangedValueOrKeyChangesTheHash() {
    String base = ConfigHash.of(Map.of("epochs", "10", "lr", "0.1"));

    assertThat(ConfigHash.of(Map.of("epochs", "11", "lr", "0.1"))).isNotEqualTo(base);
    assertThat(ConfigHash.of(Map.of("epoch", "10", "lr", "0.1"))).isNotEqualTo(base);
    assertThat(ConfigHash.of(Map.of("epochs", "10"))).isNotEqualTo(base);
  }

  @Test
  void lengthPrefixesKeepKeyAndValueBoundariesApart() {
    assertThat(ConfigHash.of(Map.of("a", "bc"))).isNotEqualTo(ConfigHash.of(Map.of("ab", "c")));
  }
}
