package dev.mlops.cli;

import dev.mlops.core.io.internal.CsvRecordReader;
import dev.mlops.core.io.internal.MessageValues;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
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
   * Runs the detector over the column, reading the file one record at a time.
   *
   * @return the exit code
   * @throws IOException if the file cannot be read
   */
  @Override
  public Integer call() throws IOException {
    StreamDriftDetector d = StreamDetectors.create(detector, params);
    List<Integer> detections = new ArrayList<>();
    List<Integer> warnings = new ArrayList<>();
    try (CsvRecordReader csv = CsvRecordReader.open(input)) {
      int index = column == null ? 0 : csv.columnIndex(column);
      if (index < 0) {
        throw new CliException(input + " has no column '" + column + "'; its columns are "
            + csv.header());
      }
      int row = 0;
      for (String[] record = csv.next(); record != null; record = csv.next(), row++) {
        if (record.length != csv.header().size()) {
          throw csv.error(0, "the record has " + record.length + " fields but the header has "
              + csv.header().size());
        }
        DetectorState state = update(d, csv, record[index].strip(), index);
        if (state == DetectorState.DRIFT) {
          detections.add(row);
        } else if (state == DetectorState.WARNING) {
          warnings.add(row);
        }
      }
    } catch (NoSuchFileException e) {
      throw new CliException("File not found: " + input);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("detector", detector);
    json.put("detections", detections);
    json.put("warnings", warnings);
    Objects.requireNonNull(spec, "spec").commandLine().getOut().println(Json.write(json));
    return Main.EXIT_OK;
  }

  private static DetectorState update(
      StreamDriftDetector d, CsvRecordReader csv, String text, int index) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw csv.error(index + 1, MessageValues.quote(text) + " is not a number");
    }
    try {
      return d.update(value);
    } catch (IllegalArgumentException e) {
      throw csv.error(index + 1, Objects.toString(e.getMessage(), e.toString()));

    }
  }
}
