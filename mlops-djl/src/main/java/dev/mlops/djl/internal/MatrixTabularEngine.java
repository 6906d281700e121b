package dev.mlops.djl.internal;

import java.util.List;
import java.util.Map;

/**
 * What the engines that score one float matrix share: rows are checked and encoded by a {@link
 * TabularEncoder} into an {@link EncodedBatch}, single rows join into one batch, and the
 * warm-up row comes from the encoder. Subclasses only score and release their model.
 */
abstract class MatrixTabularEngine implements TabularEngine<EncodedBatch> {

  private final TabularEncoder encoder;

  MatrixTabularEngine(TabularEncoder encoder) {
    this.encoder = encoder;
  }

  @Override
  public final EncodedBatch encode(List<? extends Map<String, ?>> rows, boolean single) {
    return encoder.encode(rows, single);
  }

  @Override
  public final Map<String, Object> syntheticRow() {
    return encoder.syntheticRow();
  }

  @Override
  public final EncodedBatch join(List<EncodedBatch> singles) {
    return EncodedBatch.join(singles);
  }

  @Override
  public final int rows(EncodedBatch batch) {
    return batch.rows();
  }
}
