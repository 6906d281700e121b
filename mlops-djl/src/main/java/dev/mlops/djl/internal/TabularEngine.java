package dev.mlops.djl.internal;

import dev.mlops.predict.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * What scores tabular rows for a {@link LoadedModel}: it validates and encodes rows into its own
 * form, joins single rows for micro-batching, and runs the engine. {@link DjlTabularEngine} runs a
 * DJL model on a float matrix; {@link OrtTabularEngine} runs ONNX Runtime directly, with typed
 * columns, string tensors, label outputs and {@code ZipMap}s; {@link PluginTabularEngine} runs a
 * format plugged in through {@link dev.mlops.djl.spi.TabularModelFormat} on a float matrix.
 *
 * <p>An engine whose model computes feature contributions natively overrides {@link
 * #explainedClasses()} and {@link #contributions}; the others explain nothing.
 *
 * <p>Implementations are thread-safe. The loaded model bounds how many calls run at once (its pool
 * size); an engine keeps one set of per-call resources (a DJL predictor, reusable buffers) per
 * concurrent call.
 *
 * @param <E> the encoded form of rows
 */
interface TabularEngine<E> {

  /**
   * Validates and encodes rows, on the caller's thread.
   *
   * @param rows the rows
   * @param single whether this is a single-row call, whose errors carry no row index
   * @return the encoded rows
   * @throws InvalidInputException naming the first problem found
   */
  E encode(List<? extends Map<String, ?>> rows, boolean single);

  /**
   * A valid row made from the signature alone, for the warm-up of a version without an input
   * example ({@link TabularEncoder#syntheticRow()}).
   *
   * @return the row
   */
  Map<String, Object> syntheticRow();

  /**
   * Joins encoded single rows into one batch, in order.
   *
   * @param singles encoded rows, one row each
   * @return the batch
   */
  E join(List<E> singles);

  /**
   * How many rows an encoded batch has.
   *
   * @param batch the batch
   * @return its rows
   */
  int rows(E batch);

  /**
   * Runs the model; the caller holds one of the loaded model's pool permits.
   *
   * @param batch encoded rows
   * @return what the model returned, copied out of native memory
   * @throws Exception whatever the engine throws; the loaded model reports it with the model's
   *     name and version
   */
  RowScores score(E batch) throws Exception;

  /**
   * For each output of {@link #contributions}, the class whose margin it explains, as an index
   * into the score output's classes, or -1 for a model with one unlabelled output.
   *
   * @return one entry per explained output; empty (the default) where the engine explains nothing
   */
  default int[] explainedClasses() {
    return new int[0];
  }

  /**
   * Per-feature contributions to the raw outputs (margins) of a batch; the caller holds one of
   * the loaded model's pool permits.
   *
   * @param batch encoded rows
   * @return {@code [row][output][features + 1]}, one per {@link #explainedClasses()} entry, the
   *     bias last
   * @throws UnsupportedOperationException (the default) if the engine explains nothing
   * @throws Exception whatever the engine throws
   */
  default float[][][] contributions(E batch) throws Exception {
    throw new UnsupportedOperationException("its engine computes no feature contributions");
  }

  /**
   * How many native values (arrays, tensors) the engine holds now, between calls: constant when
   * nothing leaks.
   *
   * @return the count
   */
  int openNativeValues();

  /** Frees the engine's native resources; no call is in flight. */
  void close();
}
