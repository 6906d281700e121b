package dev.mlops.cli;

import dev.mlops.core.drift.CategoricalProfile;
import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.DriftMethod;
import dev.mlops.core.drift.DriftReportHtml;
import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.core.drift.FeatureProfile;
import dev.mlops.core.drift.NumericProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.SkippedFeature;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops drift}: compares a current CSV with a reference CSV, column by column, with the
 * drift analyzer's automatic test choice or one forced test, and writes the verdicts as JSON (the
 * library's {@code mlops.drift-report} document, {@link DriftReportJson}), HTML or a text table.
 * With {@code --fail-on-drift}, a drifted column makes the exit code {@link Main#EXIT_DRIFT}.
 *
 * @since 0.1
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
    description = "Test every column of a current CSV for drift from a reference CSV, or from the"
        + " reference profile a model version was registered with.")
public final class DriftCommand implements Callable<Integer> {
  /** The tests {@code --test} may force. */
  static final List<String> TESTS = List.of("ks", "chisquare", "z", "psi", "jensenshannon", "wasserstein");

  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Option(names = "--reference", required = true, paramLabel = "REF.csv|MODEL_URI",
      description = "What the model was trained on: a CSV, or a model URI such as"
          + " models:/churn@production whose version carries a reference profile (registered"
          + " with --reference-data).")
  // A Path, so that shell completion offers file names; a model URI is read from its text.
  private Path reference = Path.of("");

  @Option(names = "--current", required = true, paramLabel = "CUR.csv",
      description = "What it sees now.")
  private Path current = Path.of("");

  @Option(names = "--signature", paramLabel = "SIGNATURE.json",
      description = "Compare the signature's inputs, numeric or categorical by their types"
          + " (default: every reference column, numeric when its first value is a number).")
  private @Nullable Path signature;

  @Option(names = "--test", paramLabel = "NAME",
      description = "Force one test for every column: ks, chisquare, z, psi, jensenshannon,"
          + " wasserstein (default: chosen per column).")
  private @Nullable String test;

  // describeDefaultThresholds adds the defaults, which an annotation cannot compute.
  @Option(names = "--threshold", paramLabel = "X",
      description = "The threshold of every column: the significance level of a hypothesis test,"
          + " the distance threshold otherwise")
  private @Nullable Double threshold;

  @Option(names = "--json", paramLabel = "FILE|-", description = "Write the JSON report ('-': stdout).")
  private @Nullable String json;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report.")
  private @Nullable Path html;

  @Option(names = "--fail-on-drift",
      description = "Exit with code 3 when any column drifted (after writing the reports), for CI pipelines.")
  private boolean failOnDrift;

  /** Creates the command; picocli sets its options. */
  public DriftCommand() {}

  /**
   * Runs the analysis and writes the reports.
   *
   * @return the exit code
   * @throws IOException if a report cannot be written
   */
  @Override
  public Integer call() throws IOException {
    DriftReport report;
    if (reference.toString().startsWith("models:")) {
      if (signature != null) {
        throw new CliException("--signature applies to a reference CSV; the reference profile of "
            + reference + " already names its features and their kinds");
      }
      DatasetProfile stored = storedProfile(ModelUri.parse(reference.toString()));
      report = analyzer(stored.features()).analyze(stored, currentProfile(stored));
    } else {
      List<DataTable> tables = DriftColumns.read(reference, current,
          signature == null ? null : SignatureFile.read(signature));
      report = analyzer(tables.get(0).features()).analyze(tables.get(0), tables.get(1));
    }
    PrintWriter out = Objects.requireNonNull(spec, "spec").commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (SkippedFeature skipped : report.skipped()) {
      err.println("mlops: column '" + skipped.feature() + "' not tested: " + skipped.reason());
    }
    if (json != null) {
      String text = DriftReportJson.toJson(report);
      if (json.equals("-")) {
        out.println(text);
      } else {
        Files.writeString(Path.of(json), text + "\n", StandardCharsets.UTF_8);
      }
    }
    if (html != null) {
      Files.writeString(html, DriftReportHtml.render(report), StandardCharsets.UTF_8);
    }
    if (json == null) {
      printTable(out, report);
    }
    return failOnDrift && report.driftedCount() > 0 ? Main.EXIT_DRIFT : Main.EXIT_OK;
  }

  /** The reference profile stored with the version a model URI names. */
  private DatasetProfile storedProfile(ModelUri uri) {
    try (ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry()) {
      ModelVersion version = registry.resolve(uri);
      return ReferenceProfiles.read(registry, version.name(), version.version()).orElseThrow(
          () -> new CliException(uri + " resolves to version " + version.version() + ", which has"
              + " no " + ReferenceProfiles.FILE_NAME + "; register versions with --reference-data"
              + " TRAIN.csv, or compare with a CSV"));
    }
  }

  /** The current CSV profiled as the reference profiles its features (kinds and bounds). */
  private DatasetProfile currentProfile(DatasetProfile reference) throws IOException {
    Map<String, Boolean> numeric = new LinkedHashMap<>();
    DatasetProfile.Builder profile = DatasetProfile.builder();
    for (FeatureProfile feature : reference.profiles()) {
      boolean isNumeric = feature instanceof NumericProfile;
      numeric.put(feature.feature(), isNumeric);
      if (isNumeric) {
        profile.numeric(feature.feature(), ((NumericProfile) feature).k());
      } else {
        profile.categorical(feature.feature(), ((CategoricalProfile) feature).maxCategories());
      }
    }
    DatasetProfile current = profile.build();
    current.update(DriftColumns.read(this.current, numeric, "the reference profile"));
    return current;
  }

  /**
   * Ends the {@code --threshold} help with each test's default, read from {@link DriftMethod},
   * the one source of default thresholds, so that the help cannot disagree with the analysis.
   *
   * @param drift this command's spec, before any parsing
   */
  static void describeDefaultThresholds(CommandSpec drift) {
    OptionSpec option = Objects.requireNonNull(drift.findOption("--threshold"), "--threshold");
    Map<Double, List<String>> testsByDefault = new LinkedHashMap<>();
    for (String id : TESTS) {
      testsByDefault.computeIfAbsent(DriftMethod.ofId(id).defaultThreshold(),
          value -> new ArrayList<>()).add(id);
    }
    StringJoiner defaults = new StringJoiner("; ", " (default: ", ").");
    testsByDefault.forEach((value, ids) -> defaults.add(String.join(", ", ids) + " " + value));
    drift.remove(option);
    drift.addOption(option.toBuilder().description(option.description()[0] + defaults).build());
  }

  private DriftAnalyzer analyzer(Collection<String> features) {
    DriftAnalyzer.Builder builder = DriftAnalyzer.builder();
    DriftMethod method = test == null ? null : method(test);
    for (String feature : features) {
      if (method != null) {
        builder.method(feature, method);
      }
      if (threshold != null) {
        builder.threshold(feature, threshold);
      }
    }
    return builder.build();
  }

  private static DriftMethod method(String id) {
    if (!TESTS.contains(id)) {
      throw new CliException("Unknown test '" + id + "'; use one of " + String.join(", ", TESTS));
    }
    return DriftMethod.ofId(id);
  }

  private static void printTable(PrintWriter out, DriftReport report) {
    out.printf("%-24s %-14s %12s %12s %10s  %s%n", "column", "test", "statistic", "p-value",
        "threshold", "drifted");
    for (FeatureDrift feature : report.features()) {
      DriftResult r = feature.result();
      out.printf("%-24s %-14s %12.6g %12s %10.4g  %s%n", feature.feature(), r.method(),
          r.statistic(), r.pValue() == null ? "-" : String.format("%.6g", r.pValue()),
          r.threshold(), r.drifted() ? "yes" : "no");
    }
    out.printf("dataset drift: %s (%d of %d columns drifted)%n",
        report.datasetDrifted() ? "yes" : "no", report.driftedCount(), report.features().size());
  }
}
