package dev.mlops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each page shows, read over HTTP from a read-only console on the fixture registry. */
class ModelConsolePagesTest {

  @TempDir static Path directory;
  static ConsoleFixture fixture;
  static ModelConsole console;
  static ConsoleClient client;

  @BeforeAll
  static void start() throws Exception {
    fixture = new ConsoleFixture(directory);
    console = fixture.console().start();
    client = new ConsoleClient(console);
  }

  @AfterAll
  static void stop() {
    console.close();
    fixture.registry.close();
  }

  @Test
  void theRootLeadsToTheModelsPage() {
    HttpResponse<String> root = client.get("/");
    assertThat(root.statusCode()).isEqualTo(303);
    assertThat(root.headers().firstValue("Location")).hasValue("/models");
  }

  @Test
  void theModelsPageListsEveryModelWithDescriptionLatestVersionAliasesAndTags() {
    String html = ok("/models");
    assertThat(html).contains("3 models");
    assertThat(rows(html, "data-model")).containsExactly("churn", "fraud", "xss");
    String churn = row(html, "data-model", "churn");
    assertThat(churn).contains("churn version 3", "href=\"/models/churn/versions/3\"",
        "production → v2", "staging → v3");
    assertThat(row(html, "data-model", "fraud")).contains("team=risk");
  }

  @Test
  void theModelsPageSearchesByNameAndByTag() {
    assertThat(rows(ok("/models?q=HUR"), "data-model")).containsExactly("churn");
    assertThat(rows(ok("/models?tag=team%3Drisk"), "data-model")).containsExactly("fraud");
    assertThat(rows(ok("/models?tag=team"), "data-model")).containsExactly("fraud");
    // the latest version's tags count too: churn's version 3 is tagged stage=v3
    assertThat(rows(ok("/models?tag=stage%3Dv3"), "data-model")).containsExactly("churn");
    assertThat(ok("/models?q=nothing")).contains("0 of 3 models match", "No model matches.");
  }

  @Test
  void aModelPageShowsItsVersionsAliasesAndTheirHistory() {
    String html = ok("/models/churn");
    assertThat(rows(html, "data-version")).containsExactly("3", "2", "1");
    assertThat(row(html, "data-alias", "production")).contains("v2");
    assertThat(html).contains("Version 3 awaits approval (alias &#39;staging&#39;).");
    String history = section(html, "alias-history-table");
    assertThat(history).contains("first release", "awaiting approval: better accuracy", "test:fixture");
    String v2 = html.substring(html.indexOf("<tr data-version=\"2\""), html.indexOf("<tr data-version=\"1\""));
    assertThat(v2).contains("custom", "accuracy=0.84", "stage=v2", "f2a1b2c3d4e5", "git-2",
        "href=\"/models/churn/versions/1\"", "2 inputs → 1 output", "42.5");
    // read-only: no forms that change anything
    assertThat(html).doesNotContain("move-alias", "/approve", "new-alias");
  }

  @Test
  void aVersionPageShowsEverythingStoredWithChecksumsAndTheReferenceProfile() {
    var version = fixture.registry.getVersion("churn", 1);
    String html = ok("/models/churn/versions/1");
    assertThat(html).contains("models:/churn/1", "churn version 1", "test:fixture",
        version.artifacts().get(0).sha256(), "learning_rate", "0.1", "dataset fingerprint",
        "f1a1b2c3d4e5f6a7b8c9d0", "environment.java.version", "Verify checksums");
    assertThat(section(html, "signature-inputs")).contains("age", "float64", "plan", "basic, pro");
    assertThat(section(html, "input-example")).contains("42.5", "pro", "18.0", "basic");
    String profile = section(html, "profile-table");
    assertThat(row(profile, "data-feature", "age")).contains("numeric", "200");
    assertThat(row(profile, "data-feature", "plan")).contains("categorical", "2 categories");
    assertThat(ok("/models/churn/versions/2")).contains("This version has no reference profile");
  }

  @Test
  void verifyingComparesEveryFileWithItsRecordedChecksum() {
    client.get("/models/churn/versions/2");
    HttpResponse<String> verified = client.post("/models/churn/versions/2/verify", Map.of());
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(verified.body()).contains("Verified: every file", "size and SHA-256 match");
  }

  @Test
  void theRunsPageListsFiltersAndComparesRuns() {
    String html = ok("/runs");
    assertThat(rows(html, "data-run")).containsExactly("run-failed-3333", "run-two-2222", "run-one-1111");
    assertThat(html).contains("Checking metric floors: accuracy 0.62 is below the floor 0.75");
    assertThat(rows(ok("/runs?status=failed"), "data-run")).containsExactly("run-failed-3333");
    assertThat(rows(ok("/runs?model=churn&status=succeeded"), "data-run"))
        .containsExactly("run-two-2222", "run-one-1111");

    String comparison = ok("/runs/compare?run=run-one-1111&run=run-two-2222");
    assertThat(rowClass(comparison, "parameters:learning_rate")).isEqualTo("differs");
    assertThat(rowClass(comparison, "metrics:accuracy")).isEqualTo("differs");
    assertThat(rowClass(comparison, "run:version")).isEqualTo("differs");
    assertThat(rowClass(comparison, "parameters:epochs")).isEqualTo("same");
    assertThat(rowClass(comparison, "lineage:parent version")).isEqualTo("differs");
    assertThat(rowClass(comparison, "lineage:environment.java.version")).isEqualTo("same");
    String differences = ok("/runs/compare?run=run-one-1111&run=run-two-2222&only=differences");
    assertThat(differences).contains("data-row=\"parameters:learning_rate\"")
        .doesNotContain("data-row=\"parameters:epochs\"");
    assertThat(client.get("/runs/compare?run=run-one-1111").statusCode()).isEqualTo(400);
    assertThat(client.get("/runs/compare?run=run-one-1111&run=nope").statusCode()).isEqualTo(404);
  }

  @Test
  void theMonitoringPageChartsEachVersionsWindows() {
    assertThat(ok("/monitoring")).contains("href=\"/monitoring/churn\"");
    String html = ok("/monitoring/churn");
    for (String chart : List.of("chart-traffic", "chart-errors", "chart-latency-p50", "chart-latency-p99",
        "chart-metric-0")) {
      String svg = svg(html, chart);
      assertThat(svg).contains("data-series=\"v2\"", "data-series=\"v3\"");
      assertThat(count(svg, "<circle")).isEqualTo(8);
    }
    assertThat(section(html, "windows")).contains("1103", "50 / 10");
  }

  @Test
  void theMonitoringPageChartsTheShareOfDriftedFeaturesAndListsTheRecentAlerts() {
    String html = ok("/monitoring/churn");
    String drift = svg(html, "chart-drift");
    assertThat(drift).contains("data-series=\"v2\"", "data-series=\"v3\"");
    assertThat(count(drift, "<circle")).isEqualTo(8);
    // no feature drifted on the first two days, every feature on the last two
    assertThat(drift).contains("v2, 2026-05-04 00:00:00Z: 0%", "v3, 2026-05-05 00:00:00Z: 0%",
        "v2, 2026-05-06 00:00:00Z: 100%", "v3, 2026-05-07 00:00:00Z: 100%");
    List<String> windows = tableRows(section(html, "windows"));
    assertThat(windows).hasSize(8);
    assertThat(windows.get(0)).contains("2026-05-07 00:00:00Z", "v3", "<td>100%</td>");
    assertThat(windows.get(7)).contains("2026-05-04 00:00:00Z", "v2", "<td>0%</td>");

    // the alerts of churn, newest first; fraud's alert is not churn's
    List<String> alerts = tableRows(section(html, "alerts"));
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0)).contains("2026-05-08 00:00:00Z", "critical", "firing", "drift-share-above-0.5",
        "v3", "drifted share 100% is above 50%");
    assertThat(alerts.get(1)).contains("2026-05-07 00:00:00Z", "warning", "firing", "accuracy-below-0.8",
        "v2", "accuracy 0.78 is below 0.8");
    assertThat(html).doesNotContain("other-model", "not churn");
    assertThat(ok("/monitoring/fraud")).contains("other-model", "not churn&#39;s");
  }

  @Test
  void theDriftPagesSortAndFilterReportsAndTheirFeatures() {
    assertThat(row(ok("/drift"), "data-model", "churn")).contains(">2<", ">1<", ">100%<");
    String list = ok("/drift/churn");
    assertThat(rows(list, "data-report")).containsExactly("week-2.json", "week-1.json", "broken.json");
    assertThat(row(list, "data-report", "broken.json")).contains("is not a drift report");
    assertThat(rows(ok("/drift/churn?drifted=1"), "data-report")).containsExactly("week-2.json");

    String report = ok("/drift/churn/week-2.json");
    assertThat(report).contains("Dataset drift detected: 2 of 2 tested features drifted");
    assertThat(count(report, "<svg ")).isEqualTo(2);

    String stable = ok("/drift/churn/week-1.json?drifted=1");
    assertThat(stable).contains("No dataset drift");
    assertThat(rows(section(stable, "features"), "data-feature")).isEmpty();
    assertThat(ok("/drift/churn/week-1.json?sort=name")).contains("0 of 2 tested features");
  }

  @Test
  void aDriftReportListsItsFeaturesByDriftScoreHighestFirstOrByPValueOrName() {
    // week 2: plan's share of pro went from 30% to 80% (effect size about 1.09), ages moved by
    // 1.5 standard deviations (Kolmogorov-Smirnov distance about 0.52): plan first, unlike by name
    String week2 = section(ok("/drift/churn/week-2.json"), "features");
    assertThat(rows(week2, "data-feature")).containsExactly("plan", "age");
    assertThat(numbers(week2, "score")).hasSize(2).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(featureSections(ok("/drift/churn/week-2.json"))).containsExactly("plan", "age");
    assertThat(rows(section(ok("/drift/churn/week-2.json?sort=name"), "features"), "data-feature"))
        .containsExactly("age", "plan");
    assertThat(featureSections(ok("/drift/churn/week-2.json?sort=name"))).containsExactly("age", "plan");
    // week 1, no drift: age has the higher score (0.06 against 0.04) but plan the lower p-value
    // (0.60 against 0.65)
    assertThat(rows(section(ok("/drift/churn/week-1.json"), "features"), "data-feature"))
        .containsExactly("age", "plan");
    assertThat(rows(section(ok("/drift/churn/week-1.json?sort=pvalue"), "features"), "data-feature"))
        .containsExactly("plan", "age");
  }

  @Test
  void aDriftReportShowsEachFeaturesSummaryStatisticsOnBothSides() {
    String report = ok("/drift/churn/week-2.json");
    // a tenth of the current ages are missing; none of the reference's
    assertThat(row(section(report, "features"), "data-feature", "age")).contains("<td>0% / 10%</td>");
    String age = sectionByAttribute(report, "section", "data-feature", "age");
    assertThat(cell(age, "present", 1)).isEqualTo("300");
    assertThat(cell(age, "present", 2)).isEqualTo("270");
    assertThat(cell(age, "missing share", 1)).isEqualTo("0%");
    assertThat(cell(age, "missing share", 2)).isEqualTo("10%");
    // the reference ages were drawn around 40 with a standard deviation of 10, the current ones
    // around 55: the estimates from the histogram are close
    assertThat(number(age, "mean (estimated)", 1)).isBetween(38.0, 42.0);
    assertThat(number(age, "mean (estimated)", 2)).isBetween(53.0, 57.0);
    assertThat(number(age, "std (estimated)", 1)).isBetween(8.0, 12.0);
    assertThat(number(age, "std (estimated)", 2)).isBetween(8.0, 12.0);
    List<Double> current = List.of("p5", "p25", "median", "p75", "p95").stream()
        .map(q -> number(age, q + " (estimated)", 2)).toList();
    assertThat(current).isSorted();
    // a normal distribution's 5th, 50th and 95th percentiles: mean - 1.64 std, mean, mean + 1.64 std
    assertThat(current.get(0)).isBetween(35.0, 42.5);
    assertThat(current.get(2)).isBetween(53.0, 57.0);
    assertThat(current.get(4)).isBetween(67.5, 75.0);
    assertThat(number(age, "p95 (estimated)", 1)).isBetween(52.5, 60.0);

    // a categorical feature has its top categories instead, with their shares
    String plan = sectionByAttribute(report, "section", "data-feature", "plan");
    assertThat(cell(plan, "missing share", 2)).isEqualTo("0%");
    assertThat(cell(plan, "top categories", 1)).startsWith("basic ");
    assertThat(cell(plan, "top categories", 2)).startsWith("pro ");
    assertThat(plan).doesNotContain("std (estimated)", "median (estimated)");
  }

  @Test
  void pagesSayWhatIsNotConfigured() throws Exception {
    try (ModelConsole bare = ModelConsole.builder().registry(fixture.registry).port(0).start()) {
      ConsoleClient c = new ConsoleClient(bare);
      assertThat(c.get("/runs").body()).contains("No training run log is configured");
      assertThat(c.get("/monitoring").body()).contains("No monitor store configured");
      assertThat(c.get("/monitoring/churn").body()).contains("No monitor store configured");
      assertThat(c.get("/drift").body()).contains("No drift report directory is configured");
    }
    assertThat(Files.exists(directory.resolve("nothing"))).isFalse();
  }

  @Test
  void unknownPagesModelsAndVersionsAreNotFound() {
    assertThat(client.get("/nope").statusCode()).isEqualTo(404);
    assertThat(client.get("/models/unknown").statusCode()).isEqualTo(404);
    assertThat(client.get("/models/churn/versions/9").statusCode()).isEqualTo(404);
    assertThat(client.get("/models/churn/versions/x").statusCode()).isEqualTo(404);
    assertThat(client.get("/drift/churn/missing.json").statusCode()).isEqualTo(404);
    client.get("/models/churn/versions/1");
    HttpResponse<String> wrongMethod = client.post("/models", Map.of());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  static String ok(String path) {
    HttpResponse<String> response = client.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  /** The values of an attribute on table rows, in order. */
  static List<String> rows(String html, String attribute) {
    Matcher m = Pattern.compile("<tr[^>]* " + attribute + "=\"([^\"]*)\"").matcher(html);
    List<String> values = new java.util.ArrayList<>();
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  static String row(String html, String attribute, String value) {
    Matcher m = Pattern.compile("(?s)<tr[^>]* " + attribute + "=\"" + Pattern.quote(value)
        + "\".*?</tr>").matcher(html);
    assertThat(m.find()).as("row " + attribute + "=" + value).isTrue();
    return m.group();
  }

  static String rowClass(String html, String row) {
    Matcher m = Pattern.compile("<tr class=\"([a-z]+)\" data-row=\"" + Pattern.quote(row) + "\"")
        .matcher(html);
    assertThat(m.find()).as("row " + row).isTrue();
    return m.group(1);
  }

  /** The element with this id, up to its closing tag (tables and paragraphs). */
  static String section(String html, String id) {
    Matcher m = Pattern.compile("(?s)<(table|p)[^>]* id=\"" + Pattern.quote(id) + "\".*?</\\1>").matcher(html);
    assertThat(m.find()).as("element #" + id).isTrue();
    return m.group();
  }

  static String sectionByAttribute(String html, String tag, String attribute, String value) {
    Matcher m = Pattern.compile("(?s)<" + tag + "[^>]* " + attribute + "=\"" + Pattern.quote(value)
        + "\".*?</" + tag + ">").matcher(html);
    assertThat(m.find()).isTrue();
    return m.group();
  }

  static String svg(String html, String id) {
    Matcher m = Pattern.compile("(?s)<svg[^>]* id=\"" + Pattern.quote(id) + "\".*?</svg>").matcher(html);
    assertThat(m.find()).as("chart #" + id).isTrue();
    return m.group();
  }

  /** The text of a summary table's cell: column 1 is the reference, 2 the current. */
  static String cell(String html, String rowName, int column) {
    Matcher m = Pattern.compile("<tr><th>" + Pattern.quote(rowName) + "</th><td>([^<]*)</td><td>([^<]*)</td>")
        .matcher(html);
    assertThat(m.find()).as("row " + rowName).isTrue();
    return m.group(column);
  }

  /** The features of a drift report's sections, in order. */
  static List<String> featureSections(String html) {
    Matcher m = Pattern.compile("<section class=\"feature\"[^>]* data-feature=\"([^\"]*)\"").matcher(html);
    List<String> features = new java.util.ArrayList<>();
    while (m.find()) {
      features.add(m.group(1));
    }
    return features;
  }

  /** A summary table's cell as a number. */
  static double number(String html, String rowName, int column) {
    return Double.parseDouble(cell(html, rowName, column));
  }

  /** The numbers in the cells of a class, in order. */
  static List<Double> numbers(String html, String cellClass) {
    Matcher m = Pattern.compile("<td class=\"" + Pattern.quote(cellClass) + "\">([^<]*)</td>").matcher(html);
    List<Double> values = new java.util.ArrayList<>();
    while (m.find()) {
      values.add(Double.parseDouble(m.group(1)));
    }
    return values;
  }

  /** The rows of a table's body, each from {@code <tr} to {@code </tr>}, in order. */
  static List<String> tableRows(String table) {
    String body = table.substring(table.indexOf("<tbody>"));
    Matcher m = Pattern.compile("(?s)<tr.*?</tr>").matcher(body);
    List<String> rows = new java.util.ArrayList<>();
    while (m.find()) {
      rows.add(m.group());
    }
    return rows;
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
