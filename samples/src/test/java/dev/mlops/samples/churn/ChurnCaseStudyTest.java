package dev.mlops.samples.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.io.internal.CsvRecordReader;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.testkit.data.DriftKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The case study at a small size: the whole loop, trained and served on PyTorch, in CI. */
class ChurnCaseStudyTest {

  @TempDir static Path output;

  private static CaseStudySettings settings;
  private static CaseStudyResult result;

  @BeforeAll
  static void runTheCaseStudyOnce() {
    settings = CaseStudySettings.small(output.resolve("run"));
    result = ChurnCaseStudy.run(settings, new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void driftIsAlertedWithinOneWindowOfItsOnsetAndNotBefore() {
    assertThat(result.firstDriftAlertWeek()).isPresent();
    assertThat(result.firstDriftAlertWeek().getAsInt())
        .isBetween(settings.driftOnsetWeek(), settings.driftOnsetWeek() + 1);
    assertThat(result.weeks().subList(0, settings.driftOnsetWeek()))
        .allSatisfy(w -> assertThat(w.alerts()).as("alerts of week %d", w.week()).isZero());
  }

  @Test
  void theEstimatedAccuracyFallsInTheWeekOfTheDriftBeforeAnyOfItsLabels() {
    List<WeekSummary> before = result.weeks().subList(0, settings.driftOnsetWeek());
    WeekSummary onset = result.weeks().get(settings.driftOnsetWeek());
    result.weeks().forEach(w -> System.out.printf("week %d: estimated %.3f, realized %.3f%n",
        w.week(), w.estimatedAccuracy(), w.accuracy()));
    assertThat(result.weeks()).allSatisfy(w ->
        assertThat(w.estimatedAccuracy()).as("week %d", w.week()).isBetween(0.0, 1.0));
    assertThat(before).allSatisfy(w -> assertThat(w.estimatedAccuracy()).as("week %d", w.week())
        .isCloseTo(w.accuracy(), org.assertj.core.api.Assertions.within(0.06)));
    double calm = before.stream().mapToDouble(WeekSummary::estimatedAccuracy).average()
        .orElseThrow();
    assertThat(onset.estimatedAccuracy()).isLessThan(calm - 0.05);
  }

  @Test
  void aChallengerIsPromotedOnlyAfterTheDrift() {
    assertThat(result.promotions()).isPositive();
    assertThat(result.weeks().subList(0, settings.driftOnsetWeek()))
        .allSatisfy(w -> assertThat(w.promotions()).as("promotions of week %d", w.week()).isZero());
    assertThat(result.weeks().get(0).versions()).isEqualTo("v1");
  }

  @Test
  void afterTheSwapTheServedModelBeatsVersionOneOnTheDriftedCustomers() {
    int from = result.firstWeekAfterSwap().orElseThrow();
    List<WeekSummary> after = result.weeks().subList(from, result.weeks().size());

    assertThat(after).isNotEmpty().allSatisfy(w -> assertThat(w.drifted()).isTrue());
    double served = after.stream().mapToDouble(WeekSummary::accuracy).average().orElseThrow();
    double leftAlone = after.stream().mapToDouble(WeekSummary::baselineAccuracy).average().orElseThrow();
    assertThat(served).isGreaterThan(leftAlone + 0.03);
    assertThat(after).allSatisfy(w -> assertThat(w.versions().split(">")).doesNotContain("v1"));
  }

  @Test
  void beforeTheDriftBothRunsAreTheSameModelOnTheSameCustomers() {
    assertThat(result.weeks().subList(0, settings.driftOnsetWeek())).allSatisfy(w -> {
      assertThat(w.accuracy()).isEqualTo(w.baselineAccuracy());
      assertThat(w.accuracy()).isGreaterThan(0.78);
    });
  }

  @Test
  void noCallFailsWhileModelsAreSwapped() {
    assertThat(result.failedCalls()).isZero();
    assertThat(result.weeks()).allSatisfy(w -> assertThat(w.traffic()).isEqualTo(settings.trafficPerWeek()));
  }

  @Test
  void everythingIsWrittenUnderTheOutputFolderAndTheRegistryCanBeOpenedAgain() throws IOException {
    Path root = result.outputDirectory();
    assertThat(result.report()).isEqualTo(root.resolve("report.html"));
    String report = Files.readString(result.report());
    assertThat(report).contains("<svg", "<polyline", "v1 forever", "drift-report-week-");
    assertThat(root.resolve("weeks.csv")).content().startsWith(WeekTable.HEADER)
        .hasLineCount(settings.weeks() + 1);
    try (CsvRecordReader weeks = CsvRecordReader.open(root.resolve("weeks.csv"))) {
      assertThat(String.join(",", weeks.header())).isEqualTo(WeekTable.HEADER);
      for (String[] week = weeks.next(); week != null; week = weeks.next()) {
        assertThat(week).hasSameSizeAs(weeks.header().toArray());
        assertThat(week[3]).matches("-|v\\d+(>v\\d+)*");
      }
    }
    assertThat(root.resolve("training-runs.jsonl")).isNotEmptyFile();
    assertThat(root.resolve("alerts-received.jsonl")).content().contains("dataset-drift");
    assertThat(result.alertsReceived()).isPositive();
    try (var files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("drift-report-week-\\d+\\.html"))
          .anyMatch(n -> n.matches("drift-report-week-\\d+\\.json"));
    }
    try (ModelRegistry registry = ModelRegistries.open("file:" + root.resolve("registry"))) {
      int production = registry.getModel("churn").aliases().get("production");
      assertThat(production).isGreaterThan(1);
      assertThat(registry.getVersion("churn", production).lineage().datasetFingerprint()).isNotBlank();
    }
  }

  @Test
  void aFolderThatTheCaseStudyDidNotWriteIsLeftAlone(@TempDir Path other) throws IOException {
    Files.writeString(other.resolve("precious.txt"), "keep me");

    assertThatThrownBy(() -> ChurnCaseStudy.run(CaseStudySettings.small(other),
        new PrintStream(OutputStream.nullOutputStream())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not empty");
    assertThat(other.resolve("precious.txt")).hasContent("keep me");
  }

  @Test
  void theCommandLineChoosesTheFolderAndTheStory() {
    CaseStudySettings parsed = ChurnCaseStudy.parse(new String[] {
        "out", "--small", "--weeks", "9", "--onset", "4", "--kind", "concept", "--severity", "0.5"});

    assertThat(parsed.outputDirectory()).isEqualTo(Path.of("out"));
    assertThat(parsed.weeks()).isEqualTo(9);
    assertThat(parsed.driftOnsetWeek()).isEqualTo(4);
    assertThat(parsed.driftKind()).isEqualTo(DriftKind.CONCEPT);
    assertThat(parsed.severity()).isEqualTo(0.5);
    assertThat(parsed.trafficPerWeek()).isEqualTo(CaseStudySettings.small(Path.of("x")).trafficPerWeek());
    assertThatThrownBy(() -> ChurnCaseStudy.parse(new String[] {"--fast"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fast");
  }
}
