package dev.mlops.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, with nothing fetched from the
 * network: the driver and the browser are named explicitly, so Selenium Manager never runs, and
 * Chromium starts without background networking, component updates, sync or first-run tasks, in
 * a fresh profile. Screenshots go to {@code target/console-screenshots}.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** Held so that its level sticks: Selenium warns it has no DevTools bindings for this Chromium. */
  private static final java.util.logging.Logger SELENIUM_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium");

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium, or skips the test where it or its driver is missing. */
  static Browser start() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium or its driver is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
            + "; apt-get install -y chromium chromium-driver): skipping the browser tests");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
    Path profile = Files.createTempDirectory("console-chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-default-apps", "--disable-extensions", "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort()
        .withTimeout(Duration.ofMinutes(2)).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(2));
    Files.createDirectories(SCREENSHOTS);
    return new Browser(service, driver, profile);
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until the page's heading says this, after a click that loads a page. */
  void awaitHeading(String heading) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.cssSelector("main h1"), heading));
  }

  /** Waits until the page holding this element was replaced by the next one. */
  void awaitReload(WebElement onOldPage) {
    new WebDriverWait(driver, WAIT).until(d -> isDetached(onOldPage));
  }

  private static boolean isDetached(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      // Chromium 156 answers a question about an element of a page that is being replaced with
      // this unknown error instead of a stale element: the old document is gone all the same.
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  Object script(String javascript, Object... arguments) {
    return driver.executeScript(javascript, arguments);
  }

  void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
