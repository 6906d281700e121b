package dev.mlops.samples.churn;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a case-study run did, week by week, and where it wrote its reports.
 *
 * @param weeks one summary per simulated week
 * @param driftOnsetWeek the first week whose data drifts
 * @param firstDriftAlertWeek the first week about which a drift alert was raised, if any
 * @param outputDirectory where the registry and the reports are
 * @param report the HTML report
 * @param alertsReceived alert bodies the local webhook received
 * @since 0.1
 */
public record CaseStudyResult(
    List<WeekSummary> weeks,
    int driftOnsetWeek,
    OptionalInt firstDriftAlertWeek,
    Path outputDirectory,
    Path report,
    int alertsReceived) {

  /**
   * Copies the list.
   *
   * @param weeks one summary per simulated week
   * @param driftOnsetWeek the first week whose data drifts
   * @param firstDriftAlertWeek the first week about which a drift alert was raised
   * @param outputDirectory where the registry and the reports are
   * @param report the HTML report
   * @param alertsReceived alert bodies the local webhook received
   */
  public CaseStudyResult {
    weeks = List.copyOf(weeks);
  }

  /**
   * Promotions over the whole run.
   *
   * @return the number of challengers promoted
   */
  public int promotions() {
    return weeks.stream().mapToInt(WeekSummary::promotions).sum();
  }

  /**
   * Failed prediction calls over the whole run.
   *
   * @return the number of calls that threw
   */
  public int failedCalls() {
    return weeks.stream().mapToInt(WeekSummary::failedCalls).sum();
  }

  /**
   * The first week served entirely by a promoted model, if any.
   *
   * @return the week after the first promotion
   */
  public OptionalInt firstWeekAfterSwap() {
    for (WeekSummary w : weeks) {
      if (w.promotions() > 0) {
        return w.week() + 1 < weeks.size() ? OptionalInt.of(w.week() + 1) : OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }
}
