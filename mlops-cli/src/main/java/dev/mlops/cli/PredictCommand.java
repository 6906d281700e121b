package dev.mlops.cli;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops predict}: scores a CSV or JSON Lines file with a registered model, in batches on
 * several threads, and writes the outputs in input order to a temporary file that is moved into
 * place only when complete.
 *
 * @since 0.1
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Score a CSV or JSON Lines file with a registered model.")
public final class PredictCommand implements Callable<Integer> {
  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(paramLabel = "MODEL_URI", description = "models:/NAME/VERSION, models:/NAME@ALIAS, ...")
  private String uri = "";

  @Option(names = "--input", required = true, paramLabel = "IN.csv|IN.jsonl")
  private Path input = Path.of("");

  @Option(names = "--output", required = true, paramLabel = "OUT.csv|OUT.jsonl")
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
   * @throws IOException if the output cannot be written
   * @throws InterruptedException if interrupted while waiting for a batch
   */
  @Override
  public Integer call() throws IOException, InterruptedException {
    if (batchSize < 1 || threads < 1) {
      throw new CliException("--batch-size and --threads must be at least 1");
    }
    PrintWriter err = Objects.requireNonNull(spec, "spec").commandLine().getErr();
    long start = System.nanoTime();
    try (ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry();
        Predictor<Map<String, Object>, ?> predictor = load(registry)) {
      ModelSignature signature = Objects.requireNonNull(predictor.modelVersion().signature());
      if (explain && signature.inputNames().contains("bias")) {
        throw new CliException("--explain names the bias column contribution_bias, which a "
            + "feature named 'bias' would also take; rename that feature");
      }
      List<InputRow> rows = InputRows.read(input, signature, idColumn);
      List<InputRow> rejected = new ArrayList<>();
      List<ScoredRow> scored = score(predictor, rows, rejected);
      OutputFile out = new OutputFile(output, idColumn, SignatureFile.outputNames(signature));
      writeAtomically(output, w -> out.write(w, scored));
      Path rejectedFile = output.resolveSibling(output.getFileName() + ".rejected");
      if (!rejected.isEmpty()) {
        writeAtomically(rejectedFile, w -> OutputFile.writeRejected(w, rejected));
        err.println("mlops: " + rejected.size() + " invalid row(s) written to " + rejectedFile);
      } else {
        Files.deleteIfExists(rejectedFile);
      }
      err.printf("mlops: scored %d row(s) with %s in %.1f s%n", scored.size(),
          predictor.modelVersion().uri(), (System.nanoTime() - start) / 1e9);
    }
    return Main.EXIT_OK;
  }

  /** A predictor, or with --explain an explainer, whose answers carry the predictions. */
  private Predictor<Map<String, Object>, ?> load(ModelRegistry registry) {
    DjlPredictors predictors = DjlPredictors.builder().registry(registry).poolSize(threads).build();
    return explain ? predictors.explainer(ModelUri.parse(uri)) : predictors.load(ModelUri.parse(uri));
  }

  private List<ScoredRow> score(Predictor<Map<String, Object>, ?> predictor,
      List<InputRow> rows, List<InputRow> rejected) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<ScoredRow>>> batches = new ArrayList<>();
      List<InputRow> valid = new ArrayList<>();
      @Nullable InputRow firstInvalid = null;
      for (InputRow row : rows) {
        if (row.error() == null) {
          valid.add(row);
        } else if (skipInvalid) {
          rejected.add(row);
        } else {
          // Score the rows before it first: one of them may be the first bad row.
          firstInvalid = row;
          break;
        }
      }
      for (int from = 0; from < valid.size(); from += batchSize) {
        List<InputRow> batch = valid.subList(from, Math.min(valid.size(), from + batchSize));
        batches.add(pool.submit(() -> scoreBatch(predictor, batch)));
      }
      List<ScoredRow> scored = new ArrayList<>(valid.size());
      Progress progress = new Progress(
          Objects.requireNonNull(spec, "spec").commandLine().getErr(), "rows", valid.size());
      long done = 0;
      for (Future<List<ScoredRow>> batch : batches) {
        for (ScoredRow row : get(batch)) {
          if (row.prediction() == null) {
            rejected.add(row.row());
          } else {
            scored.add(row);
          }
          done++;
        }
        progress.update(done);
      }
      progress.finish();
      if (firstInvalid != null) {
        throw new CliException(input + " line " + firstInvalid.line() + ": " + firstInvalid.error());
      }
      rejected.sort(java.util.Comparator.comparingInt(InputRow::line));
      return scored;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Scores a batch; with --skip-invalid, an invalid row is retried alone to find the bad ones. */
  private List<ScoredRow> scoreBatch(
      Predictor<Map<String, Object>, ?> predictor, List<InputRow> batch) {
    try {
      List<?> answers = predictor.predictBatch(batch.stream().map(InputRow::features).toList());
      List<ScoredRow> result = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        result.add(answers.get(i) instanceof Explanation e
            ? new ScoredRow(batch.get(i), e.prediction(), e.contributions())
            : new ScoredRow(batch.get(i), (Prediction) answers.get(i), List.of()));
      }
      return result;
    } catch (InvalidInputException e) {
      if (!skipInvalid) {
        InputRow bad = batch.get(Math.max(0, Math.min(batch.size() - 1, e.rowIndex())));
        throw new CliException(input + " line " + bad.line()
            + (e.feature() == null ? "" : ", feature '" + e.feature() + "'") + ": " + e.getMessage(), e);
      }
      if (batch.size() > 1) {
        List<ScoredRow> result = new ArrayList<>();
        batch.forEach(row -> result.addAll(scoreBatch(predictor, List.of(row))));
        return result;
      }
      InputRow row = batch.get(0);
      return List.of(new ScoredRow(InputRow.invalid(row.line(), row.id(), e.feature(), e.getMessage()), null,
          List.of()));
    }
  }

  private static List<ScoredRow> get(Future<List<ScoredRow>> batch) throws InterruptedException {
    try {
      return batch.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void writeAtomically(Path target, FileContent content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        content.write(w);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes a file's content. */
  @FunctionalInterface
  private interface FileContent {
    void write(BufferedWriter writer) throws IOException;
  }
}
