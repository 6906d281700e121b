package dev.mlops.core.format.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The main graph of an ONNX model ({@code GraphProto}): what a session is fed and returns, and
 * the nodes between.
 *
 * @param inputs the values a caller feeds, in declaration order; initializers that older
 *     exporters also list as inputs are left out
 * @param outputs the values the graph returns, in declaration order
 * @param nodes the nodes of the main graph, in order (not those of subgraphs)
 * @since 0.1
 */
public record OnnxGraph(List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs,
    List<OnnxNode> nodes) {

  /** Copies the lists. */
  public OnnxGraph {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    nodes = List.copyOf(nodes);
  }

  /**
   * The node that writes a value.
   *
   * @param value a value name
   * @return the node, if one writes it
   */
  public Optional<OnnxNode> producer(String value) {
    return nodes.stream().filter(n -> n.outputs().contains(value)).findFirst();
  }

  /**
   * The nodes that read a value.
   *
   * @param value a value name
   * @return the nodes, in graph order
   */
  public List<OnnxNode> consumers(String value) {
    return nodes.stream().filter(n -> n.inputs().contains(value)).toList();
  }

  /**
   * The names of the graph inputs.
   *
   * @return the names, in order
   */
  public List<String> inputNames() {
    return inputs.stream().map(OnnxValueInfo::name).toList();
  }

  /**
   * An input by name.
   *
   * @param name the name
   * @return the input, if the graph has it
   */
  public Optional<OnnxValueInfo> input(String name) {
    return inputs.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /**
   * An output by name.
   *
   * @param name the name
   * @return the output, if the graph has it
   */
  public Optional<OnnxValueInfo> output(String name) {
    return outputs.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /**
   * The names of every value reachable from {@code start} by following nodes forward, {@code
   * start} included.
   *
   * @param start a value name
   * @return the values computed from it, directly or not
   */
  public Set<String> downstreamOf(String start) {
    Set<String> reached = new HashSet<>(Set.of(start));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (OnnxNode n : nodes) {
        if (n.inputs().stream().anyMatch(reached::contains)) {
          grew |= reached.addAll(n.outputs());
        }
      }
    }
    return reached;
  }
}
