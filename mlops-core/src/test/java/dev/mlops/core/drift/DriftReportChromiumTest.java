package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML report in headless Chromium (Debian's {@code chromium} package) and checks what
 * the page shows. Skipped where /usr/bin/chromium is missing; {@code .ci/run} installs it.
 */
@Tag("chromium")
class DriftReportChromiumTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir static Path directory;
  private static String dom;
  private static BufferedImage screenshot;

  /** One Chromium run both dumps the DOM and takes the screenshot: it is slow to start. */
  @BeforeAll
  static void renderThePage() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "Chromium is not installed at " + CHROMIUM + " (apt-get install -y chromium); skipping"
            + " the rendering test");
    Path page = directory.resolve("report.html");
    Files.writeString(page, DriftReportHtml.render(Reports.report()), StandardCharsets.UTF_8);
    Path png = directory.resolve("report.png");
    Path profile = Files.createTempDirectory("chromium-profile");
    try {
      dom = chromium(page, profile, "--window-size=1200,2400", "--screenshot=" + png,
          "--dump-dom");
    } finally {
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    screenshot = ImageIO.read(png.toFile());
  }

  @Test
  void theRenderedPageShowsEveryFeatureItsVerdictAndItsChart() {
    String text = unescape(dom.replaceAll("(?s)<style>.*?</style>", "")
        .replaceAll("<[^>]+>", " ").replaceAll("\\s+", " "));

    assertThat(text).contains("Dataset drift: detected", "3 of 6 tested features drifted (50%)");
    for (String feature : List.of("age", "income", "plan", "children", "newsletter")) {
      assertThat(dom).containsPattern("<section class=\"feature (drifted|stable)\""
          + " id=\"feature-\\d\" data-feature=\"" + feature + "\">");
    }
    assertThat(text).contains("<script>alert('x')</script>"); // shown as text
    assertThat(dom).doesNotContain("<script>alert"); // never an element
    assertThat(sectionVerdict(dom, "age")).isEqualTo("Drift detected");
    assertThat(sectionVerdict(dom, "plan")).isEqualTo("Drift detected");
    assertThat(sectionVerdict(dom, "children")).isEqualTo("No drift");
    assertThat(text).contains("no present values in the current sample (500 missing)");
    assertThat(count(dom, "<svg ")).isEqualTo(6);
    // age: 12 Sturges bins, one reference and one current bar each
    assertThat(count(chart(dom, "age"), "<rect class=\"bar ")).isEqualTo(24);
    // plan: basic, enterprise, plus, pro
    assertThat(count(chart(dom, "plan"), "<rect class=\"bar ")).isEqualTo(8);
  }

  @Test
  void theScreenshotShowsTheReferenceAndCurrentBars() {
    assertThat(screenshot.getWidth()).isEqualTo(1200);
    // Bars are drawn at 55% opacity on white: reference #4c78a8 shows as about (160, 184, 209),
    // current #e45756 as about (240, 161, 162).
    assertThat(pixelsNear(screenshot, 160, 184, 209)).isGreaterThan(5_000);
    assertThat(pixelsNear(screenshot, 240, 161, 162)).isGreaterThan(5_000);
  }

  private static String chromium(Path page, Path profile, String... action) throws Exception {
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + profile));
    command.addAll(List.of(action));
    command.add(page.toUri().toString());
    Path output = directory.resolve("chromium-out.txt");
    Path errors = directory.resolve("chromium-err.txt");
    Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
        .redirectError(errors.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s");
    }
    assertThat(process.exitValue())
        .as("Chromium exit code; stderr: %s", Files.readString(errors))
        .isZero();
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
  }

  private static String sectionVerdict(String dom, String feature) {
    Matcher matcher = Pattern.compile("data-feature=\"" + feature
        + "\">\\s*<h3>[^<]*<span class=\"verdict\">([^<]+)</span>").matcher(dom);
    assertThat(matcher.find()).as("section of %s", feature).isTrue();
    return matcher.group(1);
  }

  private static String chart(String dom, String feature) {
    Matcher section = Pattern.compile("data-feature=\"" + feature + "\">\\s*<h3>").matcher(dom);
    assertThat(section.find()).as("section of %s", feature).isTrue();
    int start = dom.indexOf("<svg", section.end());
    return dom.substring(start, dom.indexOf("</svg>", start));
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }

  private static int pixelsNear(BufferedImage image, int red, int green, int blue) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (Math.abs(((rgb >> 16) & 0xff) - red) <= 12
            && Math.abs(((rgb >> 8) & 0xff) - green) <= 12
            && Math.abs((rgb & 0xff) - blue) <= 12) {
          count++;
        }
      }
    }
    return count;
  }
}
