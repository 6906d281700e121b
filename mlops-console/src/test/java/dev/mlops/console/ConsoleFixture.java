package dev.mlops.console;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertState;
import dev.mlops.alert.Severity;
import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.core.monitor.MonitorSnapshotJson;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.training.TrainingRunLog;
import dev.mlops.drift.DriftReport;
import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.training.TrainingRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A registry, run log, drift reports and monitor windows for the console's tests:
 *
 * <ul>
 *   <li>{@code churn}: versions 1 to 3 (format {@code custom}, a reference profile in version 1),
 *       {@code production} on 2, {@code staging} on 3 (awaiting approval);
 *   <li>{@code fraud}: one version, model tag {@code team=risk};
 *   <li>{@code xss}: a version whose description and tags hold markup and quotes, and whose
 *       signature, input example and reference profile have a feature named with markup.
 * </ul>
 *
 * <p>Three training runs of churn (two succeeded with different learning rates, one failed); two
 * drift reports of churn (one drifted, where a tenth of the current ages are missing) and a file
 * that is not one; a drift report of xss whose features are named with markup (one tested, one
 * skipped); monitor windows of churn's versions 2 and 3, the first two days without drift and the
 * last two drifted; and {@link #alerts} holding two alerts of churn and one of fraud.
 */
final class ConsoleFixture {

  static final String XSS_DESCRIPTION = "<script>alert(\"description\")</script> & 'quoted'";
  static final String XSS_TAG_VALUE = "\"><script>alert('tag')</script><b x='";
  static final String XSS_MODEL_TAG = "<img src=x onerror=alert(1)>";
  static final String XSS_FEATURE = "<script>alert(\"feature\")</script> & 'x'";
  /** A feature of the xss drift report without current values, listed as not tested. */
  static final String XSS_SKIPPED_FEATURE = "\"><img src=x onerror=alert('skipped')>";
  static final Instant T0 = Instant.parse("2026-05-04T00:00:00Z");

  final Path root;
  final FileModelRegistry registry;
  final Path runLogFile;
  final TrainingRunLog runLog;
  final Path driftReports;
  final Path monitorWindows;
  final List<TrainingRun> runs = new ArrayList<>();
  final RecentAlerts alerts = RecentAlerts.create();

  ConsoleFixture(Path root) throws IOException {
    this.root = root;
    this.registry = FileModelRegistry.builder().root(root.resolve("registry")).actor("test:fixture").open();
    this.runLogFile = root.resolve("training-runs.jsonl");
    this.runLog = TrainingRunLog.jsonLines(runLogFile);
    this.driftReports = root.resolve("drift-reports");
    this.monitorWindows = root.resolve("monitor-windows.jsonl");
    ModelVersion v1 = register("churn", 1, 0.81, "0.1", null, true);
    ModelVersion v2 = register("churn", 2, 0.84, "0.1", 1, false);
    ModelVersion v3 = register("churn", 3, 0.86, "0.05", 2, false);
    registry.setAlias("churn", "production", 2, AliasPrecondition.absent(), "first release");
    registry.setAlias("churn", "staging", 3, AliasPrecondition.absent(), "awaiting approval: better accuracy");
    register("fraud", 1, 0.7, "0.2", null, false);
    registry.setModelTag("fraud", "team", "risk");
    Path xss = Files.createDirectories(root.resolve("artifacts/xss"));
    Files.writeString(xss.resolve("model.bin"), "xss model");
    ReferenceProfiles.write(DatasetProfile.of(markupTable(0, 0.0, 100, false)), xss);
    ModelSignature xssSignature = ModelSignature.of(List.of(FieldSpec.scalar(XSS_FEATURE, DataType.FLOAT64)),
        List.of(FieldSpec.scalar("score", DataType.FLOAT32))).withInputExample(List.of(Map.of(XSS_FEATURE, 1.5)));
    registry.register(RegistrationRequest.builder("xss").artifact(xss).format(ModelFormat.of("custom"))
        .signature(xssSignature).description(XSS_DESCRIPTION).tag("note", XSS_TAG_VALUE).build());
    registry.setModelTag("xss", "owner", XSS_MODEL_TAG);
    runs.add(run("run-one-1111", v2, Map.of("accuracy", 0.84, "log_loss", 0.41), null, 0));
    runs.add(run("run-two-2222", v3, Map.of("accuracy", 0.86, "log_loss", 0.39), null, 1));
    runs.add(run("run-failed-3333", null, Map.of("accuracy", 0.62),
        "Checking metric floors: accuracy 0.62 is below the floor 0.75", 2));
    runs.forEach(runLog::record);
    writeDriftReports();
    writeMonitorWindows();
    alerts.send(new Alert("accuracy-below-0.8", Severity.WARNING, AlertState.FIRING, "churn", 2,
        "accuracy 0.78 is below 0.8", T0.plus(Duration.ofDays(3))));
    alerts.send(new Alert("other-model", Severity.CRITICAL, AlertState.FIRING, "fraud", 1,
        "not churn's", T0.plus(Duration.ofDays(3))));
    alerts.send(new Alert("drift-share-above-0.5", Severity.CRITICAL, AlertState.FIRING, "churn", 3,
        "drifted share 100% is above 50%", T0.plus(Duration.ofDays(4))));
    if (v1.version() != 1) {
      throw new IllegalStateException("unexpected version " + v1.version());
    }
  }

  private ModelVersion register(String model, int expected, double accuracy, String learningRate,
      Integer parent, boolean profile) throws IOException {
    Path dir = Files.createDirectories(root.resolve("artifacts/" + model + "-" + expected));
    Files.writeString(dir.resolve("model.bin"), model + " model " + expected, StandardCharsets.UTF_8);
    if (profile) {
      ReferenceProfiles.write(DatasetProfile.of(table(0, 0.0, 200)), dir);
    }
    Lineage.Builder lineage = Lineage.builder().datasetFingerprint("f" + expected + "a1b2c3d4e5f6a7b8c9d0")
        .codeVersion("git-" + expected).configHash("c" + expected).seed(42L + expected)
        .environment("java.version", "17");
    if (parent != null) {
      lineage.parentVersion(parent);
    }
    ModelSignature signature = ModelSignature.of(
        List.of(FieldSpec.scalar("age", DataType.FLOAT64), FieldSpec.categorical("plan", List.of("basic", "pro"))),
        List.of(FieldSpec.scalar("score", DataType.FLOAT32)))
        .withInputExample(List.of(Map.of("age", 42.5, "plan", "pro"), Map.of("age", 18.0, "plan", "basic")));
    return registry.register(RegistrationRequest.builder(model).artifact(dir).format(ModelFormat.of("custom"))
        .signature(signature).metric("accuracy", accuracy).param("learning_rate", learningRate)
        .param("epochs", "10").tag("stage", "v" + expected).lineage(lineage.build())
        .description(model + " version " + expected).build());
  }

  private TrainingRun run(String id, ModelVersion registered, Map<String, Double> metrics,
      String failure, int hour) {
    Instant start = T0.plus(Duration.ofHours(hour));
    return new TrainingRun(id, "churn", failure == null ? TrainingRun.Status.SUCCEEDED
        : TrainingRun.Status.FAILED, registered, metrics, failure, start, start.plusSeconds(30 + hour));
  }

  /** Two features, "age" numeric and "plan" categorical; shift moves ages, pro share changes plans. */
  static DataTable table(long seed, double shift, int rows) {
    return table(seed, shift, rows, 0);
  }

  /** As {@link #table(long, double, int)}, with every {@code missingEvery}th age missing (0: none). */
  static DataTable table(long seed, double shift, int rows, int missingEvery) {
    Random random = new Random(seed);
    double[] ages = new double[rows];
    List<String> plans = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      ages[i] = 40 + shift + 10 * random.nextGaussian();
      if (missingEvery > 0 && i % missingEvery == 0) {
        ages[i] = Double.NaN;
      }
      plans.add(random.nextDouble() < (shift > 0 ? 0.8 : 0.3) ? "pro" : "basic");
    }
    return DataTable.builder().numeric("age", ages).categorical("plan", plans).build();
  }

  /**
   * Two numeric features named with markup: {@link #XSS_FEATURE} around 0 plus shift, and
   * {@link #XSS_SKIPPED_FEATURE}, entirely missing where {@code skippedMissing}.
   */
  static DataTable markupTable(long seed, double shift, int rows, boolean skippedMissing) {
    Random random = new Random(seed);
    double[] values = new double[rows];
    double[] others = new double[rows];
    for (int i = 0; i < rows; i++) {
      values[i] = shift + random.nextGaussian();
      others[i] = skippedMissing ? Double.NaN : random.nextGaussian();
    }
    return DataTable.builder().numeric(XSS_FEATURE, values).numeric(XSS_SKIPPED_FEATURE, others).build();
  }

  private void writeDriftReports() throws IOException {
    Path churn = Files.createDirectories(driftReports.resolve("churn"));
    DriftReport stable = DriftAnalyzer.withDefaults().analyze(table(1, 0, 300), table(2, 0, 300));
    DriftReport drifted = DriftAnalyzer.withDefaults().analyze(table(1, 0, 300), table(3, 15, 300, 10));
    Files.writeString(churn.resolve("week-1.json"), DriftReportJson.toJson(stable));
    Files.writeString(churn.resolve("week-2.json"), DriftReportJson.toJson(drifted));
    Files.writeString(churn.resolve("broken.json"), "{\"schema\": \"something else\"}");
    Files.writeString(churn.resolve("notes.txt"), "not a report");
    Path xss = Files.createDirectories(driftReports.resolve("xss"));
    DriftReport markup = DriftAnalyzer.withDefaults().analyze(markupTable(4, 0, 200, false),
        markupTable(5, 3, 200, true));
    Files.writeString(xss.resolve("markup.json"), DriftReportJson.toJson(markup));
  }

  /** Four daily windows of versions 2 and 3; the inputs drifted (every feature) from day 3 on. */
  private void writeMonitorWindows() throws IOException {
    StringBuilder lines = new StringBuilder();
    DriftReport stable = DriftAnalyzer.withDefaults().analyze(table(1, 0, 300), table(2, 0, 300));
    DriftReport drifted = DriftAnalyzer.withDefaults().analyze(table(1, 0, 300), table(3, 15, 300));
    for (int w = 0; w < 4; w++) {
      Instant start = T0.plus(Duration.ofDays(w));
      for (int version : new int[] {2, 3}) {
        long predictions = 1000L + 100L * w + version;
        MonitorSnapshot s = new MonitorSnapshot("churn", version, start, start.plus(Duration.ofDays(1)),
            true, predictions, w * version, predictions / 10,
            new LatencySummary(predictions, Duration.ofMillis(2 + w), Duration.ofMillis(5 + w),
                Duration.ofMillis(9 + w), Duration.ofMillis(20)),
            w < 2 ? stable : drifted, Map.of("accuracy", 0.8 - 0.02 * w + 0.01 * version), Map.of("accuracy", 0.84),
            new OutcomeCounts(50 + w, 0, 0, 0, 10));
        lines.append(MonitorSnapshotJson.toJson(s).replace("\n", "")).append('\n');
      }
    }
    Files.writeString(monitorWindows, lines.toString());
  }

  ModelConsole.Builder console() {
    return ModelConsole.builder().registry(registry).port(0).runLog(runLog).driftReports(driftReports)
        .monitorHistory(MonitorHistory.jsonLines(monitorWindows).withAlerts(alerts));
  }
}
