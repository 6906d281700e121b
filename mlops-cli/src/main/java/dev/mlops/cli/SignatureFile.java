package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.predict.PredictionFields;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The signature file format of {@code mlops models register --signature}: {@code
 * {"inputs":[{"name":"age","type":"float"},...],"outputs":[{"name":"p","type":"float"}]}} with
 * types {@code float}, {@code double}, {@code int}, {@code long}, {@code boolean} and {@code
 * string}, mapped to the API's {@link ModelSignature}.
 *
 * <p>A tabular model takes one 2-D float tensor whose columns are the inputs in order and returns
 * one 2-D tensor whose columns are the outputs in order. An input of type {@code string} with a
 * {@code "categories"} list is categorical (encoded as the category's index). One output maps to
 * one scalar output field; several outputs, which must share a type, map to one output tensor of
 * that width whose class labels are the output names (so predictors also report the label with
 * the highest score), and are written back as separate outputs.
 */
final class SignatureFile {
  private static final Map<String, DataType> TYPES = Map.of(
      "float", DataType.FLOAT32,
      "double", DataType.FLOAT64,
      "int", DataType.INT32,
      "long", DataType.INT64,
      "boolean", DataType.BOOLEAN,
      "string", DataType.STRING);

  private SignatureFile() {}

  /**
   * Reads a signature file.
   *
   * @param file the file
   * @return the signature
   * @throws CliException if the file is missing, is not JSON, or has a field without a name or with
   *     an unknown type, naming the file and the field
   */
  static ModelSignature read(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new CliException("Signature file not found: " + file);
    } catch (JsonProcessingException e) {
      throw new CliException("Signature file " + file + " is not valid JSON: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CliException("Cannot read signature file " + file + ": " + e, e);
    }
    if (root == null || !root.isObject() || !root.path("inputs").isArray()) {
      throw new CliException("Signature file " + file
          + " must be a JSON object with an \"inputs\" array (and optionally \"outputs\")");
    }
    try {
      return ModelSignature.of(fields(file, root, "inputs"), outputs(file, fields(file, root, "outputs")));
    } catch (IllegalArgumentException e) {
      throw new CliException("Signature file " + file + " is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a signature in the file format, for JSON output.
   *
   * @param signature the signature
   * @return a map that Jackson renders as the file format
   */
  static Map<String, Object> toJson(ModelSignature signature) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("inputs", signature.inputs().stream().map(SignatureFile::field).toList());
    List<Map<String, Object>> outputs = new ArrayList<>();
    for (FieldSpec output : signature.outputs()) {
      boolean scores = output.type() == DataType.FLOAT32 || output.type() == DataType.FLOAT64;
      if (output.categories().isEmpty() || !scores) {
        outputs.add(field(output));
      } else {
        output.categories().forEach(label -> outputs.add(field(FieldSpec.scalar(label, output.type()))));
      }
    }
    json.put("outputs", outputs);
    return json;
  }

  /**
   * The output columns of {@code mlops predict}: the fields of {@link PredictionFields} (a label
   * output keeps its name and type, a score output gives {@code <output>_<class>} per class),
   * each typed as its output.
   *
   * @param signature the signature
   * @return the output columns in order
   */
  static List<FieldSpec> outputColumns(ModelSignature signature) {
    return PredictionFields.of(signature).fields().stream()
        .map(f -> FieldSpec.scalar(f.name(), f.output().type())).toList();
  }

  /**
   * The file format's name of a data type.
   *
   * @param type the type
   * @return {@code float}, {@code double}, ... or the lower-case enum name for types the format
   *     does not name
   */
  static String typeName(DataType type) {
    if (type == DataType.CATEGORICAL) {
      return "string";
    }
    return TYPES.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey)
        .findFirst().orElse(type.name().toLowerCase(Locale.ROOT));
  }

  private static Map<String, Object> field(FieldSpec spec) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", spec.name());
    json.put("type", typeName(spec.type()));
    if (!spec.categories().isEmpty()) {
      json.put("categories", spec.categories());
    }
    return json;
  }

  private static List<FieldSpec> outputs(Path file, List<FieldSpec> columns) {
    if (columns.size() <= 1) {
      return columns;
    }
    DataType type = columns.get(0).type();
    for (FieldSpec column : columns) {
      if (column.type() != type || column.type() == DataType.CATEGORICAL) {
        throw new CliException("Signature file " + file + ": the outputs are the columns of one"
            + " tensor and must share one numeric type, but '" + column.name() + "' is "
            + typeName(column.type()) + " and '" + columns.get(0).name() + "' is " + typeName(type));
      }
    }
    List<String> names = columns.stream().map(FieldSpec::name).toList();
    return List.of(FieldSpec.tensor("outputs", type, names.size()).withCategories(names));
  }

  private static List<FieldSpec> fields(Path file, JsonNode root, String key) {
    JsonNode array = root.path(key);
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw new CliException("Signature file " + file + ": \"" + key + "\" must be an array");
    }
    List<FieldSpec> result = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode node = array.get(i);
      String name = node.path("name").asText("");
      String type = node.path("type").asText("");
      if (name.isBlank()) {
        throw new CliException("Signature file " + file + ": " + key + "[" + i + "] has no \"name\"");
      }
      DataType dataType = TYPES.get(type.toLowerCase(Locale.ROOT));
      if (dataType == null) {
        throw new CliException("Signature file " + file + ": field '" + name + "' has type '" + type
            + "'; use one of float, double, int, long, boolean, string");
      }
      JsonNode categories = node.path("categories");
      if (categories.isArray() && dataType == DataType.STRING) {
        List<String> values = new ArrayList<>();
        categories.forEach(c -> values.add(c.asText()));
        result.add(FieldSpec.categorical(name, values));
      } else if (!categories.isMissingNode()) {
        throw new CliException("Signature file " + file + ": field '" + name
            + "' has \"categories\", which need type string and a JSON array");
      } else {
        result.add(FieldSpec.scalar(name, dataType));
      }
    }
    return result;
  }
}
