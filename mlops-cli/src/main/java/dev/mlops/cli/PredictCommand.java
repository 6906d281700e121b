package dev.mlops.cli;

import dev.mlops.core.io.internal.CsvRecordWriter;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops predict}: scores a CSV, JSON Lines or Parquet file with a registered model and
 * writes the outputs, in input order, as CSV, JSON Lines or Parquet. The input is streamed: memory
 * holds a few batches whatever its size, and batches are scored in parallel (see {@link
 * BatchScoring}). The output goes to a temporary file beside it that replaces it only when
 * complete (see {@link AtomicOutput}).
 *
 * @since 0.1
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Score a CSV, JSON Lines or Parquet file with a registered model.")
public final class PredictCommand implements Callable<Integer> {
  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(paramLabel = "MODEL_URI", description = "models:/NAME/VERSION, models:/NAME@ALIAS, ...")
  private String uri = "";

  @Option(names = "--input", required = true, paramLabel = "IN.csv|IN.jsonl|IN.parquet")
  private Path input = Path.of("");

  @Option(names = "--output", required = true, paramLabel = "OUT.csv|OUT.jsonl|OUT.parquet")
  private Path output = Path.of("");

  @Option(names = "--id-column", paramLabel = "COL", description = "Copy this column to the output.")
  private @Nullable String idColumn;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256",
      description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  private int batchSize = 256;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
      description = "Scoring threads (default: ${DEFAULT-VALUE}).")
  private int threads = 2;

  @Option(names = "--explain",
      description = "Add per-feature contributions (SHAP values): contribution_<feature> and "
          + "contribution_bias columns (xgboost models).")
  private boolean explain;

  @Option(names = "--skip-invalid",
      description = "Write invalid rows to OUT.rejected instead of stopping at the first.")
  private boolean skipInvalid;

  /** Creates the command; picocli sets its options. */
  public PredictCommand() {}

  /**
   * Scores the input and writes the output.
   *
   * @return the exit code
   * @throws IOException if the input cannot be read or the output written
   * @throws InterruptedException if interrupted while waiting for a batch
   */
  @Override
  public Integer call() throws IOException, InterruptedException {
    if (batchSize < 1 || threads < 1) {
      throw new CliException("--batch-size and --threads must be at least 1");
    }
    TableFormat.of(input, "--input");
    TableFormat format = TableFormat.of(output, "--output");
    Path target = AtomicOutput.check(output, "--output", input);
    Path rejectedFile = output.resolveSibling(output.getFileName() + ".rejected");
    Path rejectedTarget = AtomicOutput.check(rejectedFile, "--output", input);
    PrintWriter err = Objects.requireNonNull(spec, "spec").commandLine().getErr();
    long start = System.nanoTime();
    try (ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry();
        Predictor<Map<String, Object>, ?> predictor = load(registry)) {
      ModelSignature signature = Objects.requireNonNull(predictor.modelVersion().signature());
      if (explain && signature.inputNames().contains("bias")) {
        throw new CliException("--explain names the bias column contribution_bias, which a "
            + "feature named 'bias' would also take; rename that feature");
      }
      BatchScoring.Counts counts;
      try (RecordSource source = RecordSource.open(input, new RowConverter(signature), idColumn);
          AtomicOutput out = AtomicOutput.create(target);
          AtomicOutput rejectedOut = AtomicOutput.create(rejectedTarget)) {
        try (ScoreWriter writer = ScoreWriter.open(format, out, idColumn, source.idType(),
                SignatureFile.outputColumns(signature));
            CsvRecordWriter rejected = new CsvRecordWriter(new BufferedWriter(
                new OutputStreamWriter(rejectedOut.open(), StandardCharsets.UTF_8)))) {
          rejected.write(List.of("line", "feature", "error"));
          counts = new BatchScoring(predictor, source, input, batchSize, threads, skipInvalid)
              .run(writer, row -> rejected.write(List.of(String.valueOf(row.line()),
                  row.feature() == null ? "" : row.feature(), String.valueOf(row.error()))),
                  new Progress(err, "rows"));
        }
        out.commit();
        if (counts.rejected() > 0) {
          rejectedOut.commit();
        }
      }
      if (counts.rejected() > 0) {
        err.println("mlops: " + counts.rejected() + " invalid row(s) written to " + rejectedFile);
      } else {
        Files.deleteIfExists(rejectedTarget);
      }
      err.printf("mlops: scored %d row(s) with %s in %.1f s%n", counts.scored(),
          predictor.modelVersion().uri(), (System.nanoTime() - start) / 1e9);
    }
    return Main.EXIT_OK;
  }

  /** A predictor, or with --explain an explainer, whose answers carry the predictions. */
  private Predictor<Map<String, Object>, ?> load(ModelRegistry registry) {
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(threads).build();
    return explain ? predictors.explainer(ModelUri.parse(uri)) : predictors.load(ModelUri.parse(uri));
  }
}
