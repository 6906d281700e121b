package dev.mlops.samples.churn;

/**
 * One row of the final table: a simulated week with and without the SDK's loop.
 *
 * @param week the week, from 0
 * @param drifted whether the data of this week drifts
 * @param traffic prediction calls made
 * @param versions the versions that answered them, such as {@code "v1"} or {@code "v1>v3"}
 * @param estimatedAccuracy the accuracy the monitor estimated from the scores of the week's window
 *     in the middle of the week, before any of its labels (CBPE), NaN when there was no estimate
 * @param accuracy accuracy of the answers served, against what happened
 * @param rocAuc ROC AUC of the answers served
 * @param baselineAccuracy accuracy of version 1 on the same customers, as if nothing had been done
 * @param baselineRocAuc ROC AUC of version 1 on the same customers
 * @param driftShare the share of features the monitor found drifted in the week's window of the
 *     serving version, NaN when not measured
 * @param alerts alerts raised about the week (firing, not resolved)
 * @param retrains training runs started in the week
 * @param promotions challengers promoted to production in the week
 * @param failedCalls prediction calls that threw
 * @since 0.1
 */
public record WeekSummary(
    int week,
    boolean drifted,
    int traffic,
    String versions,
    double estimatedAccuracy,
    double accuracy,
    double rocAuc,
    double baselineAccuracy,
    double baselineRocAuc,
    double driftShare,
    int alerts,
    int retrains,
    int promotions,
    int failedCalls) {}
