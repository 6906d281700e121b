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
  void redactingMasksTheUserInfoPasswordAndPasswordParameters() {
    assertThat(ModelRegistries.redact(URI.create("jdbc:postgresql://ci:s3cr@t@db:5432/mlops?ssl=true")))
        .isEqualTo("jdbc:postgresql://ci:***@db:5432/mlops?ssl=true");
    assertThat(ModelRegistries.redact(
        URI.create("jdbc:postgresql://db/mlops?user=ci&password=s3cret&sslPassword=k3y&schema=x")))
        .isEqualTo("jdbc:postgresql://db/mlops?user=ci&password=***&sslPassword=***&schema=x");
  }

  @Test
  void redactingLeavesLocationsWithoutPasswordsAlone() {
    for (String location : new String[] {"file:/var/mlops", "jdbc:postgresql://ci@db/mlops",
        "jdbc:postgresql://[::1]:5432/mlops", "memory:test"}) {
      assertThat(ModelRegistries.redact(URI.create(location))).isEqualTo(location);
    }
  }

  @Test
  void redactingTextThatIsNotAUriMasksPasswordsAllTheSame() {
    assertThat(ModelRegistries.redact("jdbc:x://db/m;PASSWORD=s3cret;sslPassword=k3y"))
        .isEqualTo("jdbc:x://db/m;PASSWORD=***;sslPassword=***");
    // unescaped '@', '/' and spaces in the password
    assertThat(ModelRegistries.redact("jdbc:postgresql://app:s3/c@r et@db/mlops"))
        .isEqualTo("jdbc:postgresql://app:***@db/mlops");
    for (String clean : new String[] {"jdbc:postgresql://db:5432/mlops?user=a@b", "jdbc:postgresql://ci@db:5432/mlops",
        "jdbc:postgresql://ci@[::1]:5432/mlops"}) {
      assertThat(ModelRegistries.redact(clean)).isEqualTo(clean);
    }
  }

  @Test
  void aLocationThatIsNotAUriIsRejectedWithoutQuotingItsPassword() {
    assertThatThrownBy(() -> ModelRegistries.open("jdbc:postgresql://app:s3 cret@db/mlops"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app:***@db")
        .hasMessageNotContaining("s3").hasNoCause();
  }
}
