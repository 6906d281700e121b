package dev.mlops.core.observe;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts the model and version a thread is working on into the SLF4J MDC ({@value #MODEL} and
 * {@value #VERSION}) for the length of a call or cycle, so that every log line written meanwhile,
 * by the SDK or by the application, names them; {@link #close()} restores the values the thread had
 * before (or removes the keys), so nesting and thread pools are safe. Open and close it on the
 * same thread, in a try-with-resources block.
 *
 * <pre>{@code
 * try (ModelMdc mdc = ModelMdc.put("churn", 3)) {
 *   LOG.info("scoring");   // %X{mlops.model} = churn, %X{mlops.version} = 3
 * }
 * }</pre>
 *
 * <p>With a logging backend without MDC support (slf4j-simple) this costs almost nothing and shows
 * nothing.
 *
 * @since 0.1
 */
public final class ModelMdc implements AutoCloseable {

  /** The MDC key of the model name. */
  public static final String MODEL = "mlops.model";
  /** The MDC key of the version number. */
  public static final String VERSION = "mlops.version";

  private final @Nullable String previousModel;
  private final @Nullable String previousVersion;

  private ModelMdc(String model, @Nullable Integer version) {
    this.previousModel = MDC.get(MODEL);
    this.previousVersion = MDC.get(VERSION);
    MDC.put(MODEL, model);
    if (version == null) {
      MDC.remove(VERSION);
    } else {
      MDC.put(VERSION, Integer.toString(version));
    }
  }

  /**
   * Names a model, and a version if known, in this thread's MDC until {@link #close()}.
   *
   * @param model the model name
   * @param version the version number, or null if not known (yet)
   * @return the scope; close it on this thread
   */
  public static ModelMdc put(String model, @Nullable Integer version) {
    return new ModelMdc(model, version);
  }

  /**
   * Names the version, once known (for a cycle, the champion it found).
   *
   * @param version the version number
   */
  public void version(int version) {
    MDC.put(VERSION, Integer.toString(version));
  }

  /** Restores the values this thread's MDC had before {@link #put}. */
  @Override
  public void close() {
    restore(MODEL, previousModel);
    restore(VERSION, previousVersion);
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
