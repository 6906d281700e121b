package dev.mlops.spark.internal;

import dev.mlops.MlopsException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns the exception a failed Spark job ends with back into the SDK's. A task's exception
 * reaches the driver as the cause of a {@code SparkException} ("Job aborted due to stage
 * failure"); callers should see the {@link MlopsException} that names the model, version, file or
 * feature at fault.
 */
public final class SparkFailures {

  private SparkFailures() {}

  /**
   * Runs a Spark action.
   *
   * @param action the action, such as {@code () -> dataset.count()}
   * @param <T> what it returns
   * @return what it returned
   * @throws MlopsException the SDK's exception that failed the job, with Spark's exception
   *     attached as suppressed; any other failure is rethrown as it is
   */
  public static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw unwrap(e);
    } catch (Exception e) {
      // Scala declares no checked exceptions, so Spark's SparkException arrives here undeclared.
      MlopsException sdk = sdkCause(e);
      if (sdk != null) {
        throw attach(sdk, e);
      }
      throw SparkFailures.<RuntimeException>sneaky(e);
    }
  }

  /**
   * The SDK's exception inside a failure, or the failure itself.
   *
   * @param failure what an action threw
   * @return the first {@link MlopsException} among the failure and its causes, with the failure
   *     attached as suppressed; the failure itself if there is none
   */
  public static RuntimeException unwrap(RuntimeException failure) {
    MlopsException sdk = sdkCause(failure);
    return sdk == null ? failure : attach(sdk, failure);
  }

  /**
   * The first SDK exception among a failure and its causes.
   *
   * @param failure the failure
   * @return the exception, or null if there is none
   */
  public static @Nullable MlopsException sdkCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MlopsException sdk) {
        return sdk;
      }
    }
    return null;
  }

  private static MlopsException attach(MlopsException sdk, Throwable failure) {
    if (sdk != failure) {
      sdk.addSuppressed(failure);
    }
    return sdk;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
