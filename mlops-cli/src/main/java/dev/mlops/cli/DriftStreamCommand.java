package dev.mlops.cli;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlops drift-stream}: feeds one CSV column to a streaming drift detector and prints the
 * 0-based row indices at which it signalled a change or a warning.
 *
 * @since 0.1
 */
@Command(name = "drift-stream", mixinStandardHelpOptions = true,
    description = "Feed a CSV column to a streaming drift detector; print where it signalled.")
public final class DriftStreamCommand implements Callable<Integer> {
  @Spec
  private @Nullable CommandSpec spec;

  @Option(names = "--detector", required = true, paramLabel = "NAME",
      description = "adwin, ddm, eddm, page-hinkley, kswin or hddm-a.")
  private String detector = "";

  @Option(names = "--param", paramLabel = "K=V",
      description = "A detector parameter, named as its builder method (repeatable).")
  private Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "The input CSV.")
  private Path input = Path.of("");

  @Option(names = "--column", paramLabel = "NAME", description = "The column (default: the first).")
  private @Nullable String column;

  /** Creates the command; picocli sets its options. */
  public DriftStreamCommand() {}

  /**
   * Runs the detector over the column.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    StreamDriftDetector d = StreamDetectors.create(detector, params);
    CsvTable table = CsvTable.read(input);
    int index = column == null ? 0 : table.column(column);
    String name = table.header().get(index);
    List<Integer> detections = new ArrayList<>();
    List<Integer> warnings = new ArrayList<>();
    for (int row = 0; row < table.rows().size(); row++) {
      DetectorState state = update(d, table, row, index, name);
      if (state == DetectorState.DRIFT) {
        detections.add(row);
      } else if (state == DetectorState.WARNING) {
        warnings.add(row);
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("detector", detector);
    json.put("detections", detections);
    json.put("warnings", warnings);
    Objects.requireNonNull(spec, "spec").commandLine().getOut().println(Json.write(json));
    return Main.EXIT_OK;
  }

  private static DetectorState update(
      StreamDriftDetector d, CsvTable table, int row, int index, String name) {
    String text = table.rows().get(row).get(index).strip();
    String where = table.file() + " line " + table.lines().get(row) + ", column '" + name + "'";
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new CliException(where + ": '" + text + "' is not a number");
    }
    try {
      return d.update(value);
    } catch (IllegalArgumentException e) {
      throw new CliException(where + ": " + e.getMessage(), e);
    }
  }
}
