package dev.mlops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium): following links, the forms and the small
 * script, the style sheet under the content security policy, and markup from users shown as
 * text. Skipped where Chromium or chromedriver is missing; {@code .ci/run} installs both.
 */
@Tag("chromium")
class ConsoleBrowserTest {

  static final String TOKEN = "browser-test-token-0123456789";

  @TempDir static Path directory;
  static ConsoleFixture fixture;
  static ModelConsole readOnly;
  static ModelConsole changes;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    fixture = new ConsoleFixture(directory);
    readOnly = fixture.console().start();
    changes = ModelConsole.builder().registry(fixture.registry).port(0).bearerToken(TOKEN).allowChanges()
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
      readOnly.close();
      changes.close();
      fixture.registry.close();
    }
  }

  @Test
  void theModelsPageLeadsToAModelAndToAVersionWhoseChecksumsVerify() throws Exception {
    browser.open(readOnly.uri() + "models");
    browser.awaitHeading("Models");
    assertThat(rows("#models tbody tr")).hasSize(3);
    // the style sheet applies, under a policy that allows only the console's own
    assertThat(browser.script("return getComputedStyle(document.querySelector('header')).display"))
        .isEqualTo("flex");
    browser.screenshot("models");

    browser.find("#search-name").sendKeys("chu");
    WebElement search = browser.find("form.filters button");
    search.click();
    browser.awaitReload(search);
    assertThat(rows("#models tbody tr")).hasSize(1);
    browser.driver.findElement(By.linkText("churn")).click();
    browser.awaitHeading("Model churn");
    assertThat(browser.find("#alias-table").getText()).contains("production", "v2", "staging", "v3");
    browser.screenshot("model");

    browser.find("#versions-table tr[data-version='1'] a").click();
    browser.awaitHeading("churn version 1");
    assertThat(browser.find("#profile-table").getText()).contains("age", "plan");
    WebElement verify = browser.find("#verify button");
    verify.click();
    browser.awaitReload(verify);
    assertThat(browser.find("#verification").getText()).startsWith("Verified:");
    browser.screenshot("version-verified");
  }

  @Test
  void twoRunsAreComparedWithTheirDifferencesHighlighted() throws Exception {
    browser.open(readOnly.uri() + "runs");
    browser.awaitHeading("Training runs");
    WebElement compare = browser.find("#compare");
    assertThat(compare.isEnabled()).isFalse(); // the script wants two runs
    browser.find("tr[data-run='run-one-1111'] input").click();
    browser.find("tr[data-run='run-two-2222'] input").click();
    assertThat(browser.find("#selected-count").getText()).isEqualTo("2 selected");
    compare.click();
    browser.awaitHeading("Comparing 2 runs");
    WebElement learningRate = browser.find("tr[data-row='parameters:learning_rate']");
    assertThat(learningRate.getAttribute("class")).isEqualTo("differs");
    assertThat(learningRate.getText()).contains("0.1", "0.05");
    assertThat(learningRate.findElement(By.tagName("td")).getCssValue("background-color"))
        .isEqualTo("rgba(255, 244, 214, 1)");
    assertThat(browser.find("tr[data-row='parameters:epochs']").getAttribute("class")).isEqualTo("same");
    browser.screenshot("runs-compared");
  }

  @Test
  void aDriftReportOpensAndItsDriftedOnlyFilterApplies() throws Exception {
    browser.open(readOnly.uri() + "drift/churn");
    browser.awaitHeading("Drift reports of churn");
    assertThat(rowAttributes("#reports tbody tr", "data-report"))
        .containsExactly("week-2.json", "week-1.json", "broken.json");
    WebElement driftedOnly = browser.find("#drifted-only");
    driftedOnly.click(); // the script submits the filter
    browser.awaitReload(driftedOnly);
    assertThat(browser.driver.getCurrentUrl()).contains("drifted=1");
    assertThat(rowAttributes("#reports tbody tr", "data-report")).containsExactly("week-2.json");
    browser.driver.findElement(By.linkText("week-2.json")).click();
    browser.awaitHeading("Drift report week-2.json");
    assertThat(rows("#features tbody tr")).hasSize(2);
    assertThat(browser.driver.findElements(By.cssSelector("section.feature svg"))).hasSize(2);
    browser.screenshot("drift-report");

    browser.open(readOnly.uri() + "drift/churn/week-1.json");
    browser.awaitHeading("Drift report week-1.json");
    assertThat(rows("#features tbody tr")).hasSize(2);
    WebElement featuresDriftedOnly = browser.find("#drifted-only");
    featuresDriftedOnly.click();
    browser.awaitReload(featuresDriftedOnly);
    assertThat(browser.driver.getCurrentUrl()).contains("drifted=1");
    assertThat(rows("#features tbody tr")).isEmpty();
    assertThat(browser.find("#feature-count").getText()).isEqualTo("0 of 2 tested features");
    browser.screenshot("drift-report-filtered");
  }

  @Test
  void anAliasMovesWhenChangesAreAllowedAndTheAuditEntryShows() throws Exception {
    browser.open(changes.uri() + "models/churn");
    browser.awaitHeading("Sign in");
    browser.find("#token").sendKeys(TOKEN);
    browser.find("#name").sendKeys("dana");
    browser.find("#login button").click();
    browser.awaitHeading("Model churn");
    WebElement production = browser.find("#alias-table tr[data-alias='production']");
    new Select(production.findElement(By.name("version"))).selectByVisibleText("v3");
    production.findElement(By.name("reason")).sendKeys("browser test");
    production.findElement(By.cssSelector("button")).click();
    browser.awaitReload(production);
    browser.awaitHeading("Model churn");
    assertThat(browser.find("#alias-table tr[data-alias='production'] td.target").getText()).isEqualTo("v3");
    WebElement newest = browser.find("#alias-history-table tbody tr");
    assertThat(newest.getText()).contains("production", "v2", "v3",
        "moved by ui:dana in the web console: browser test");
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 3);
    browser.screenshot("alias-moved");
  }

  @Test
  void markupInDescriptionsTagsAndFeatureNamesIsShownAsText() throws Exception {
    browser.open(readOnly.uri() + "models");
    browser.awaitHeading("Models");
    WebElement xss = browser.find("#models tr[data-model='xss']");
    assertThat(xss.findElement(By.cssSelector("td.description")).getText())
        .isEqualTo(ConsoleFixture.XSS_DESCRIPTION);
    assertThat(xss.getText()).contains("owner=" + ConsoleFixture.XSS_MODEL_TAG);
    assertNoScriptRan();

    browser.open(readOnly.uri() + "models/xss/versions/1");
    browser.awaitHeading("xss version 1");
    assertThat(browser.find("#version-tags").getText()).contains("note " + ConsoleFixture.XSS_TAG_VALUE);
    assertThat(browser.find("#signature-inputs tbody td").getText()).isEqualTo(ConsoleFixture.XSS_FEATURE);
    assertThat(rowAttributes("#profile-table tbody tr", "data-feature"))
        .containsExactlyInAnyOrder(ConsoleFixture.XSS_FEATURE, ConsoleFixture.XSS_SKIPPED_FEATURE);
    assertNoScriptRan();
    browser.screenshot("escaped-markup");

    browser.open(readOnly.uri() + "drift/xss/markup.json");
    browser.awaitHeading("Drift report markup.json");
    assertThat(browser.find("#features tbody tr a").getText()).isEqualTo(ConsoleFixture.XSS_FEATURE);
    assertThat(browser.find("section.feature h2").getText()).startsWith(ConsoleFixture.XSS_FEATURE + " ");
    assertThat(browser.find("section.feature svg").getAttribute("data-feature")).isEqualTo(ConsoleFixture.XSS_FEATURE);
    assertThat(browser.find("#skipped tbody td").getText()).isEqualTo(ConsoleFixture.XSS_SKIPPED_FEATURE);
    assertNoScriptRan();
    browser.screenshot("escaped-feature-names");
  }

  private static void assertNoScriptRan() {
    assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.script("return document.querySelectorAll('script').length")).isEqualTo(1L);
    assertThat(browser.script("return document.querySelectorAll('img, b').length")).isEqualTo(0L);
    // everything the page loaded came from the console itself
    @SuppressWarnings("unchecked")
    List<String> loaded = (List<String>) browser.script(
        "return performance.getEntriesByType('resource').map(r => r.name)");
    assertThat(loaded).allSatisfy(url -> assertThat(url).startsWith(readOnly.uri().toString()));
  }

  private static List<WebElement> rows(String css) {
    return browser.driver.findElements(By.cssSelector(css));
  }

  private static List<String> rowAttributes(String css, String attribute) {
    return rows(css).stream().map(e -> e.getAttribute(attribute)).toList();
  }
}
