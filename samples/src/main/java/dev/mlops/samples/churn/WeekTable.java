package dev.mlops.samples.churn;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The weekly table, side by side: the served model with the SDK's loop, and version 1 left alone. */
final class WeekTable {

  static final String HEADER = "week,drifted,calls,serving,accuracy,roc_auc,v1_accuracy,v1_roc_auc,"
      + "drift_share,alerts,retrains,promotions,failed_calls";

  private final List<WeekSummary> weeks;

  WeekTable(List<WeekSummary> weeks) {
    this.weeks = weeks;
  }

  void print(PrintStream out) {
    out.println();
    out.println("                          | with the SDK loop        | v1 forever      |");
    out.println("week  calls  serving      | accuracy  ROC AUC        | accuracy ROC AUC| drift  alerts retrains promotions failed");
    for (WeekSummary w : weeks) {
      out.println(String.format(Locale.ROOT,
          "%3d%s %6d  %-12s | %8.3f  %7.3f        | %8.3f %7.3f | %5s  %6d %8d %10d %6d",
          w.week(), w.drifted() ? "*" : " ", w.traffic(), w.versions(), w.accuracy(), w.rocAuc(),
          w.baselineAccuracy(), w.baselineRocAuc(), share(w.driftShare()), w.alerts(), w.retrains(),
          w.promotions(), w.failedCalls()));
    }
    out.println("* the customers have changed (drift)");
  }

  String csv() {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (WeekSummary w : weeks) {
      csv.append(String.format(Locale.ROOT, "%d,%b,%d,%s,%.4f,%.4f,%.4f,%.4f,%s,%d,%d,%d,%d%n",
          w.week(), w.drifted(), w.traffic(), w.versions(), w.accuracy(), w.rocAuc(),
          w.baselineAccuracy(), w.baselineRocAuc(),
          Double.isNaN(w.driftShare()) ? "" : String.format(Locale.ROOT, "%.3f", w.driftShare()),
          w.alerts(), w.retrains(), w.promotions(), w.failedCalls()));
    }
    return csv.toString();
  }

  static String share(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
