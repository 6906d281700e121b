package dev.mlops.samples.churn;

import dev.mlops.testkit.data.DriftKind;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The churn case study, end to end: an e-commerce business deploys a churn model; weeks later its
 * customers change and the model quietly gets worse. With the SDK the model is versioned, drift is
 * detected and alerted, weekly and drift-triggered retraining produce challengers, a gate promotes
 * only a better one, and the application switches to it with no failed call. A copy of the first
 * model left alone shows what would have happened without the loop.
 *
 * <p>The simulated timeline (minutes of wall time, not weeks):
 *
 * <ol>
 *   <li>Week 0: the first model is trained with the DJL trainer on history, registered as
 *       version 1 with lineage and its reference profile, and promoted to {@code production}.
 *   <li>Every week: a pool of application threads calls {@code predict} through a
 *       {@code Deployment} of {@code models:/churn@production}, wrapped by a {@code ModelMonitor};
 *       what really happened to those customers becomes known a week later and is reported to the
 *       monitor and kept as training data.
 *   <li>From the drift onset week the customers change (covariate and concept drift, from the
 *       testkit's {@code ChurnDataGenerator}). The monitor measures drift against the serving
 *       version's training profile; alerts go to the log and to a webhook (a local HTTP receiver
 *       that prints what it gets).
 *   <li>A {@code LifecycleController} checks at the start and the middle of each week: the weekly
 *       schedule or dataset drift start a {@code TrainingPipeline} on the latest labelled weeks; the
 *       gate compares challenger and champion on fresh labelled customers and promotes only a better
 *       challenger, which the deployment loads and swaps in while traffic continues.
 * </ol>
 *
 * <p>At the end it prints a table per week (traffic, version serving, accuracy and ROC AUC of the
 * served model and of version 1 left alone, drift share, alerts, retrains, promotions, failed
 * calls) and writes everything under one folder: the file registry (inspect it with
 * {@code bin/mlops --registry file:OUT/registry models list}), {@code report.html} with a chart of
 * accuracy over time, the drift report of the worst week, the training runs, the weekly table as
 * CSV and the alerts the webhook received.
 *
 * <p>Usage: {@code ChurnCaseStudy [OUTPUT_DIR] [--small] [--weeks N] [--onset N] [--kind
 * COVARIATE|CONCEPT|BOTH] [--severity X] [--traffic N]}. The default folder is
 * {@code churn-case-study}.
 *
 * @since 0.1
 */
public final class ChurnCaseStudy {

  /** The folder written to when none is given. */
  public static final String DEFAULT_OUTPUT = "churn-case-study";

  private ChurnCaseStudy() {}

  /**
   * Runs the case study from the command line.
   *
   * @param args an optional output folder and options (see the class documentation)
   */
  public static void main(String[] args) {
    CaseStudySettings settings = parse(args);
    CaseStudyResult result = run(settings, System.out);
    System.out.println();
    System.out.println("Report: " + result.report().toAbsolutePath());
    System.out.println("Registry: bin/mlops --registry file:"
        + settings.outputDirectory().resolve("registry") + " models list");
  }

  /**
   * Runs the case study.
   *
   * @param settings its size and story
   * @param out where the narrative and the table are printed
   * @return what happened, week by week
   * @throws UncheckedIOException if the output folder cannot be written
   * @throws IllegalStateException if the output folder holds something other than an earlier run
   */
  public static CaseStudyResult run(CaseStudySettings settings, PrintStream out) {
    try (CaseStudyRun run = new CaseStudyRun(settings, out)) {
      return run.execute();
    } catch (IOException e) {
      throw new UncheckedIOException("The case study could not write to "
          + settings.outputDirectory() + ": " + e.getMessage(), e);
    }
  }

  static CaseStudySettings parse(String[] args) {
    Path output = Path.of(DEFAULT_OUTPUT);
    boolean small = false;
    Integer weeks = null;
    Integer onset = null;
    DriftKind kind = null;
    Double severity = null;
    Integer traffic = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--small" -> small = true;
        case "--weeks" -> weeks = Integer.parseInt(value(args, ++i, a));
        case "--onset" -> onset = Integer.parseInt(value(args, ++i, a));
        case "--kind" -> kind = DriftKind.valueOf(value(args, ++i, a).toUpperCase(Locale.ROOT));
        case "--severity" -> severity = Double.parseDouble(value(args, ++i, a));
        case "--traffic" -> traffic = Integer.parseInt(value(args, ++i, a));
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("Unknown option " + a + "; options: --small, --weeks N,"
                + " --onset N, --kind COVARIATE|CONCEPT|BOTH, --severity X, --traffic N");
          }
          output = Path.of(a);
        }
      }
    }
    CaseStudySettings s = small ? CaseStudySettings.small(output) : CaseStudySettings.standard(output);
    return new CaseStudySettings(s.outputDirectory(), weeks != null ? weeks : s.weeks(),
        onset != null ? onset : s.driftOnsetWeek(), kind != null ? kind : s.driftKind(),
        severity != null ? severity : s.severity(), traffic != null ? traffic : s.trafficPerWeek(),
        s.historyRows(), s.holdoutRows(), s.trainingWeeks(), s.applicationThreads(), s.epochs(),
        s.seed());
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("Option " + option + " needs a value");
    }
    return args[i];
  }
}
