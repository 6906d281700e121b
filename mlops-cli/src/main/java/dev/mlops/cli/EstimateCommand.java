package dev.mlops.cli;

import dev.mlops.core.estimation.BinaryPerformanceEstimator;
import dev.mlops.core.estimation.Calibration;
import dev.mlops.core.estimation.EstimatedMetric;
import dev.mlops.core.estimation.PerformanceEstimate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlops estimate}: confidence-based performance estimation of a binary classifier. Fits on
 * a reference CSV with scores and labels, estimates accuracy, precision, recall, F1 and ROC AUC on
 * a current CSV with scores only, and prints them with their confidence bands; when the current
 * file has labels too, the realized metrics beside them.
 *
 * @since 0.1
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
    description = "Estimate a binary classifier's performance on unlabelled rows (CBPE).")
public final class EstimateCommand implements Callable<Integer> {

  @Spec
  private @Nullable CommandSpec spec;

  @Option(names = "--reference", required = true, paramLabel = "REF.csv",
      description = "Rows with scores and labels, such as the model's hold-out set.")
  private Path reference = Path.of("");

  @Option(names = "--current", required = true, paramLabel = "CUR.csv",
      description = "Rows with scores, labels optional.")
  private Path current = Path.of("");

  @Option(names = "--score-column", required = true, paramLabel = "COL",
      description = "The column of the positive class's score.")
  private String scoreColumn = "";

  @Option(names = "--label-column", required = true, paramLabel = "COL",
      description = "The column of the actual label: 1/0 or true/false, or see --positive-label.")
  private String labelColumn = "";

  @Option(names = "--positive-label", paramLabel = "VALUE",
      description = "The label value that is positive; any other value is negative.")
  private @Nullable String positiveLabel;

  @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.5",
      description = "Rows scoring at least T are predicted positive (default: ${DEFAULT-VALUE}).")
  private double threshold = 0.5;

  @Option(names = "--calibration", paramLabel = "isotonic|none", defaultValue = "isotonic",
      description = "How scores become probabilities (default: ${DEFAULT-VALUE}).")
  private String calibration = "isotonic";

  @Option(names = "--chunks", paramLabel = "K", defaultValue = "10",
      description = "Reference chunks that measure the sampling error (default: ${DEFAULT-VALUE}).")
  private int chunks = 10;

  @Option(names = "--confidence-level", paramLabel = "X", defaultValue = "0.95",
      description = "Confidence level of the bands (default: ${DEFAULT-VALUE}).")
  private double level = 0.95;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  private boolean json;

  /** Creates the command; picocli sets its options. */
  public EstimateCommand() {}

  /**
   * Fits on the reference, estimates on the current file and prints the result.
   *
   * @return the exit code
   * @throws CliException if a file or column is missing, or the reference cannot be fitted (one
   *     class only, fewer rows than chunks), naming the file
   * @throws dev.mlops.core.io.internal.CsvFormatException if a score or label is malformed, naming
   *     the file, line and column
   * @throws IOException if a file cannot be read
   */
  @Override
  public Integer call() throws IOException {
    Calibration method = calibration(calibration);
    ScoredLabels ref = ScoredLabels.read(reference, scoreColumn, labelColumn, positiveLabel, true);
    ScoredLabels cur = ScoredLabels.read(current, scoreColumn, labelColumn, positiveLabel, false);
    BinaryPerformanceEstimator cbpe;
    PerformanceEstimate estimate;
    try {
      cbpe = BinaryPerformanceEstimator.builder().threshold(threshold).calibration(method)
          .referenceChunks(chunks).confidenceLevel(level)
          .fit(ref.scores(), Objects.requireNonNull(ref.labels()));
    } catch (IllegalArgumentException e) {
      throw new CliException(reference + ": " + e.getMessage(), e);
    }
    try {
      estimate = cbpe.estimate(cur.scores());
    } catch (IllegalArgumentException e) {
      throw new CliException(current + ": " + e.getMessage(), e);
    }
    Map<String, Double> realized = realized(cbpe, cur);
    PrintWriter out = Objects.requireNonNull(spec, "spec").commandLine().getOut();
    if (json) {
      out.println(Json.write(toJson(estimate, realized, cur)));
    } else {
      printTable(out, estimate, realized, cur);
    }
    return Main.EXIT_OK;
  }

  private static Calibration calibration(String name) {
    return switch (name) {
      case "isotonic" -> Calibration.ISOTONIC;
      case "none" -> Calibration.NONE;
      default -> throw new CliException("Unknown calibration '" + name + "'; use isotonic or none");
    };
  }

  /** The realized metrics on the current rows that have a label, or null without labels. */
  private static @Nullable Map<String, Double> realized(BinaryPerformanceEstimator cbpe, ScoredLabels cur) {
    if (cur.labels() == null || cur.labelledCount() == 0) {
      return null;
    }
    int n = cur.labelledCount();
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    int k = 0;
    for (int i = 0; i < cur.scores().length; i++) {
      if (cur.labelled()[i]) {
        scores[k] = cur.scores()[i];
        labels[k++] = cur.labels()[i];
      }
    }
    return cbpe.realized(scores, labels);
  }

  /**
   * The JSON: {@code {"estimated": {METRIC: value}, "bands": {METRIC: {"lower", "upper",
   * "standardError"}}, "rows", "threshold", "calibration", "confidenceLevel"}}, plus {@code
   * "realized"} and {@code "realizedRows"} when the current file has labels.
   */
  private Map<String, Object> toJson(PerformanceEstimate estimate, @Nullable Map<String, Double> realized,
      ScoredLabels cur) {
    Map<String, Object> bands = new LinkedHashMap<>();
    estimate.metrics().forEach((name, m) -> {
      Map<String, Object> band = new LinkedHashMap<>();
      band.put("lower", finiteOrNull(m.lower()));
      band.put("upper", finiteOrNull(m.upper()));
      band.put("standardError", finiteOrNull(m.standardError()));
      bands.put(name, band);
    });
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("estimated", estimate.values());
    result.put("bands", bands);
    result.put("rows", estimate.rows());
    result.put("threshold", threshold);
    result.put("calibration", calibration);
    result.put("confidenceLevel", level);
    if (realized != null) {
      result.put("realized", realized);
      result.put("realizedRows", cur.labelledCount());
    }
    return result;
  }

  private static @Nullable Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private void printTable(PrintWriter out, PerformanceEstimate estimate, @Nullable Map<String, Double> realized,
      ScoredLabels cur) {
    out.printf("%-10s %10s  %-21s %10s%n", "metric", "estimated", String.format(Locale.ROOT, "%.0f%% band",
        100 * level), realized == null ? "" : "realized");
    estimate.metrics().forEach((name, m) -> {
      Double r = realized == null ? null : realized.get(name);
      out.printf(Locale.ROOT, "%-10s %10.4f  %-21s %10s%n", name, m.value(), band(m),
          r == null ? "" : String.format(Locale.ROOT, "%.4f", r));
    });
    out.printf(Locale.ROOT, "%d current rows, threshold %s, calibration %s%s%n", estimate.rows(),
        threshold, calibration, realized == null ? "" : "; realized on " + cur.labelledCount() + " labelled rows");
  }

  private static String band(EstimatedMetric m) {
    return Double.isNaN(m.lower()) ? "-"
        : String.format(Locale.ROOT, "[%.4f, %.4f]", m.lower(), m.upper());
  }
}
