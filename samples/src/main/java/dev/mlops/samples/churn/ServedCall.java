package dev.mlops.samples.churn;

import dev.mlops.predict.Prediction;
import dev.mlops.testkit.data.ChurnRow;
import org.jspecify.annotations.Nullable;

/**
 * One call the application made: the customer, what the model answered (null when the call failed),
 * and what really happened, which the business learns a week later.
 *
 * @param customer the customer's features and true label
 * @param prediction the model's answer, or null for a failed call
 */
record ServedCall(ChurnRow customer, @Nullable Prediction prediction) {}

