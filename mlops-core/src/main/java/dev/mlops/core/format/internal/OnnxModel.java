package dev.mlops.core.format.internal;

import java.util.List;
import java.util.Map;

/**
 * An ONNX model ({@code ModelProto}) as the SDK reads it with {@link OnnxReader}: the format
 * version, the operator sets it imports, the main graph, and every tensor anywhere in the model
 * (initializers, node attributes, subgraphs, functions, training graphs) whose data is stored in
 * another file.
 *
 * @param irVersion the ONNX IR version
 * @param producer the producing tool and its version, such as {@code skl2onnx 1.16.0}; empty if
 *     not recorded
 * @param opsetImports operator set version by domain ({@code ""} is the default domain)
 * @param graph the main graph
 * @param externalTensors the tensors with external data
 * @since 0.1
 */
public record OnnxModel(long irVersion, String producer, Map<String, Long> opsetImports,
    OnnxGraph graph, List<ExternalTensor> externalTensors) {

  /** Copies the map and the list. */
  public OnnxModel {
    opsetImports = Map.copyOf(opsetImports);
    externalTensors = List.copyOf(externalTensors);
  }
}
