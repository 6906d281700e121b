package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetOnceTest {

  @Test
  void aFirstValueIsReturned() {
    assertThat(SetOnce.value("seed", null, 42L)).isEqualTo(42L);
  }

  @Test
  void aSecondValueFailsNamingTheSettingAndTheFirstValue() {
    assertThatThrownBy(() -> SetOnce.value("seed", 1L, 2L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("seed was already set to 1");
  }

  @Test
  void aMissingValueFailsNamingTheSetting() {
    assertThatThrownBy(() -> SetOnce.value("clock", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
  }

  @Test
  void aSecretSetTwiceIsNotShown() {
    assertThatThrownBy(() -> SetOnce.secret("bearerToken", "s3cr3t-token", "other"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bearerToken was already set")
        .message().doesNotContain("s3cr3t");
  }

  @Test
  void aMarkedSettingCannotBeMarkedAgain() {
    Set<String> given = new HashSet<>();
    SetOnce.mark(given, "port");

    assertThatThrownBy(() -> SetOnce.mark(given, "port"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("port was already set");
    SetOnce.mark(given, "host");
    assertThat(given).containsExactlyInAnyOrder("port", "host");
  }
}
