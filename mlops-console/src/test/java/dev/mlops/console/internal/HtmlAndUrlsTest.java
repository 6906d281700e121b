package dev.mlops.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlAndUrlsTest {

  @Test
  void textAndAttributesEscapeEveryCharacterThatCouldEndThem() {
    assertThat(Html.escape("<a href=\"x\" onclick='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    assertThat(new Html().raw("<p").attr("title", "\"><script>").raw(">").text("</p><script>").toString())
        .isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;\">&lt;/p&gt;&lt;script&gt;");
    assertThat(Html.escape("a\u0000b\u001bc\td")).isEqualTo("a\uFFFDb\uFFFDc\td");
  }

  @Test
  void linksEncodeEachPartSoThatNoValueChangesWhereTheyLead() {
    assertThat(Urls.path("models", "a/b?c#d", "versions", 3)).isEqualTo("/models/a%2Fb%3Fc%23d/versions/3");
    assertThat(Urls.encode("javascript:alert(1) é")).isEqualTo("javascript%3Aalert%281%29%20%C3%A9");
    assertThat(Urls.withQuery("/runs", "model", "churn", "status", null, "q", "")).isEqualTo("/runs?model=churn");
    assertThat(Urls.withQuery("/models", "tag", "k=v&x")).isEqualTo("/models?tag=k%3Dv%26x");
    for (String segment : List.of("", ".", "..")) {
      assertThatThrownBy(() -> Urls.path("drift", segment)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void pathsAreSplitBeforeDecodingSoAnEncodedSlashStaysInItsSegment() {
    assertThat(ConsoleHandler.segments("/drift/churn/..%2F..%2Fsecret.json"))
        .containsExactly("drift", "churn", "../../secret.json");
    assertThat(ConsoleHandler.segments("/models/caf%C3%A9/")).containsExactly("models", "café");
    assertThatThrownBy(() -> ConsoleHandler.segments("/models/%C3")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsoleHandler.segments("/models/%")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostNamesAreReadWithoutTheirPort() {
    assertThat(ConsoleHandler.hostName("LocalHost:8090")).isEqualTo("localhost");
    assertThat(ConsoleHandler.hostName("[::1]:8090")).isEqualTo("[::1]");
    assertThat(ConsoleHandler.hostName("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(ConsoleHandler.hostName("127.0.0.1.evil.example:80")).isEqualTo("127.0.0.1.evil.example");
  }

  @Test
  void signInReturnsOnlyToTheConsolesOwnPaths() {
    assertThat(LoginPage.safeNext("/models/churn?page=2")).isEqualTo("/models/churn?page=2");
    for (String elsewhere : List.of("//evil.example", "/\\evil.example", "https://evil.example", "models",
        "/x\r\nSet-Cookie: a=b")) {
      assertThat(LoginPage.safeNext(elsewhere)).as(elsewhere).isEqualTo("/models");
    }
    assertThat(LoginPage.safeNext(null)).isEqualTo("/models");
  }
}
