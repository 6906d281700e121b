package dev.mlops.registry.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokensTest {

  @Test
  void aTokenGivesBackThePositionItWasMadeOf() {
    String token = PageTokens.encode("audit of churn", "4096", "17");

    assertThat(PageTokens.decode(token, "audit of churn", 2)).containsExactly("4096", "17");
  }

  @Test
  void aTokenIsOpaqueUrlSafeText() {
    String token = PageTokens.encode("models", "churn/+?");

    assertThat(token).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void aTokenOfAnotherListingIsRefusedNamingTheToken() {
    String token = PageTokens.encode("versions of churn", "3");

    assertThatThrownBy(() -> PageTokens.decodeNumber(token, "versions of fraud"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(token)
        .hasMessageContaining("versions of fraud");
  }

  @Test
  void textThatIsNoTokenIsRefused() {
    assertThatThrownBy(() -> PageTokens.decode("not a token!", "models", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageTokens.decode("", "models", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTokenWithAnotherNumberOfPartsIsRefused() {
    String token = PageTokens.encode("audit of all models", "1");

    assertThatThrownBy(() -> PageTokens.decode(token, "audit of all models", 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void numericPositionsMustBePositiveNumbers() {
    for (String position : List.of("0", "-1", "x", "99999999999999999999")) {
      String token = PageTokens.encode("versions of churn", position);

      assertThatThrownBy(() -> PageTokens.decodeNumber(token, "versions of churn"))
          .as(position)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(PageTokens.decodeNumber(PageTokens.encode("versions of churn", "7"), "versions of churn"))
        .isEqualTo(7);
  }

  @Test
  void aListingWhoseNameIsAPrefixOfAnotherDoesNotAcceptItsTokens() {
    // Built by hand: a separator smuggled into the position must not let one listing read another's.
    String forged = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("versions of churn\nx\n3".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> PageTokens.decodeNumber(forged, "versions of churn"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void partsWithLineBreaksAreRefusedWhenEncoding() {
    assertThatThrownBy(() -> PageTokens.encode("models", "a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPageCarriesATokenOnlyWhenMoreItemsFollow() {
    Page<String> full = PageTokens.page(List.of("a", "b", "c"), 2, s -> PageTokens.encode("models", s));
    Page<String> last = PageTokens.page(List.of("a", "b"), 2, s -> PageTokens.encode("models", s));

    assertThat(full.items()).containsExactly("a", "b");
    assertThat(PageTokens.decode(full.nextPageToken(), "models", 1)).containsExactly("b");
    assertThat(last.items()).containsExactly("a", "b");
    assertThat(last.nextPageToken()).isNull();
  }
}
