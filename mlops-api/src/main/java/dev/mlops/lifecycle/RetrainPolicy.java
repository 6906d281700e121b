package dev.mlops.lifecycle;

/**
 * Decides whether a model should be retrained now, from what monitoring observed and when it was
 * last trained. Policies are evaluated by the lifecycle controller on a schedule; they are pure
 * functions of their context (time comes from {@link RetrainContext#now()}), so they can be tested
 * with a manual clock. Implementations live in {@code mlops-core} and compose with
 * {@code anyOf}/{@code allOf}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RetrainPolicy {

  /**
   * Evaluates the policy.
   *
   * @param context what is known now
   * @return the decision with its reasons
   * @throws IllegalArgumentException if the context lacks something the policy needs, naming it
   */
  RetrainDecision evaluate(RetrainContext context);
}
