package dev.mlops.djl.internal;

import dev.mlops.djl.UnknownFeaturePolicy;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.PredictionException;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /** Up to this many categories, a list search beats hashing the value. */
  private static final int LINEAR_SEARCH = 16;

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
  // Arrays rather than lists, and each categorical input's index by text: the per-row loop is
  // the SDK's own cost of a batch call (docs/benchmarks.md, section 1b).
  private final FieldSpec[] inputs;
  private final String[] names;
  private final List<@Nullable Map<String, Integer>> categoryIndex = new ArrayList<>();
  private final ColumnType @Nullable [] types;
  private final long @Nullable [][] integerCategories;
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
    this(modelName, version, signature, unknownFeatures, maxBatchSize, null, Map.of());
  }

  private TabularEncoder(String modelName, int version, ModelSignature signature,
      UnknownFeaturePolicy unknownFeatures, int maxBatchSize, @Nullable List<ColumnType> types,
      Map<String, long[]> integerCategories) {
    this.modelName = modelName;
    this.version = version;
    this.inputs = signature.inputs().toArray(FieldSpec[]::new);
    this.names = new String[inputs.length];
    this.types = types == null ? null : types.toArray(ColumnType[]::new);
    this.integerCategories = types == null ? null : new long[inputs.length][];
    this.unknownFeatures = unknownFeatures;
    this.maxBatchSize = maxBatchSize;
    for (int i = 0; i < inputs.length; i++) {
      FieldSpec f = inputs[i];
      requireTabular(f, types != null);
      // Interned: a row's keys are often literals, which then match by identity.
      names[i] = f.name().intern();
      positions.put(f.name(), i);
      Map<String, Integer> index = null;
      if (f.type() == DataType.CATEGORICAL && f.categories().size() > LINEAR_SEARCH) {
        index = new HashMap<>();
        for (int c = f.categories().size() - 1; c >= 0; c--) {
          index.put(f.categories().get(c), c); // the first of duplicates wins, as indexOf
        }
      }
      categoryIndex.add(index);
      long[] allowed = integerCategories.get(f.name());
      if (allowed != null && this.integerCategories != null) {
        long[] sorted = allowed.clone();
        Arrays.sort(sorted);
        this.integerCategories[i] = sorted;
      }
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
   * @param types each feature's column type, in signature order
   * @param integerCategories for an integer feature whose encoder fails on an unknown value (a
   *     {@code OneHotEncoder} with {@code zeros=0}), the values it knows, by feature name
   * @return the encoder
   * @throws PredictionException if an input is not a scalar or a categorical one lists no
   *     categories
   */
  public static TabularEncoder forColumns(String modelName, int version, ModelSignature signature,
      UnknownFeaturePolicy unknownFeatures, int maxBatchSize, List<ColumnType> types,
      Map<String, long[]> integerCategories) {
    return new TabularEncoder(modelName, version, signature, unknownFeatures, maxBatchSize,
        List.copyOf(types), integerCategories);
  }

  /**
   * The number of features per row.
   *
   * @return the number of signature inputs
   */
  public int columns() {
    return inputs.length;
  }

  /**
   * A row of plausible values that passes validation: zero, {@code false}, the first category,
   * the smallest value an integer column's strict one-hot encoder knows. The warm-up row of a
   * version registered without an input example.
   *
   * @return the row, in signature order
   */
  public Map<String, Object> syntheticRow() {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int c = 0; c < inputs.length; c++) {
      FieldSpec f = inputs[c];
      long[] known = integerCategories == null ? null : integerCategories[c];
      row.put(f.name(), switch (f.type()) {
        case FLOAT32, FLOAT64 -> 0.0;
        case INT32, INT64 -> known == null ? (Object) 0 : (Object) known[0];
        case BOOLEAN -> false;
        case CATEGORICAL, STRING -> f.categories().isEmpty() ? "" : f.categories().get(0);
      });
    }
    return row;
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
    int columns = inputs.length;
    float[] values = new float[rows.size() * columns];
    for (int r = 0; r < rows.size(); r++) {
      int rowIndex = single ? -1 : r;
      Map<String, ?> row = requireRow(rows.get(r), rowIndex);
      int present = 0;
      for (int c = 0; c < columns; c++) {
        Object value = row.get(names[c]);
        present += isPresent(row, c, value);
        values[r * columns + c] = matrixValue(c, value, rowIndex);
      }
      rejectUnknown(row, present, rowIndex);
    }
    return new EncodedBatch(values, rows.size(), columns);
  }

  /**
   * Validates and encodes rows as one typed array per feature, in signature order, in the column
   * types this encoder was made for ({@link #forColumns}).
   *
   * @param rows the rows
   * @param single whether this is a single-row call, whose errors carry no row index
   * @return the columns
   * @throws InvalidInputException naming the first problem found
   */
  public ColumnBatch encodeColumns(List<? extends @Nullable Map<String, ?>> rows, boolean single) {
    ColumnType[] columnTypes = Objects.requireNonNull(types, "not a column encoder");
    requireBatchSize(rows);
    int n = rows.size();
    Object[] columns = new Object[inputs.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ColumnBatch.newColumn(columnTypes[c], n);
    }
    for (int r = 0; r < n; r++) {
      int rowIndex = single ? -1 : r;
      Map<String, ?> row = requireRow(rows.get(r), rowIndex);
      int present = 0;
      for (int c = 0; c < columns.length; c++) {
        Object value = row.get(names[c]);
        present += isPresent(row, c, value);
        setColumnValue(columns[c], columnTypes[c], r, c, value, rowIndex);
      }
      rejectUnknown(row, present, rowIndex);
    }
    return new ColumnBatch(columns, n);
  }

  /** 1 if the row has the feature (a value, or null mapped explicitly), for the unknown check. */
  private int isPresent(Map<String, ?> row, int column, @Nullable Object value) {
    return value != null || row.containsKey(names[column]) ? 1 : 0;
  }

  private void setColumnValue(Object column, ColumnType type, int r, int c,
      @Nullable Object value, int rowIndex) {
    FieldSpec f = inputs[c];
    if (value == null) {
      requireOptional(f, rowIndex);
      switch (type) {
        case FLOAT -> ((float[]) column)[r] = Float.NaN;
        case DOUBLE -> ((double[]) column)[r] = Double.NaN;
        default -> throw invalid(f.name(), rowIndex, "the feature is missing; a " + type
            + " column has no missing value, so the signature cannot make it optional");
      }
      return;
    }
    switch (type) {
      case FLOAT -> ((float[]) column)[r] = (float) number(f, value, rowIndex, true);
      case DOUBLE -> ((double[]) column)[r] = number(f, value, rowIndex, false);
      case INT64 -> ((long[]) column)[r] = knownInteger(c, value, rowIndex);
      case INT32 -> ((int[]) column)[r] = (int) knownInteger(c, value, rowIndex);
      case BOOL -> ((boolean[]) column)[r] = bool(f, value, rowIndex);
      case STRING -> ((String[]) column)[r] = f.type() == DataType.CATEGORICAL
          ? f.categories().get(category(c, value, rowIndex)) : text(f, value, rowIndex);
    }
  }

  /** An integer, checked against the values its one-hot encoder knows where unknown ones fail. */
  private long knownInteger(int c, Object value, int rowIndex) {
    long l = integer(inputs[c], value, rowIndex);
    long[] known = Objects.requireNonNull(integerCategories)[c];
    if (known != null && Arrays.binarySearch(known, l) < 0) {
      throw invalid(names[c], rowIndex, l + " is not one of the categories "
          + Arrays.toString(known) + " the model's one-hot encoder knows (it fails on any other"
          + " value)");
    }
    return l;
  }

  private float matrixValue(int c, @Nullable Object value, int rowIndex) {
    FieldSpec f = inputs[c];
    if (value == null) {
      requireOptional(f, rowIndex);
      return Float.NaN;
    }
    return switch (f.type()) {
      case FLOAT32, FLOAT64 -> (float) number(f, value, rowIndex, true);
      case INT32, INT64 -> integer(f, value, rowIndex);
      case BOOLEAN -> bool(f, value, rowIndex) ? 1f : 0f;
      case CATEGORICAL -> category(c, value, rowIndex);
      case STRING -> throw new IllegalStateException("STRING inputs are rejected when loading");
    };
  }

  /** Throws for a missing value of a required feature. */
  private void requireOptional(FieldSpec f, int rowIndex) {
    if (!f.optional()) {
      throw invalid(f.name(), rowIndex, "the feature is missing; the signature requires it");
    }
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

  private int category(int c, Object value, int rowIndex) {
    FieldSpec f = inputs[c];
    if (!(value instanceof String s) || f.type() != DataType.CATEGORICAL) {
      throw wrongType(f, value, rowIndex);
    }
    Map<String, Integer> index = categoryIndex.get(c);
    int position = index != null ? index.getOrDefault(s, -1) : f.categories().indexOf(s);
    if (position < 0) {
      throw invalid(f.name(), rowIndex, abbreviate(s) + " is not one of the categories "
          + f.categories());
    }
    return position;
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

  /** Rejects a feature the signature lacks; {@code present} counts the row's known features. */
  private void rejectUnknown(Map<String, ?> row, int present, int rowIndex) {
    if (unknownFeatures == UnknownFeaturePolicy.REJECT && row.size() > present) {
      for (Object key : row.keySet()) {
        if (!positions.containsKey(key)) {
          throw invalid(excerpt(String.valueOf(key)), rowIndex, "the signature has no such feature; it has "
              + positions.keySet().stream().sorted().toList()
              + " (configure UnknownFeaturePolicy.IGNORE to drop extra features)");
        }
      }
    }
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

  /**
   * A value of a type the feature does not take: a list, array or map where a scalar belongs, or
   * a scalar of the wrong kind. Checked only once the value was refused, so that the common case
   * costs one type test.
   */
  private InvalidInputException wrongType(FieldSpec f, Object value, int rowIndex) {
    if (value instanceof Collection<?> || value instanceof Map<?, ?>
        || value.getClass().isArray()) {
      return invalid(f.name(), rowIndex, "expected a single " + f.type() + " value but got "
          + describeShape(value) + "; tabular features are scalars");
    }
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
