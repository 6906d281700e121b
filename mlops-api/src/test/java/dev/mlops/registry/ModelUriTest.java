package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelUriTest {

  @Test
  void parsesAVersionUri() {
    ModelUri uri = ModelUri.parse("models:/churn/7");
    assertThat(uri.kind()).isEqualTo(ModelUri.Kind.VERSION);
    assertThat(uri.name()).isEqualTo("churn");
    assertThat(uri.version()).isEqualTo(7);
  }

  @Test
  void parsesAnAliasUri() {
    ModelUri uri = ModelUri.parse("models:/churn@production");
    assertThat(uri.kind()).isEqualTo(ModelUri.Kind.ALIAS);
    assertThat(uri.alias()).isEqualTo("production");
  }

  @Test
  void parsesTheLatestUri() {
    assertThat(ModelUri.parse("models:/churn/latest")).isEqualTo(ModelUri.latest("churn"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"models:/churn/7", "models:/churn@production", "models:/a.b_c-d/latest"})
  void printsTheCanonicalFormItParses(String text) {
    assertThat(ModelUri.parse(text)).hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"churn/7", "models:/churn", "models:/churn/0", "models:/churn/-1",
      "models:/churn/seven", "models:/../x/1", "models:/churn@", "models:/churn@latest",
      "models:/churn@123", "models://churn/1", "models:/churn/99999999999", "models:/ch urn/1"})
  void rejectsMalformedUrisNamingTheText(String text) {
    assertThatThrownBy(() -> ModelUri.parse(text))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessageContaining(text);
  }
}
