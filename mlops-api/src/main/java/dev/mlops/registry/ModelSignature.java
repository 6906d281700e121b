package dev.mlops.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a model takes and returns: named, typed inputs in the order the model expects them, named
 * outputs, and optionally an input example used to warm a freshly loaded model up and to document
 * the model.
 *
 * <p>Predictors place tabular features in the order of {@link #inputs()} and reject a request that
 * does not match it before any native call.
 *
 * @param inputs the inputs, in the order the model consumes them
 * @param outputs the outputs, in the order the model produces them
 * @param inputExample example rows, each a map from input name to a JSON-compatible value
 *     (number, string, boolean, or list for tensors); may be empty
 * @since 0.1
 */
public record ModelSignature(
    List<FieldSpec> inputs, List<FieldSpec> outputs, List<Map<String, Object>> inputExample) {

  /**
   * Validates and copies the components.
   *
   * @param inputs the inputs, in the order the model consumes them
   * @param outputs the outputs, in the order the model produces them
   * @param inputExample example rows, each a map from input name to a JSON-compatible value (number, string, boolean, or list for tensors); may be empty
   * @throws IllegalArgumentException if there are no inputs, if two inputs or two outputs share a
   *     name, or if an example row names an input the signature does not have
   */
  public ModelSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("A model signature needs at least one input");
    }
    requireUniqueNames("input", inputs);
    requireUniqueNames("output", outputs);
    Set<String> names = new HashSet<>();
    inputs.forEach(f -> names.add(f.name()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < inputExample.size(); i++) {
      Map<String, Object> row = inputExample.get(i);
      for (String key : row.keySet()) {
        if (!names.contains(key)) {
          throw new IllegalArgumentException(
              "Input example row " + i + " has '" + key + "', which is not an input of the signature");
        }
      }
      rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
    }
    inputExample = List.copyOf(rows);
  }

  /**
   * A signature without an input example.
   *
   * @param inputs the inputs, in order
   * @param outputs the outputs, in order
   * @return the signature
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static ModelSignature of(List<FieldSpec> inputs, List<FieldSpec> outputs) {
    return new ModelSignature(inputs, outputs, List.of());
  }

  /**
   * This signature with an input example.
   *
   * @param rows example rows
   * @return a copy with the example replaced
   * @throws IllegalArgumentException if a row names an unknown input
   */
  public ModelSignature withInputExample(List<Map<String, Object>> rows) {
    return new ModelSignature(inputs, outputs, rows);
  }

  /**
   * The input with this name.
   *
   * @param name the input name
   * @return the field, or empty if there is none
   */
  public Optional<FieldSpec> input(String name) {
    return inputs.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The names of the inputs, in order.
   *
   * @return the input names
   */
  public List<String> inputNames() {
    return inputs.stream().map(FieldSpec::name).toList();
  }

  private static void requireUniqueNames(String what, List<FieldSpec> fields) {
    Set<String> seen = new HashSet<>();
    for (FieldSpec f : fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("Two " + what + "s are named '" + f.name() + "'");
      }
    }
  }
}
