package dev.mlops.core.format.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One operator call of the main graph ({@code NodeProto}), with the attributes the SDK reads:
 * class labels, categories and the like, not the bulk numbers of tree ensembles.
 *
 * @param opType the operator, such as {@code TreeEnsembleClassifier}
 * @param domain its domain: empty for the default one, {@code ai.onnx.ml} for the ML operators
 * @param inputs the names of the values it reads; empty strings for omitted optional inputs
 * @param outputs the names of the values it writes
 * @param attributes the attributes kept, by name
 * @since 0.1
 */
public record OnnxNode(String opType, String domain, List<String> inputs, List<String> outputs,
    Map<String, Attribute> attributes) {

  /** The domain of the ONNX-ML operators ({@code ZipMap}, {@code TreeEnsembleClassifier}...). */
  public static final String ML_DOMAIN = "ai.onnx.ml";

  /** Copies the lists and the map. */
  public OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Map.copyOf(attributes);
  }

  /**
   * Whether this node calls that ONNX-ML operator.
   *
   * @param op the operator name
   * @return true if the op type matches and the domain is {@code ai.onnx.ml}
   */
  public boolean isMl(String op) {
    return opType.equals(op) && domain.equals(ML_DOMAIN);
  }

  /**
   * An attribute.
   *
   * @param name the attribute name
   * @return the attribute, or null if absent or not kept
   */
  public @Nullable Attribute attribute(String name) {
    return attributes.get(name);
  }

  /**
   * A node attribute ({@code AttributeProto}) of the scalar or list kinds the SDK reads.
   *
   * @param name the attribute name
   * @param i the integer value (also used for enums and booleans), 0 if absent
   * @param f the float value, 0 if absent
   * @param s the text value, empty if absent
   * @param ints the integer list
   * @param strings the text list
   */
  public record Attribute(String name, long i, float f, String s, List<Long> ints,
      List<String> strings) {
    /** Copies the lists. */
    public Attribute {
      ints = List.copyOf(ints);
      strings = List.copyOf(strings);
    }
  }
}
