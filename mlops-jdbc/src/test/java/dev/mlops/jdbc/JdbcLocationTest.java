package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.jdbc.internal.JdbcLocation;
import dev.mlops.jdbc.internal.JdbcSettings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Credentials are taken out of a location before it is shown or handed to the driver. */
class JdbcLocationTest {

  private static JdbcSettings settings(String location, String user, String password) {
    return new JdbcSettings(URI.create(location), user, password, "mlops", 2, Duration.ofSeconds(1), "ci", null);
  }

  @Test
  void userInfoBecomesUserAndPasswordDecodedAndLeavesBothUrls() {
    JdbcLocation l = JdbcLocation.parse(URI.create("jdbc:postgresql://app%40corp:p%2Fa%3As+s@db:5432/mlops?ssl=true"));
    assertThat(l.user()).isEqualTo("app@corp");
    assertThat(l.password()).isEqualTo("p/a:s+s");
    assertThat(l.shown()).hasToString("jdbc:postgresql://app%40corp@db:5432/mlops?ssl=true");
    assertThat(l.connectUrl()).isEqualTo("jdbc:postgresql://db:5432/mlops?ssl=true");
    assertThat(l.toString()).doesNotContain("p/a:s+s").doesNotContain("p%2Fa");
  }

  @Test
  void aPasswordParameterIsTakenOutAndTheOtherParametersKept() {
    JdbcLocation l = JdbcLocation.parse(URI.create("jdbc:postgresql://db1:5432,db2:5432/mlops?user=app&password=a%26b&ssl=true"));
    assertThat(l.password()).isEqualTo("a&b");
    assertThat(l.user()).isNull();
    assertThat(l.connectUrl()).isEqualTo("jdbc:postgresql://db1:5432,db2:5432/mlops?user=app&ssl=true");
    assertThat(l.shown()).hasToString(l.connectUrl());
  }

  @Test
  void locationsWithoutCredentialsAreUnchanged() {
    for (String plain : new String[] {"jdbc:postgresql://db:5432/mlops", "jdbc:postgresql:mlops",
        "jdbc:postgresql://db/mlops?user=app&ApplicationName=x"}) {
      JdbcLocation l = JdbcLocation.parse(URI.create(plain));
      assertThat(l.connectUrl()).isEqualTo(plain);
      assertThat(l.shown()).hasToString(plain);
      assertThat(l.password()).isNull();
    }
  }

  @Test
  void anUnescapedSlashInThePasswordIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> JdbcLocation.parse(URI.create("jdbc:postgresql://app:se/cret@db/mlops")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%2F")
        .hasMessageNotContaining("se/cret").hasMessageNotContaining("cret@");
  }

  @Test
  void settingsTakeTheCredentialsFromTheLocationAndNeverShowThePassword() {
    JdbcSettings s = settings("jdbc:postgresql://app:s3cret@db/mlops", null, null);
    assertThat(s.user()).isEqualTo("app");
    assertThat(s.password()).isEqualTo("s3cret");
    assertThat(s.location()).hasToString("jdbc:postgresql://app@db/mlops");
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db/mlops");
    assertThat(s.toString()).doesNotContain("s3cret").contains("password=****");
    assertThat(s.describe()).doesNotContain("s3cret");
  }

  @Test
  void credentialsGivenTwiceDifferentlyAreRefusedWithoutQuotingThePassword() {
    assertThatThrownBy(() -> settings("jdbc:postgresql://app:s3cret@db/mlops", null, "other"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password is given twice")
        .hasMessageNotContaining("s3cret").hasMessageNotContaining("other");
    assertThatThrownBy(() -> settings("jdbc:postgresql://app@db/mlops", "bob", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'app'").hasMessageContaining("'bob'");
    assertThat(settings("jdbc:postgresql://app:s3cret@db/mlops", "app", "s3cret").password()).isEqualTo("s3cret");
  }
}
