package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRegistriesTest {

  @Test
  void anUnknownSchemeIsAnErrorListingTheInstalledSchemes() {
    assertThatThrownBy(() -> ModelRegistries.open("s3://bucket/models"))
        .isInstanceOf(NoRegistryProviderException.class)
        .hasMessageContaining("'s3'")
        .hasMessageContaining("Installed: none");
  }

  @Test
  void aLocationWithoutSchemeIsRejected() {
    assertThatThrownBy(() -> ModelRegistries.open(URI.create("relative/path"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme");
  }

  @Test
  void redactingMasksThePasswordOfTheUserInfoAndOfPasswordParametersOnly() {
    assertThat(ModelRegistries.redact("jdbc:postgresql://app:s3cret@db:5432/mlops?ssl=true"))
        .isEqualTo("jdbc:postgresql://app:****@db:5432/mlops?ssl=true");
    assertThat(ModelRegistries.redact("jdbc:postgresql://db/mlops?user=app&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/mlops?user=app&password=****&ssl=true");
    assertThat(ModelRegistries.redact("jdbc:x://db/m;PASSWORD=s3cret;sslPassword=k3y"))
        .isEqualTo("jdbc:x://db/m;PASSWORD=****;sslPassword=****");
    // Not a URI: unescaped '@', '/' and spaces in the password are masked all the same.
    assertThat(ModelRegistries.redact("jdbc:postgresql://app:s3/c@r et@db/mlops"))
        .isEqualTo("jdbc:postgresql://app:****@db/mlops");
    for (String clean : new String[] {"file:/var/mlops", "jdbc:postgresql://db:5432/mlops?user=a@b",
        "jdbc:postgresql://app@db/mlops", "memory:test"}) {
      assertThat(ModelRegistries.redact(clean)).isEqualTo(clean);
    }
  }

  @Test
  void aLocationThatIsNotAUriIsRejectedWithoutQuotingItsPassword() {
    assertThatThrownBy(() -> ModelRegistries.open("jdbc:postgresql://app:s3 cret@db/mlops"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app:****@db")
        .hasMessageNotContaining("s3").hasNoCause();
  }
}
