package dev.mlops.console;

import static dev.mlops.console.ModelConsolePagesTest.count;
import static dev.mlops.console.ModelConsolePagesTest.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escaping, headers, authentication, sessions, CSRF, host names and paths. */
class ConsoleSecurityTest {

  static final String TOKEN = "t0ken-for-the-console-tests";

  @TempDir static Path directory;
  static ConsoleFixture fixture;
  static ManualClock clock = new ManualClock();
  static ModelConsole open;
  static ModelConsole guarded;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ConsoleFixture(directory.resolve("fixture"));
    open = fixture.console().start();
    guarded = ModelConsole.builder().registry(fixture.registry).port(0).bearerToken(TOKEN)
        .basicAuthUser("alice", "wonderland").allowChanges().clock(clock)
        .sessionLifetime(Duration.ofHours(1)).driftReports(fixture.driftReports).start();
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
    fixture.registry.close();
  }

  @Test
  void valuesFromUsersAreEscapedInTextAttributesAndLinks() {
    ConsoleClient client = new ConsoleClient(open);
    for (String path : List.of("/models", "/models/xss", "/models/xss/versions/1", "/models?tag="
        + java.net.URLEncoder.encode(ConsoleFixture.XSS_MODEL_TAG, StandardCharsets.UTF_8))) {
      String html = client.get(path).body();
      assertThat(html).as(path).doesNotContain("<script>alert", "<img src=x", "<b x=");
      assertThat(count(html, "<script")).as(path).isEqualTo(1); // the console's own script
    }
    assertThat(client.get("/models").body())
        .contains("&lt;script&gt;alert(&quot;description&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;")
        .contains("href=\"/models?tag=owner%3D%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E\"")
        .contains("owner=&lt;img src=x onerror=alert(1)&gt;");
    assertThat(client.get("/models/xss/versions/1").body())
        .contains("&quot;&gt;&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;&lt;b x=&#39;");
    // the search box echoes what was searched for, as an attribute value
    assertThat(client.get("/models?q=%22%3E%3Cscript%3E").body())
        .contains("value=\"&quot;&gt;&lt;script&gt;\"").doesNotContain("\"><script>");
  }

  @Test
  void featureNamesWithMarkupAreEscapedOnEveryPageThatShowsThem() {
    ConsoleClient client = new ConsoleClient(open);
    String feature = "&lt;script&gt;alert(&quot;feature&quot;)&lt;/script&gt; &amp; &#39;x&#39;";
    String skipped = "&quot;&gt;&lt;img src=x onerror=alert(&#39;skipped&#39;)&gt;";
    for (String path : List.of("/models/xss", "/models/xss/versions/1", "/drift/xss/markup.json",
        "/drift/xss/markup.json?sort=name", "/drift/xss/markup.json?sort=pvalue&drifted=1")) {
      String html = client.get(path).body();
      assertThat(html).as(path).contains(feature)
          .doesNotContain("<script>alert", "<img src=x", "alert(\"feature\")", "'x'");
      assertThat(count(html, "<script")).as(path).isEqualTo(1); // the console's own script
    }
    // the model page's input example; the version page's signature, input example and profile
    assertThat(section(client.get("/models/xss").body(), "input-example")).contains("<th>" + feature + "</th>");
    String version = client.get("/models/xss/versions/1").body();
    assertThat(section(version, "signature-inputs")).contains("<tr><td>" + feature + "</td>");
    assertThat(section(version, "input-example")).contains("<th>" + feature + "</th>");
    assertThat(section(version, "profile-table"))
        .contains("<tr data-feature=\"" + feature + "\"><td>" + feature + "</td>")
        .contains("<tr data-feature=\"" + skipped + "\"><td>" + skipped + "</td>");
    // a drift report's feature table, the feature's section and chart, and the untested features
    String report = client.get("/drift/xss/markup.json").body();
    assertThat(section(report, "features")).contains("data-feature=\"" + feature + "\"",
        "<a href=\"#feature-0\">" + feature + "</a>");
    assertThat(report).contains("<section class=\"feature\" id=\"feature-0\" data-feature=\"" + feature + "\">",
        "<h2>" + feature + " <span", "data-feature=\"" + feature + "\" width=",
        "aria-label=\"Reference and current distribution of " + feature + "\"");
    assertThat(section(report, "skipped")).contains("<tr><td>" + skipped + "</td>");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws IOException {
    ConsoleClient client = new ConsoleClient(open);
    for (HttpResponse<String> response : List.of(client.get("/models"), client.get("/static/console.css"),
        client.get("/static/console.js"), client.get("/nope"), client.get("/static/nope.js"))) {
      var headers = response.headers();
      assertThat(headers.firstValue("Content-Security-Policy")).hasValue("default-src 'none'; "
          + "script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'");
      assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(headers.firstValue("Server")).isEmpty();
    }
    assertThat(client.get("/models").headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(client.get("/models").headers().allValues("Set-Cookie")).isEmpty(); // kept from before
    // a request Jetty refuses itself
    String raw = rawRequest(open.port(), "GET /models/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400").contains("Content-Security-Policy: default-src 'none'")
        .doesNotContain("Exception");
  }

  @Test
  void theCsrfCookieIsHttpOnlyAndSameSite() {
    HttpResponse<String> first = new ConsoleClient(open).get("/models");
    assertThat(first.headers().allValues("Set-Cookie")).singleElement().asString()
        .matches("mlops_console_csrf=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict");
  }

  @Test
  void aLoopbackConsoleAnswersOnlyToLoopbackHostNames() throws IOException {
    assertThat(rawRequest(open.port(), "GET /models HTTP/1.1\r\nHost: evil.example:" + open.port() + "\r\n"))
        .startsWith("HTTP/1.1 403").contains("answers only requests to localhost");
    assertThat(rawRequest(open.port(), "GET /models HTTP/1.1\r\nHost: localhost:" + open.port() + "\r\n"))
        .startsWith("HTTP/1.1 200");
    assertThat(rawRequest(open.port(), "GET /models HTTP/1.1\r\nHost: [::1]:" + open.port() + "\r\n"))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void requestsWithoutValidCredentialsAreRefused() {
    ConsoleClient anonymous = new ConsoleClient(guarded);
    HttpResponse<String> page = anonymous.get("/models/churn?page=1");
    assertThat(page.statusCode()).isEqualTo(401); // basic users exist, so the browser's dialog
    assertThat(page.headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"mlops console\", charset=\"UTF-8\"");
    assertThat(anonymous.get("/models", "Authorization", "Bearer wrong-token-0123456789").statusCode())
        .isEqualTo(401);
    assertThat(anonymous.get("/models", "Authorization", basic("alice", "Wonderland")).statusCode())
        .isEqualTo(401);
    assertThat(anonymous.get("/models", "Authorization", basic("bob", "wonderland")).statusCode())
        .isEqualTo(401);
    assertThat(anonymous.get("/models", "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
    // on the same connection, the token in other case is another token (Jetty's header cache)
    assertThat(anonymous.get("/models", "Authorization", "bearer " + TOKEN.toUpperCase()).statusCode())
        .isEqualTo(401);
    HttpResponse<String> alice = anonymous.get("/models", "Authorization", basic("alice", "wonderland"));
    assertThat(alice.statusCode()).isEqualTo(200);
    assertThat(alice.body()).contains("ui:alice");
    assertThat(anonymous.get("/static/console.css").statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenOnlyConsoleSendsBrowsersToTheSignInPage() {
    try (ModelConsole tokenOnly = ModelConsole.builder().registry(fixture.registry).port(0)
        .bearerToken(TOKEN).start()) {
      HttpResponse<String> page = new ConsoleClient(tokenOnly).get("/models/churn?page=1");
      assertThat(page.statusCode()).isEqualTo(303);
      assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2Fmodels%2Fchurn%3Fpage%3D1");
    }
  }

  @Test
  void aSessionStartsWithTheTokenEndsWithSignOutAndExpires() {
    ConsoleClient browser = new ConsoleClient(guarded);
    assertThat(browser.get("/login").body()).contains("name=\"token\"");
    HttpResponse<String> wrong = browser.post("/login", Map.of("token", "not-the-token-0000000"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("That token is not this console&#39;s token.");
    HttpResponse<String> signedIn = browser.post("/login", Map.of("token", TOKEN, "name", "carol",
        "next", "/models/churn"));
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Location")).hasValue("/models/churn");
    assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
        .matches("mlops_console_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict"));
    assertThat(browser.get("/models").body()).contains("ui:carol", "Sign out");

    assertThat(browser.post("/logout", Map.of()).statusCode()).isEqualTo(303);
    assertThat(browser.get("/models").statusCode()).isEqualTo(401);

    browser.get("/login");
    browser.post("/login", Map.of("token", TOKEN));
    assertThat(browser.get("/models").body()).contains("ui:token");
    clock.advance(Duration.ofHours(2));
    assertThat(browser.get("/models").statusCode()).isEqualTo(401);
  }

  @Test
  void signInGoesOnlyToThisConsolesPagesAndNamesMustBeNames() {
    ConsoleClient browser = new ConsoleClient(guarded);
    browser.get("/login");
    for (String next : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example")) {
      HttpResponse<String> r = browser.post("/login", Map.of("token", TOKEN, "next", next));
      assertThat(r.headers().firstValue("Location")).as(next).hasValue("/models");
      browser.get("/login");
    }
    assertThat(browser.post("/login", Map.of("token", TOKEN, "name", "<script>")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void formsWithoutTheTokenOrFromAnotherSiteAreRefused() {
    ConsoleClient alice = new ConsoleClient(guarded);
    String auth = basic("alice", "wonderland");
    alice.get("/models/churn", "Authorization", auth);
    Map<String, String> move = Map.of("version", "1", "expected", "2");
    String path = "/models/churn/aliases/production";
    Map<String, String> noToken = Map.of("version", "1", "expected", "2");
    assertThat(alice.postRaw(path, noToken, "Authorization", auth, "Origin", alice.origin()).statusCode())
        .isEqualTo(403);
    assertThat(alice.post(path, move, "Authorization", auth, "Origin", "http://evil.example").body())
        .contains("it came from another origin");
    assertThat(alice.post(path, move, "Authorization", auth, "Sec-Fetch-Site", "cross-site").statusCode())
        .isEqualTo(403);
    assertThat(alice.post(path, Map.of("version", "1", "expected", "2", "csrf", "forged"), "Authorization",
        auth).statusCode()).isEqualTo(403);
    // a token issued to another principal does not work for alice
    ConsoleClient other = new ConsoleClient(guarded);
    other.get("/models/churn", "Authorization", "Bearer " + TOKEN);
    Map<String, String> stolen = Map.of("version", "1", "expected", "2", "csrf", other.csrf());
    assertThat(alice.post(path, stolen, "Authorization", auth).statusCode()).isEqualTo(403);
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 2);
  }

  @Test
  void aReadOnlyConsoleRefusesChangesEvenWithAValidForm() {
    ConsoleClient client = new ConsoleClient(open);
    client.get("/models/churn/versions/1"); // its verify form carries a valid token
    HttpResponse<String> refused = client.post("/models/churn/aliases/production",
        Map.of("version", "1", "expected", "2"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("This console is read-only");
    assertThat(client.post("/models/churn/versions/3/approve", Map.of()).statusCode()).isEqualTo(403);
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 2)
        .containsEntry("staging", 3);
  }

  @Test
  void requestPathsReachOnlyReportFilesInsideTheReportDirectory() throws IOException {
    Path outside = Files.createDirectories(directory.resolve("outside"));
    Files.copy(fixture.driftReports.resolve("churn/week-2.json"), outside.resolve("secret.json"));
    Files.createSymbolicLink(fixture.driftReports.resolve("churn/linked.json"), outside.resolve("secret.json"));
    Files.createSymbolicLink(fixture.driftReports.resolve("evil"), outside);
    ConsoleClient client = new ConsoleClient(open);
    assertThat(client.get("/drift/churn").body()).doesNotContain("linked.json");
    assertThat(client.get("/drift").body()).doesNotContain("evil");
    assertThat(client.get("/drift/evil").body()).contains("0 of 0 reports").doesNotContain("secret");
    for (String path : List.of("/drift/churn/linked.json", "/drift/evil/secret.json",
        "/drift/churn/..%2F..%2Foutside%2Fsecret.json", "/drift/churn/%2e%2e", "/drift/..%2Foutside/secret.json",
        "/drift/churn/week-2.json%00", "/static/..%2F..%2Fpom.xml", "/static/console.css%2F..")) {
      HttpResponse<String> r = client.get(path);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.body()).as(path).doesNotContain("Dataset drift", "reference");
    }
    String raw = rawRequest(open.port(), "GET /drift/churn/../../outside/secret.json HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    assertThat(raw).doesNotContain("Dataset drift");
  }

  @Test
  void theBuilderRefusesUnsafeOrContradictorySettings() throws IOException {
    assertThatThrownBy(() -> ModelConsole.builder().registry(fixture.registry).port(0).allowChanges().start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowChanges needs a bearerToken");
    assertThatThrownBy(() -> ModelConsole.builder().bearerToken("short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 characters");
    assertThatThrownBy(() -> ModelConsole.builder().bearerToken(TOKEN).bearerToken(TOKEN + "x"))
        .isInstanceOf(IllegalStateException.class).hasMessage("bearerToken was already set");
    assertThatThrownBy(() -> ModelConsole.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    assertThatThrownBy(() -> ModelConsole.builder().basicAuthUser("a:b", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no colon");
    assertThatThrownBy(() -> ModelConsole.builder().basicAuthUser("a", "x").basicAuthUser("a", "y"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'a' was already added");
    assertThatThrownBy(() -> ModelConsole.builder().port(0).start())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("registry is required");
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> ModelConsole.builder().registry(fixture.registry).port(taken.getLocalPort()).start())
          .isInstanceOf(ConsoleStartException.class).hasMessageContaining(":" + taken.getLocalPort());
    }
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a request as written, with Connection: close, and returns the whole answer. */
  static String rawRequest(int port, String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
