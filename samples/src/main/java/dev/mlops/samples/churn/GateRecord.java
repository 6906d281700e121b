package dev.mlops.samples.churn;

import org.jspecify.annotations.Nullable;

/**
 * One judgement of the gate, for the report: both models scored on the same fresh rows.
 *
 * @param week the simulated week
 * @param challenger the challenger's version
 * @param champion the champion's version, or null for the first model
 * @param challengerAccuracy the challenger's accuracy on the fresh rows
 * @param championAccuracy the champion's accuracy on them, NaN without a champion
 * @param approved whether the gate approved
 * @param reasons the gate's reasons
 */
record GateRecord(int week, int challenger, @Nullable Integer champion, double challengerAccuracy,
    double championAccuracy, boolean approved, String reasons) {}
