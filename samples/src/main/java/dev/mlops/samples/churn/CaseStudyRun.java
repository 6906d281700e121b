package dev.mlops.samples.churn;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertState;
import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.AlertRules;
import dev.mlops.core.alert.LogAlertSink;
import dev.mlops.core.alert.WebhookAlertSink;
import dev.mlops.core.lifecycle.CycleResult;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.lifecycle.LifecycleEvent;
import dev.mlops.core.lifecycle.PairedComparisonGate;
import dev.mlops.core.lifecycle.ComparisonRules;
import dev.mlops.core.lifecycle.RetrainPolicies;
import dev.mlops.core.metrics.ClassificationReport;
import dev.mlops.core.metrics.MetricNames;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.training.ClassificationEvaluator;
import dev.mlops.core.training.TrainingPipeline;
import dev.mlops.core.training.TrainingRunLog;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.djl.training.DjlTabularTrainer;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelVersion;
import dev.mlops.testkit.ManualClock;
import dev.mlops.testkit.data.ChurnDataGenerator;
import dev.mlops.testkit.data.ChurnRow;
import dev.mlops.training.DataSource;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** One run of the case study: the business, its model, and the SDK's loop around it. */
final class CaseStudyRun implements AutoCloseable {

  static final String MODEL = "churn";
  /** A Thursday: the monitor's weekly windows, aligned to the epoch (a Thursday), start on it. */
  static final Instant START = Instant.parse("2025-01-02T00:00:00Z");
  static final Duration WEEK = Duration.ofDays(7);
  private static final Duration FIRST_CHECK = Duration.ofHours(1);
  private static final Duration MIDWEEK = Duration.ofHours(84);
  private static final Duration SWAP_DEADLINE = Duration.ofMinutes(2);
  private static final String MARKER = ".churn-case-study";

  private final CaseStudySettings settings;
  private final PrintStream out;
  private final Path root;
  private final ManualClock clock = new ManualClock(START.minus(Duration.ofHours(12)));
  private final ChurnDataGenerator data;
  private final LabelledHistory history;
  private final List<GateRecord> gateRecords = new CopyOnWriteArrayList<>();
  private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
  private final List<CycleResult> cycles = new CopyOnWriteArrayList<>();
  private final AlertLog alertLog = new AlertLog();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Map<Integer, List<String>> classesByVersion = new ConcurrentHashMap<>();
  private volatile int currentWeek;

  private final FileModelRegistry registry;
  private final WebhookReceiver webhook;
  private final ApplicationTraffic application;
  private final DjlPredictors predictors;
  private final Trainer trainer;
  private final TrainingRunLog runLog;

  CaseStudyRun(CaseStudySettings settings, PrintStream out) throws IOException {
    this.settings = settings;
    this.out = out;
    this.root = prepare(settings.outputDirectory());
    this.data = ChurnDataGenerator.builder().seed(settings.seed())
        .drift(settings.driftKind(), settings.driftOnsetWeek(), settings.severity()).build();
    this.history = new LabelledHistory(settings.trainingWeeks());
    this.registry = keep(FileModelRegistry.builder().root(root.resolve("registry")).clock(clock)
        .actor("churn-case-study").open());
    this.webhook = keep(WebhookReceiver.start(body -> out.println("  webhook received: " + body)));
    this.application = keep(new ApplicationTraffic(settings.applicationThreads()));
    this.predictors = DjlPredictors.builder().registry(registry).pollInterval(Duration.ofSeconds(1))
        .build();
    // A small multilayer perceptron (one hidden layer of 8); leave out hiddenLayers for a plain
    // logistic model, which trains as well but was not used for the figures in the README.
    this.trainer = DjlTabularTrainer.builder().hiddenLayers(8).epochs(settings.epochs())
        .batchSize(128).learningRate(0.03).build();
    this.runLog = TrainingRunLog.jsonLines(root.resolve("training-runs.jsonl"));
  }

  CaseStudyResult execute() throws IOException {
    out.printf("Churn case study: %d weeks, %s drift of severity %.1f from week %d, %d calls a week"
        + " on %d threads; writing to %s%n", settings.weeks(), settings.driftKind(),
        settings.severity(), settings.driftOnsetWeek(), settings.trafficPerWeek(),
        settings.applicationThreads(), root);
    ModelVersion first = trainFirstModel();
    ModelMonitor monitor = keep(ModelMonitor.builder().clock(clock).tumblingWindow(WEEK)
        .registry(registry).keptWindows(settings.weeks() * 4 + 8)
        .joinBuffer(settings.trafficPerWeek() * 3, Duration.ofDays(15)).build());
    Deployment<Map<String, Object>, Prediction> served =
        keep(monitor.wrap(predictors.deploy("models:/" + MODEL + "@production")));
    Predictor<Map<String, Object>, Prediction> leftAlone = keep(predictors.load(first.uri()));
    AlertDispatcher alerts = AlertDispatcher.builder()
        .rule(AlertRules.datasetDrift().withCooldown(Duration.ofDays(6)))
        .rule(AlertRules.metricBelow(MetricNames.ACCURACY, 0.75))
        .sink(new LogAlertSink())
        .sink(WebhookAlertSink.builder(webhook.uri()).build())
        .sink(alertLog)
        .build();
    LifecycleController controller = keep(controller(monitor));

    List<WeekData> weeks = new ArrayList<>();
    try {
      for (int w = 0; w < settings.weeks(); w++) {
        currentWeek = w;
        clock.setInstant(weekStart(w).plus(FIRST_CHECK));
        if (w > 0) {
          labelsArrive(weeks.get(w - 1), monitor, alerts);
        }
        weeks.add(simulateWeek(w, served, leftAlone, monitor, alerts, controller));
      }
      clock.setInstant(weekStart(settings.weeks()).plus(FIRST_CHECK));
      labelsArrive(weeks.get(weeks.size() - 1), monitor, alerts);
    } finally {
      alerts.close();
    }
    List<MonitorSnapshot> windows = monitor.closedWindows();
    List<WeekSummary> summaries = summarise(weeks, windows);
    Path report = new CaseStudyReport(root, settings, summaries, windows, alertLog.alerts(),
        gateRecords, webhook.received()).write();
    new WeekTable(summaries).print(out);
    return new CaseStudyResult(summaries, settings.driftOnsetWeek(), firstDriftAlertWeek(),
        root, report, webhook.received().size());
  }

  // ---- week 0 ----

  private ModelVersion trainFirstModel() {
    List<ChurnRow> past = data.week(0, settings.historyRows(), 0);
    out.printf("Week 0: training the first model on %d customers of history%n", past.size());
    TrainingRun run = pipeline(LabelledHistory.of(past, "customer history before go-live"), "history")
        .run();
    if (!run.succeeded() || run.registered() == null) {
      throw new IllegalStateException("The first model could not be trained: " + run.failure());
    }
    ModelVersion v1 = run.registered();
    registry.setAlias(MODEL, "production", v1.version(), AliasPrecondition.absent(),
        "first model, trained on history");
    out.printf("  registered %s (accuracy %.3f on its hold-out) and promoted it to production%n",
        v1.uri(), v1.metrics().get(MetricNames.ACCURACY));
    return v1;
  }

  private TrainingPipeline pipeline(DataSource source, String trainedOn) {
    return TrainingPipeline.builder(registry, MODEL)
        .dataSource(source)
        .trainer(trainer)
        .evaluator(ClassificationEvaluator.withPositiveClass(ChurnDataGenerator.YES))
        .seed(settings.seed())
        .clock(clock)
        .runLog(runLog)
        .codeVersionFrom(ChurnCaseStudy.class)
        .description("churn model trained on " + trainedOn)
        .tag("case-study.week", Integer.toString(currentWeek))
        .build();
  }

  private LifecycleController controller(ModelMonitor monitor) {
    PairedComparisonGate paired = PairedComparisonGate.builder(
            () -> LabelledHistory.of(freshRows(), "fresh").fetch(), v -> predictors.load(v.uri()))
        .rules(PromotionGateThresholds.standard().rules())
        .build();
    FreshDataGate gate = new FreshDataGate(paired, this::freshRows, () -> currentWeek, gateRecords);
    LifecycleController controller = LifecycleController.builder(registry, MODEL)
        .snapshots(() -> Optional.of(monitor.snapshot()))
        .retrainPolicy(RetrainPolicies.anyOf(
            RetrainPolicies.weekly(DayOfWeek.THURSDAY, LocalTime.MIDNIGHT, ZoneOffset.UTC),
            RetrainPolicies.withMinimumInterval(RetrainPolicies.anyOf(
                RetrainPolicies.onDatasetDrift(),
                // Before any label: the accuracy estimated from the week's scores fell 4 % below
                // the champion's own hold-out accuracy.
                RetrainPolicies.onEstimatedMetricDrop(MetricNames.ACCURACY, 0.04)),
                Duration.ofDays(3))))
        .trainingJob(() -> pipeline(history.recentWeeks(), history.recentWeeks().describe()).run())
        .gate(gate)
        .clock(clock)
        .build();
    controller.addListener(events::add);
    return controller;
  }

  /** Labelled customers of last week that no model trained on: what the gate judges on. */
  private List<ChurnRow> freshRows() {
    return data.week(Math.max(0, currentWeek - 1), settings.holdoutRows(), 3);
  }

  // ---- a week ----

  private WeekData simulateWeek(int w, Deployment<Map<String, Object>, Prediction> served,
      Predictor<Map<String, Object>, Prediction> leftAlone, ModelMonitor monitor,
      AlertDispatcher alerts, LifecycleController controller) {
    Instant start = weekStart(w);
    List<ChurnRow> customers = data.week(w, settings.trafficPerWeek(), 1);
    int half = customers.size() / 2;
    out.printf("Week %d%s: %d customers scored by v%d%n", w,
        data.severityAt(w) > 0 ? " (customers have changed)" : "", customers.size(),
        served.modelVersion().version());

    // The controller's cycle runs while the application keeps calling the model.
    CompletableFuture<List<ServedCall>> firstHalf = application.serve(customers.subList(0, half), served);
    if (w > 0) {
      cycle(controller, w, "start of week");
    }
    List<ServedCall> calls = new ArrayList<>(firstHalf.join());
    awaitProduction(served);

    clock.setInstant(start.plus(MIDWEEK));
    // Estimated before the second half starts, so that the window holds exactly the first half's
    // scores whichever versions served them and however the threads run.
    double estimated = estimatedAccuracy(monitor, calls);
    CompletableFuture<List<ServedCall>> secondHalf =
        application.serve(customers.subList(half, customers.size()), served);
    alerts.accept(monitor.snapshot());
    if (w > 0) {
      cycle(controller, w, "middle of week");
    }
    calls.addAll(secondHalf.join());
    awaitProduction(served);
    return new WeekData(w, data.severityAt(w) > 0, calls, Scores.of(leftAlone, customers),
        estimated);
  }

  /**
   * The accuracy the monitor estimates from the scores of the open window, over every version
   * that served a call of it (a promotion swaps versions while the application calls), weighted by
   * their rows; {@code NaN} without an estimate.
   */
  private double estimatedAccuracy(ModelMonitor monitor, List<ServedCall> calls) {
    double weighted = 0.0;
    long rows = 0;
    List<Integer> versions = calls.stream().map(ServedCall::prediction).filter(Objects::nonNull)
        .map(Prediction::version).distinct().sorted().toList();
    for (int version : versions) {
      EstimatedPerformance estimate = monitor.snapshot(version).estimated();
      Double accuracy = estimate.metrics().get(MetricNames.ACCURACY);
      if (accuracy != null && !accuracy.isNaN() && estimate.rows() > 0) {
        out.printf("  middle of week: v%d's accuracy estimated %.3f (band %.3f to %.3f) from %d"
            + " scores, no label yet%n", version, accuracy,
            estimate.lower().get(MetricNames.ACCURACY), estimate.upper().get(MetricNames.ACCURACY),
            estimate.rows());
        weighted += accuracy * estimate.rows();
        rows += estimate.rows();
      }
    }
    return rows == 0 ? Double.NaN : weighted / rows;
  }

  private void cycle(LifecycleController controller, int week, String when) {
    CycleResult result = controller.runOnce();
    cycles.add(result);
    if (result.outcome() != CycleResult.Outcome.NOT_RETRAINED) {
      out.printf("  %s: %s%s — %s%n", when, result.outcome(),
          result.challenger() == null ? "" : " v" + result.challenger(),
          String.join("; ", result.reasons()));
    }
  }

  /** Waits until the deployment serves what production points to: a promotion is swapped in. */
  private void awaitProduction(Deployment<Map<String, Object>, Prediction> served) {
    int target = Objects.requireNonNull(registry.getModel(MODEL).aliases().get("production"),
        "the production alias");
    long deadline = System.nanoTime() + SWAP_DEADLINE.toNanos();
    while (served.modelVersion().version() != target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The deployment still serves v" + served.modelVersion().version()
            + " " + SWAP_DEADLINE.toSeconds() + " s after production moved to v" + target);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the swap to v" + target, e);
      }
    }
  }

  /** A week later, the business learns which customers churned; the monitor and training hear it. */
  private void labelsArrive(WeekData week, ModelMonitor monitor, AlertDispatcher alerts) {
    for (ServedCall call : week.calls()) {
      if (call.prediction() != null) {
        monitor.recordOutcome(call.prediction().predictionId(), call.customer().churned());
      }
    }
    history.add(week.week(), week.calls().stream().map(ServedCall::customer).toList());
    Instant windowStart = weekStart(week.week());
    monitor.closedWindows().stream()
        .filter(s -> s.windowStart().equals(windowStart))
        .max(Comparator.comparingLong(MonitorSnapshot::predictions))
        .ifPresent(alerts);
  }

  // ---- the summary ----

  private List<WeekSummary> summarise(List<WeekData> weeks, List<MonitorSnapshot> windows) {
    List<WeekSummary> rows = new ArrayList<>();
    for (WeekData w : weeks) {
      Instant start = weekStart(w.week());
      Instant end = start.plus(WEEK);
      Scores served = new Scores();
      Set<Integer> versions = new LinkedHashSet<>();
      int failed = 0;
      for (ServedCall call : w.calls()) {
        Prediction p = call.prediction();
        if (p == null) {
          failed++;
          continue;
        }

        versions.add(p.version());
        served.add(p, classesOf(p.version()), call.customer().churned());
      }
      ClassificationReport withSdk = served.report();
      ClassificationReport alone = w.baseline().report();
      double driftShare = windows.stream()
          .filter(s -> s.windowStart().equals(start) && s.drift() != null)
          .max(Comparator.comparingLong(MonitorSnapshot::predictions)
              .thenComparingInt(MonitorSnapshot::version))
          .map(CaseStudyReport::driftedShare).orElse(Double.NaN);
      int alerts = (int) alertLog.alerts().stream()
          .filter(a -> a.state() == AlertState.FIRING && a.at().isAfter(start) && !a.at().isAfter(end))
          .count();
      rows.add(new WeekSummary(w.week(), w.drifted(), w.calls().size(),
          versions.stream().map(v -> "v" + v).reduce((a, b) -> a + ">" + b).orElse("-"),
          w.estimatedAccuracy(), withSdk.accuracy(), withSdk.rocAuc(), alone.accuracy(), alone.rocAuc(), driftShare, alerts,
          count(w.week(), LifecycleEvent.Kind.RUN_STARTED), count(w.week(), LifecycleEvent.Kind.PROMOTED),
          failed));
    }
    return rows;
  }

  private List<String> classesOf(int version) {
    return classesByVersion.computeIfAbsent(version,
        v -> Scores.outputClasses(registry.getVersion(MODEL, v)));
  }

  private int count(int week, LifecycleEvent.Kind kind) {
    Instant start = weekStart(week);
    Instant end = start.plus(WEEK);
    return (int) events.stream()
        .filter(e -> e.kind() == kind && !e.time().isBefore(start) && e.time().isBefore(end))
        .count();
  }

  private OptionalInt firstDriftAlertWeek() {
    return alertLog.alerts().stream()
        .filter(a -> a.state() == AlertState.FIRING && a.rule().equals("dataset-drift"))
        .map(Alert::at)
        .min(Comparator.naturalOrder())
        .map(at -> OptionalInt.of(weekOf(at)))
        .orElse(OptionalInt.empty());
  }

  /** The week an alert is about: a window's end belongs to the week that ends there. */
  static int weekOf(Instant at) {
    long seconds = Duration.between(START, at).getSeconds();
    long week = seconds / WEEK.getSeconds();
    return (int) (seconds % WEEK.getSeconds() == 0 ? week - 1 : week);
  }

  static Instant weekStart(int week) {
    return START.plus(WEEK.multipliedBy(week));
  }

  // ---- resources ----

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        out.println("  (while closing: " + e + ")");
      }
    }
  }

  /** Creates the output folder, or empties one that an earlier run wrote. */
  private static Path prepare(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(root)) {
      try (Stream<Path> entries = Files.list(root)) {
        List<Path> all = entries.toList();
        if (!all.isEmpty() && !Files.exists(root.resolve(MARKER))) {
          throw new IllegalStateException("The output folder " + root + " is not empty and was not"
              + " written by the case study; choose another folder or empty it");
        }
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(root)) {
            Files.delete(p);
          }
        }
      }
    }
    Files.createDirectories(root);
    Files.writeString(root.resolve(MARKER), "written by dev.mlops.samples.churn.ChurnCaseStudy\n");
    return root;
  }

  /** What happened in one week: the calls served and version 1's score on the same customers. */
  record WeekData(int week, boolean drifted, List<ServedCall> calls, Scores baseline,
      double estimatedAccuracy) {}

  /** Keeps the gate's rules in one place, with the reasons they were chosen. */
  record PromotionGateThresholds(double minAccuracyGain, double rocAucTolerance, double significance) {

    static PromotionGateThresholds standard() {
      // At least one point of accuracy, significant at 5 % by McNemar's exact test on the same
      // fresh customers (a point alone can be noise on a thousand rows); ROC AUC may not fall by
      // more than two points.
      return new PromotionGateThresholds(0.01, 0.02, 0.05);
    }

    ComparisonRules rules() {
      return ComparisonRules.builder()
          .require(MetricNames.ACCURACY, minAccuracyGain)
          .guard(MetricNames.ROC_AUC, rocAucTolerance)
          .significanceLevel(significance)
          .build();
    }
  }
}
