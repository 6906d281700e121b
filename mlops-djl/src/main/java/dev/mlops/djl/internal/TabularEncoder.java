package dev.mlops.djl.internal;

import dev.mlops.djl.UnknownFeaturePolicy;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks tabular rows against a model's signature and encodes them as one float32 matrix, features
 * in signature order. Every check happens here, in Java, so that bad input never reaches native
 * code and the message names the model version, the row and the feature.
 *
 * <p>Encoding: numbers as they are (integers widened to float), booleans as 0 and 1, categories as
 * their index in the signature's category list, an absent optional feature as NaN.
 */
public final class TabularEncoder {

  /** The most characters of an input value or name an error message shows. */
  private static final int EXCERPT = 64;

  private final String modelName;
  private final int version;
  private final List<FieldSpec> inputs;
  private final Map<String, Integer> positions = new HashMap<>();
  private final UnknownFeaturePolicy unknownFeatures;
  private final int maxBatchSize;

  /**
   * Creates an encoder for one model version.
   *
   * @param modelName the model, for messages
   * @param version the version, for messages
   * @param signature the version's signature
   * @param unknownFeatures what to do with features the signature does not declare
   * @param maxBatchSize the most rows one call may carry
   * @throws PredictionException if the signature has an input a tabular model cannot take
   */
  public TabularEncoder(String modelName, int version, ModelSignature signature,
      UnknownFeaturePolicy unknownFeatures, int maxBatchSize) {
    this.modelName = modelName;
    this.version = version;
    this.inputs = signature.inputs();
    this.unknownFeatures = unknownFeatures;
    this.maxBatchSize = maxBatchSize;
    for (int i = 0; i < inputs.size(); i++) {
      FieldSpec f = inputs.get(i);
      requireTabular(f);
      positions.put(f.name(), i);
    }
  }

  /**
   * The number of features per row.
   *
   * @return the number of signature inputs
   */
  public int columns() {
    return inputs.size();
  }

  /**
   * Validates and encodes rows.
   *
   * @param rows the rows
   * @param single whether this is a single-row call, whose errors carry no row index
   * @return the encoded matrix
   * @throws InvalidInputException naming the first problem found
   */
  public EncodedBatch encode(List<? extends @Nullable Map<String, ?>> rows, boolean single) {
    if (rows.size() > maxBatchSize) {
      throw invalid(null, -1, "a batch of " + rows.size() + " rows exceeds the maximum of "
          + maxBatchSize + "; split it or raise maxBatchSize");
    }
    int columns = inputs.size();
    float[] values = new float[rows.size() * columns];
    for (int r = 0; r < rows.size(); r++) {
      int rowIndex = single ? -1 : r;
      Map<String, ?> row = rows.get(r);
      if (row == null) {
        throw invalid(null, rowIndex, "the row is null; pass a map of feature name to value");
      }
      encodeRow(row, rowIndex, values, r * columns);
    }
    return new EncodedBatch(values, rows.size(), columns);
  }

  private void encodeRow(Map<String, ?> row, int rowIndex, float[] into, int offset) {
    for (int c = 0; c < inputs.size(); c++) {
      FieldSpec f = inputs.get(c);
      into[offset + c] = encodeValue(f, row.get(f.name()), rowIndex);
    }
    if (unknownFeatures == UnknownFeaturePolicy.REJECT && row.size() > countKnown(row)) {
      for (Object key : row.keySet()) {
        if (!positions.containsKey(key)) {
          throw invalid(excerpt(String.valueOf(key)), rowIndex, "the signature has no such feature; it has "
              + positions.keySet().stream().sorted().toList()
              + " (configure UnknownFeaturePolicy.IGNORE to drop extra features)");
        }
      }
    }
  }

  private int countKnown(Map<String, ?> row) {
    int known = 0;
    for (String name : positions.keySet()) {
      if (row.containsKey(name)) {
        known++;
      }
    }
    return known;
  }

  private float encodeValue(FieldSpec f, @Nullable Object value, int rowIndex) {
    if (value == null) {
      if (f.optional()) {
        return Float.NaN;
      }
      throw invalid(f.name(), rowIndex, "the feature is missing; the signature requires it");
    }
    if (value instanceof Collection<?> || value instanceof Map<?, ?> || value.getClass().isArray()) {
      throw invalid(f.name(), rowIndex, "expected a single " + f.type() + " value but got "
          + describeShape(value) + "; tabular features are scalars");
    }
    return switch (f.type()) {
      case FLOAT32, FLOAT64 -> encodeFloat(f, value, rowIndex);
      case INT32, INT64 -> encodeInteger(f, value, rowIndex);
      case BOOLEAN -> encodeBoolean(f, value, rowIndex);
      case CATEGORICAL -> encodeCategory(f, value, rowIndex);
      case STRING -> throw new IllegalStateException("STRING inputs are rejected when loading");
    };
  }

  private float encodeFloat(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof Number n)) {
      throw wrongType(f, value, rowIndex);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      if (!f.allowNonFinite()) {
        throw invalid(f.name(), rowIndex, d + " is not allowed; the signature requires a finite "
            + "number (declare the field allowingNonFinite() to accept it)");
      }
      return (float) d;
    }
    if (Math.abs(d) > Float.MAX_VALUE) {
      throw invalid(f.name(), rowIndex, d + " is outside the float32 range the model computes in");
    }
    return (float) d;
  }

  private float encodeInteger(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte)) {
      throw wrongType(f, value, rowIndex);
    }
    long l = ((Number) value).longValue();
    if (f.type() == DataType.INT32 && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
      throw invalid(f.name(), rowIndex, l + " is outside the INT32 range");
    }
    return l;
  }

  private float encodeBoolean(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof Boolean b)) {
      throw wrongType(f, value, rowIndex);
    }
    return b ? 1f : 0f;
  }

  private float encodeCategory(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof String s)) {
      throw wrongType(f, value, rowIndex);
    }
    int index = f.categories().indexOf(s);
    if (index < 0) {
      throw invalid(f.name(), rowIndex, abbreviate(s) + " is not one of the categories "
          + f.categories());
    }
    return index;
  }

  private void requireTabular(FieldSpec f) {
    if (f.type() == DataType.STRING) {
      throw new PredictionException("Model '" + modelName + "' version " + version + ": input '"
          + f.name() + "' has type STRING, which a tabular predictor cannot encode; declare it "
          + "CATEGORICAL with its categories, or serve the model with raw tensors", null);
    }
    if (!(f.shape().isEmpty() || f.shape().equals(List.of(1L)))) {
      throw new PredictionException("Model '" + modelName + "' version " + version + ": input '"
          + f.name() + "' has shape " + f.shape() + ", but a tabular predictor takes one scalar "
          + "per feature", null);
    }
    if (f.type() == DataType.CATEGORICAL && f.categories().isEmpty()) {
      throw new PredictionException("Model '" + modelName + "' version " + version
          + ": categorical input '" + f.name() + "' lists no categories", null);
    }
  }

  private InvalidInputException wrongType(FieldSpec f, Object value, int rowIndex) {
    return invalid(f.name(), rowIndex, "expected " + f.type() + expectedJava(f.type())
        + " but got " + value.getClass().getSimpleName() + " " + abbreviate(value));
  }

  private static String expectedJava(DataType type) {
    return switch (type) {
      case FLOAT32, FLOAT64 -> " (a Number)";
      case INT32, INT64 -> " (an Integer or Long)";
      case BOOLEAN -> " (a Boolean)";
      case CATEGORICAL, STRING -> " (a String)";
    };
  }

  private static String describeShape(Object value) {
    if (value instanceof Collection<?> c) {
      return "a list of " + c.size() + " values";
    }
    if (value instanceof Map<?, ?> m) {
      return "a map of " + m.size() + " entries";
    }
    return "an array of " + Array.getLength(value) + " values";
  }

  /** A value from the input as a message shows it: quoted, cut to a prefix when long. */
  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= EXCERPT ? "'" + s + "'"
        : "'" + s.substring(0, EXCERPT) + "...' (" + s.length() + " characters)";
  }

  /** A name from the input as a message shows it, cut to a prefix with its length when long. */
  private static String excerpt(String s) {
    return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "... (" + s.length()
        + " characters)";
  }

  private InvalidInputException invalid(@Nullable String feature, int rowIndex, String problem) {
    return new InvalidInputException(modelName, version, feature, rowIndex, problem);
  }
}
