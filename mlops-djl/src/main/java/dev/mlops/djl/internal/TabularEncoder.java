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
 * Checks tabular rows against a model's signature and encodes them, either as one float32 matrix
 * with the features in signature order (models that take {@code float[N, F]}), or as one typed
 * column per feature ({@link #encodeColumns}: converter-built ONNX graphs, one input per column).
 * Every check happens here, in Java, so that bad input never reaches native code and the message
 * names the model version, the row and the feature.
 *
 * <p>Matrix encoding: numbers as they are (integers widened to float), booleans as 0 and 1,
 * categories as their index in the signature's category list, an absent optional feature as NaN.
 * Column encoding: each value in its column's own type; a category as its text (after checking
 * that it is one of the signature's categories), free text ({@code STRING}) as it is, an absent
 * optional number as NaN.
 */
public final class TabularEncoder {

  /** The most characters of an input value or name an error message shows. */
  private static final int EXCERPT = 64;

  /** The element type of an encoded column, as the model's input takes it. */
  public enum ColumnType {
    /** float32: {@code float[]}. */
    FLOAT,
    /** float64: {@code double[]}. */
    DOUBLE,
    /** int64: {@code long[]}. */
    INT64,
    /** int32: {@code int[]}. */
    INT32,
    /** bool: {@code boolean[]}. */
    BOOL,
    /** text: {@code String[]}. */
    STRING
  }

  private final String modelName;
  private final int version;
  private final List<FieldSpec> inputs;
  private final Map<String, Integer> positions = new HashMap<>();
  private final UnknownFeaturePolicy unknownFeatures;
  private final int maxBatchSize;

  /**
   * Creates an encoder for one model version that takes a float matrix.
   *
   * @param modelName the model, for messages
   * @param version the version, for messages
   * @param signature the version's signature
   * @param unknownFeatures what to do with features the signature does not declare
   * @param maxBatchSize the most rows one call may carry
   * @throws PredictionException if the signature has an input a float matrix cannot carry
   */
  public TabularEncoder(String modelName, int version, ModelSignature signature,
      UnknownFeaturePolicy unknownFeatures, int maxBatchSize) {
    this(modelName, version, signature, unknownFeatures, maxBatchSize, false);
  }

  private TabularEncoder(String modelName, int version, ModelSignature signature,
      UnknownFeaturePolicy unknownFeatures, int maxBatchSize, boolean text) {
    this.modelName = modelName;
    this.version = version;
    this.inputs = signature.inputs();
    this.unknownFeatures = unknownFeatures;
    this.maxBatchSize = maxBatchSize;
    for (int i = 0; i < inputs.size(); i++) {
      FieldSpec f = inputs.get(i);
      requireTabular(f, text);
      positions.put(f.name(), i);
    }
  }

  /**
   * Creates an encoder for a model that takes one typed column per feature, text included.
   *
   * @param modelName the model, for messages
   * @param version the version, for messages
   * @param signature the version's signature
   * @param unknownFeatures what to do with features the signature does not declare
   * @param maxBatchSize the most rows one call may carry
   * @return the encoder
   * @throws PredictionException if an input is not a scalar or a categorical one lists no
   *     categories
   */
  public static TabularEncoder forColumns(String modelName, int version, ModelSignature signature,
      UnknownFeaturePolicy unknownFeatures, int maxBatchSize) {
    return new TabularEncoder(modelName, version, signature, unknownFeatures, maxBatchSize, true);
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
   * Validates and encodes rows as a float matrix.
   *
   * @param rows the rows
   * @param single whether this is a single-row call, whose errors carry no row index
   * @return the encoded matrix
   * @throws InvalidInputException naming the first problem found
   */
  public EncodedBatch encode(List<? extends @Nullable Map<String, ?>> rows, boolean single) {
    requireBatchSize(rows);
    int columns = inputs.size();
    float[] values = new float[rows.size() * columns];
    for (int r = 0; r < rows.size(); r++) {
      int rowIndex = single ? -1 : r;
      Map<String, ?> row = requireRow(rows.get(r), rowIndex);
      for (int c = 0; c < columns; c++) {
        FieldSpec f = inputs.get(c);
        values[r * columns + c] = matrixValue(f, row.get(f.name()), rowIndex);
      }
      rejectUnknown(row, rowIndex);
    }
    return new EncodedBatch(values, rows.size(), columns);
  }

  /**
   * Validates and encodes rows as one typed array per feature, in signature order.
   *
   * @param rows the rows
   * @param single whether this is a single-row call, whose errors carry no row index
   * @param types each feature's column type, in signature order
   * @return the columns
   * @throws InvalidInputException naming the first problem found
   */
  public ColumnBatch encodeColumns(List<? extends @Nullable Map<String, ?>> rows, boolean single,
      List<ColumnType> types) {
    requireBatchSize(rows);
    int n = rows.size();
    Object[] columns = new Object[inputs.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnBatch.newColumn(types.get(c), n);
    }
    for (int r = 0; r < n; r++) {
      int rowIndex = single ? -1 : r;
      Map<String, ?> row = requireRow(rows.get(r), rowIndex);
      for (int c = 0; c < columns.length; c++) {
        FieldSpec f = inputs.get(c);
        setColumnValue(columns[c], types.get(c), r, f, row.get(f.name()), rowIndex);
      }
      rejectUnknown(row, rowIndex);
    }
    return new ColumnBatch(columns, n);
  }

  private void setColumnValue(Object column, ColumnType type, int r, FieldSpec f,
      @Nullable Object value, int rowIndex) {
    Object scalar = scalar(f, value, rowIndex);
    if (scalar == null) {
      switch (type) {
        case FLOAT -> ((float[]) column)[r] = Float.NaN;
        case DOUBLE -> ((double[]) column)[r] = Double.NaN;
        default -> throw invalid(f.name(), rowIndex, "the feature is missing; a " + type
            + " column has no missing value, so the signature cannot make it optional");
      }
      return;
    }
    switch (type) {
      case FLOAT -> ((float[]) column)[r] = (float) number(f, scalar, rowIndex, true);
      case DOUBLE -> ((double[]) column)[r] = number(f, scalar, rowIndex, false);
      case INT64 -> ((long[]) column)[r] = integer(f, scalar, rowIndex);
      case INT32 -> ((int[]) column)[r] = (int) integer(f, scalar, rowIndex);
      case BOOL -> ((boolean[]) column)[r] = bool(f, scalar, rowIndex);
      case STRING -> ((String[]) column)[r] = f.type() == DataType.CATEGORICAL
          ? f.categories().get(category(f, scalar, rowIndex)) : text(f, scalar, rowIndex);
    }
  }

  private float matrixValue(FieldSpec f, @Nullable Object value, int rowIndex) {
    Object scalar = scalar(f, value, rowIndex);
    if (scalar == null) {
      return Float.NaN;
    }
    return switch (f.type()) {
      case FLOAT32, FLOAT64 -> (float) number(f, scalar, rowIndex, true);
      case INT32, INT64 -> integer(f, scalar, rowIndex);
      case BOOLEAN -> bool(f, scalar, rowIndex) ? 1f : 0f;
      case CATEGORICAL -> category(f, scalar, rowIndex);
      case STRING -> throw new IllegalStateException("STRING inputs are rejected when loading");
    };
  }

  /**
   * The value if it is a scalar, null for an absent optional one; throws for an absent required one
   * or a non-scalar.
   */
  private @Nullable Object scalar(FieldSpec f, @Nullable Object value, int rowIndex) {
    if (value == null) {
      if (f.optional()) {
        return null;
      }
      throw invalid(f.name(), rowIndex, "the feature is missing; the signature requires it");
    }
    if (value instanceof Collection<?> || value instanceof Map<?, ?> || value.getClass().isArray()) {
      throw invalid(f.name(), rowIndex, "expected a single " + f.type() + " value but got "
          + describeShape(value) + "; tabular features are scalars");
    }
    return value;
  }

  private double number(FieldSpec f, Object value, int rowIndex, boolean float32) {
    if (!(value instanceof Number n) || !(f.type().isNumeric())) {
      throw wrongType(f, value, rowIndex);
    }
    if (f.type() == DataType.INT32 || f.type() == DataType.INT64) {
      return integer(f, value, rowIndex);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      if (!f.allowNonFinite()) {
        throw invalid(f.name(), rowIndex, d + " is not allowed; the signature requires a finite "
            + "number (declare the field allowingNonFinite() to accept it)");
      }
      return d;
    }
    if (float32 && Math.abs(d) > Float.MAX_VALUE) {
      throw invalid(f.name(), rowIndex, d + " is outside the float32 range the model computes in");
    }
    return d;
  }

  private long integer(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) || !(f.type() == DataType.INT32 || f.type() == DataType.INT64)) {
      throw wrongType(f, value, rowIndex);
    }
    long l = ((Number) value).longValue();
    if (f.type() == DataType.INT32 && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
      throw invalid(f.name(), rowIndex, l + " is outside the INT32 range");
    }
    return l;
  }

  private boolean bool(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof Boolean b) || f.type() != DataType.BOOLEAN) {
      throw wrongType(f, value, rowIndex);
    }
    return b;
  }

  private int category(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof String s) || f.type() != DataType.CATEGORICAL) {
      throw wrongType(f, value, rowIndex);
    }
    int index = f.categories().indexOf(s);
    if (index < 0) {
      throw invalid(f.name(), rowIndex, abbreviate(s) + " is not one of the categories "
          + f.categories());
    }
    return index;
  }

  private String text(FieldSpec f, Object value, int rowIndex) {
    if (!(value instanceof String s) || f.type() != DataType.STRING) {
      throw wrongType(f, value, rowIndex);
    }
    return s;
  }

  private void requireBatchSize(List<?> rows) {
    if (rows.size() > maxBatchSize) {
      throw invalid(null, -1, "a batch of " + rows.size() + " rows exceeds the maximum of "
          + maxBatchSize + "; split it or raise maxBatchSize");
    }
  }

  private Map<String, ?> requireRow(@Nullable Map<String, ?> row, int rowIndex) {
    if (row == null) {
      throw invalid(null, rowIndex, "the row is null; pass a map of feature name to value");
    }
    return row;
  }

  private void rejectUnknown(Map<String, ?> row, int rowIndex) {
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

  private void requireTabular(FieldSpec f, boolean text) {
    if (f.type() == DataType.STRING && !text) {
      throw new PredictionException("Model '" + modelName + "' version " + version + ": input '"
          + f.name() + "' has type STRING, which a tabular predictor cannot encode into the"
          + " model's float matrix; declare it CATEGORICAL with its categories, or serve the model"
          + " with raw tensors", null);
    }
    if (!(f.shape().isEmpty() || f.shape().equals(List.of(1L)))) {
      throw new PredictionException("Model '" + modelName + "' version " + version + ": input '"
          + f.name() + "' has shape " + f.shape() + ", but a tabular predictor takes one scalar "
          + "per feature; serve the model with raw tensors (loadTensors)", null);
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
