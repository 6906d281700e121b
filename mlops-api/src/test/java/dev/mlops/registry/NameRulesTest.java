package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"churn", "Churn-v2", "a", "9lives", "x.y_z-1"})
  void acceptsNamesOfLettersDigitsDotsUnderscoresAndHyphens(String name) {
    assertThat(NameRules.checkModelName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", ".hidden", "-x", "a/b", "a\\b", "/abs", "a b", "é"})
  void rejectsNamesThatCouldEscapeTheRootOrAreMalformed(String name) {
    assertThatThrownBy(() -> NameRules.checkModelName(name))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("model name");
  }

  @Test
  void rejectsNamesLongerThan128Characters() {
    assertThat(NameRules.checkModelName("a".repeat(128))).hasSize(128);
    assertThatThrownBy(() -> NameRules.checkModelName("a".repeat(129)))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void reservesLatestAndAllDigitAliases() {
    assertThatThrownBy(() -> NameRules.checkAlias("latest")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> NameRules.checkAlias("42")).hasMessageContaining("digits");
    assertThat(NameRules.checkAlias("production")).isEqualTo("production");
  }
}
