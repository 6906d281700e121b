package dev.mlops.core.monitor;

import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.observe.LatencyBuckets;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of a monitor.
 *
 * @param stepMillis the length of a pane (the window length for tumbling windows)
 * @param panesPerWindow how many panes a window spans (1 for tumbling windows)
 * @param minRowsForDrift the fewest profiled rows a window needs for a drift report
 * @param analyzer compares a window's profile with the reference
 * @param maxPendingOutcomes the most predictions the join buffer holds
 * @param outcomeTimeToLiveMillis how long a prediction waits for its outcome
 * @param keptWindows how many closed windows are kept
 * @param decisionThreshold a binary classifier's threshold on its positive class's probability
 * @param latencyBuckets the bucket layout of the latency histogram
 * @param observations where drift report observations go, or null for none
 * @param detectors the streaming detectors attached, each instantiated once per version
 */
record MonitorSettings(
    long stepMillis,
    int panesPerWindow,
    long minRowsForDrift,
    DriftAnalyzer analyzer,
    int maxPendingOutcomes,
    long outcomeTimeToLiveMillis,
    int keptWindows,
    double decisionThreshold,
    LatencyBuckets latencyBuckets,
    @Nullable ObservationRegistry observations,
    List<AttachedDetector> detectors) {}
