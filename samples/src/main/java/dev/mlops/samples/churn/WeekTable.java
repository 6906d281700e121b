package dev.mlops.samples.churn;

import dev.mlops.core.io.internal.CsvRecordWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** The weekly table, side by side: the served model with the SDK's loop, and version 1 left alone. */
final class WeekTable {

  static final String HEADER = "week,drifted,calls,serving,estimated_accuracy,accuracy,roc_auc,"
      + "v1_accuracy,v1_roc_auc,"
      + "drift_share,alerts,retrains,promotions,failed_calls";

  private final List<WeekSummary> weeks;

  WeekTable(List<WeekSummary> weeks) {
    this.weeks = weeks;
  }

  void print(PrintStream out) {
    out.println();
    out.println("                          | with the SDK loop                   | v1 forever      |");
    out.println("week  calls  serving      | estimated  accuracy  ROC AUC        | accuracy ROC AUC| drift  alerts retrains promotions failed");
    for (WeekSummary w : weeks) {
      out.println(String.format(Locale.ROOT,
          "%3d%s %6d  %-12s | %9s  %8.3f  %7.3f        | %8.3f %7.3f | %5s  %6d %8d %10d %6d",
          w.week(), w.drifted() ? "*" : " ", w.traffic(), w.versions(),
          Double.isNaN(w.estimatedAccuracy()) ? "-"
              : String.format(Locale.ROOT, "%.3f", w.estimatedAccuracy()),
          w.accuracy(), w.rocAuc(),
          w.baselineAccuracy(), w.baselineRocAuc(), share(w.driftShare()), w.alerts(), w.retrains(),
          w.promotions(), w.failedCalls()));
    }
    out.println("* the customers have changed (drift); estimated: the accuracy the monitor estimated"
        + " from the week's scores in the middle of the week, a week before its labels");
  }

  /** The table as CSV, through the project's CSV writer (a field is quoted where it must be). */
  String csv() {
    StringWriter text = new StringWriter();
    try (CsvRecordWriter csv = new CsvRecordWriter(text)) {
      csv.write(List.of(HEADER.split(",")));
      for (WeekSummary w : weeks) {
        csv.write(List.of(String.valueOf(w.week()), String.valueOf(w.drifted()),
            String.valueOf(w.traffic()), w.versions(),
            Double.isNaN(w.estimatedAccuracy()) ? "" : decimal(w.estimatedAccuracy(), 4),
            decimal(w.accuracy(), 4),
            decimal(w.rocAuc(), 4), decimal(w.baselineAccuracy(), 4),
            decimal(w.baselineRocAuc(), 4),
            Double.isNaN(w.driftShare()) ? "" : decimal(w.driftShare(), 3),
            String.valueOf(w.alerts()), String.valueOf(w.retrains()),
            String.valueOf(w.promotions()), String.valueOf(w.failedCalls())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  private static String decimal(double value, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  static String share(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
