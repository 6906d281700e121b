package dev.mlops.core.monitor;

/**
 * What became of a batch of outcomes given to {@link ModelMonitor#recordOutcomes}.
 *
 * @param joined outcomes joined to a waiting prediction
 * @param duplicates outcomes for a prediction that already had one (the first stays)
 * @param unknown outcomes whose prediction is not known (never seen, not sampled, expired or
 *     retired)
 * @since 0.1
 */
public record OutcomeReceipt(long joined, long duplicates, long unknown) {}
