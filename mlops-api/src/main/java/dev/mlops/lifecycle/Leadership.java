package dev.mlops.lifecycle;

/**
 * Leadership of one key, held until closed or lost (the connection that holds it breaks, for
 * instance). A leader checks {@link #isHeld()} before a step that others must not take at the same
 * time.
 *
 * @since 0.1
 */
public interface Leadership extends AutoCloseable {

  /**
   * What is led.
   *
   * @return the key given to {@link LeaderElection#tryAcquire}
   */
  String key();

  /**
   * Whether the leadership is still held; checks with the election (a database round trip for a
   * shared one), and once false stays false.
   *
   * @return true while held
   */
  boolean isHeld();

  /** Gives the leadership up, so that another instance can acquire it. Idempotent. */
  @Override
  void close();
}
