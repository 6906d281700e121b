package dev.mlops.djl.internal;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.mlops.djl.internal.TabularNetDescription.Architecture;

/** Builds the DJL block an {@link Architecture} describes, for training and for loading. */
public final class TabularNetBlocks {

  private TabularNetBlocks() {}

  /**
   * Builds an uninitialised block: per hidden layer a fully connected layer and a ReLU, then a
   * fully connected output layer (the logits, or the standardised regression value).
   *
   * @param architecture the layer sizes
   * @return the block
   */
  public static SequentialBlock build(Architecture architecture) {
    SequentialBlock block = new SequentialBlock();
    for (int units : architecture.hiddenLayers()) {
      block.add(Linear.builder().setUnits(units).build());
      block.add(Activation.reluBlock());
    }
    block.add(Linear.builder().setUnits(architecture.outputWidth()).build());
    return block;
  }
}
