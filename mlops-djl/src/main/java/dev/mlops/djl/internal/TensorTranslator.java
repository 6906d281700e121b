package dev.mlops.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Passes tensors through unchanged, and copies the model's outputs into the manager of the
 * caller's first input array before DJL closes the call's own manager: the caller then owns the
 * outputs and frees them with its manager, whatever engine computed them.
 */
final class TensorTranslator implements NoBatchifyTranslator<NDList, NDList> {

  private static final String TARGET = "mlops.target-manager";

  @Override
  public NDList processInput(TranslatorContext ctx, NDList input) {
    ctx.setAttachment(TARGET, input.head().getManager());
    return input;
  }

  @Override
  public NDList processOutput(TranslatorContext ctx, NDList outputs) {
    NDManager target = (NDManager) ctx.getAttachment(TARGET);
    NDList copies = new NDList(outputs.size());
    for (NDArray a : outputs) {
      NDArray copy = target.create(a.toByteBuffer(), a.getShape(), a.getDataType());
      String name = a.getName();
      if (name != null) {
        copy.setName(name);
      }
      copies.add(copy);
    }
    return copies;
  }
}
