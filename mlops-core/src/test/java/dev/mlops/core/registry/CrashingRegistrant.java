package dev.mlops.core.registry;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Child process of {@link CrashRecoveryTest}: registers one artifact and, on reaching the given
 * {@link PublishStep} for the first time, prints {@code reached STEP} and stops there, for the
 * test to kill it. Arguments: root, step (or {@code NONE} to run through), artifact path.
 */
public final class CrashingRegistrant {

  private CrashingRegistrant() {}

  /**
   * Runs the registration.
   *
   * @param args root, step or NONE, artifact
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    PublishStep stopAt = args[1].equals("NONE") ? null : PublishStep.valueOf(args[1]);
    Path artifact = Path.of(args[2]);
    AtomicBoolean stopped = new AtomicBoolean();
    PublishObserver observer = step -> {
      if (step == stopAt && stopped.compareAndSet(false, true)) {
        System.out.println("reached " + step);
        System.out.flush();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try (FileModelRegistry registry = FileModelRegistry.builder().root(root).actor("crasher")
        .pollInterval(Duration.ZERO).publishObserver(observer).open()) {
      System.out.println("started");
      System.out.flush();
      ModelVersion v = registry.register(RegistrationRequest.builder("big").artifact(artifact)
          .format(Artifacts.OPAQUE).build());
      System.out.println("registered " + v.version());
    }
  }
}
