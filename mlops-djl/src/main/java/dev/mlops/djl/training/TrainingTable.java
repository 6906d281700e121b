package dev.mlops.djl.training;

import dev.mlops.djl.UnknownFeaturePolicy;
import dev.mlops.djl.internal.EncodedBatch;
import dev.mlops.djl.internal.TabularEncoder;
import dev.mlops.djl.internal.TabularNetDescription.Encoding;
import dev.mlops.djl.internal.TabularNetDescription.FeatureEncoding;
import dev.mlops.djl.internal.TabularNetDescription.TargetEncoding;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import dev.mlops.training.Dataset;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A dataset checked and encoded for training: the raw feature matrix, encoded exactly as a served
 * model's {@link TabularEncoder} encodes requests (so that training and serving see the same raw
 * values), and the targets (class indices, or regression values).
 *
 * @param features the feature columns
 * @param target the target column
 * @param raw {@code rows * features} raw values, row after row
 * @param targets per row, the class index or the regression value
 * @param rows the number of rows
 */
record TrainingTable(List<FieldSpec> features, FieldSpec target, float[] raw, double[] targets,
    int rows) {

  /** The name a rejected training row is reported under by the shared encoder. */
  private static final String SOURCE = "training data";

  /**
   * Checks and encodes a dataset.
   *
   * @param data the dataset
   * @return the table
   * @throws TrainingException if the schema cannot be trained on, the dataset is empty, a value
   *     does not match its column (naming the row and feature), or a classifier's target has fewer
   *     than two classes
   */
  static TrainingTable of(Dataset data) {
    List<FieldSpec> features = data.features();
    checkSchema(features, data.target());
    if (data.size() == 0) {
      throw new TrainingException("The training dataset is empty; it needs at least one row "
          + "(and two classes for a classifier)");
    }
    List<Map<String, @Nullable Object>> rows = new ArrayList<>(data.size());
    for (int r = 0; r < data.size(); r++) {
      rows.add(data.features(r));
    }
    TabularEncoder encoder = new TabularEncoder(SOURCE, 0,
        ModelSignature.of(features, List.of()), UnknownFeaturePolicy.IGNORE, Integer.MAX_VALUE);
    EncodedBatch batch;
    try {
      batch = encoder.encode(rows, false);
    } catch (InvalidInputException e) {
      throw new TrainingException("Training data row " + e.rowIndex()
          + (e.feature() == null ? "" : ", feature '" + e.feature() + "'") + ": "
          + problemOf(e), e);
    }
    double[] targets = data.classification() ? classIndices(data) : values(data);
    return new TrainingTable(features, data.target(), batch.values(), targets, data.size());
  }

  /**
   * Learns each feature's encoding from the training rows: mean and standard deviation of the
   * finite values of a numeric feature (scale 1 if constant or absent), the share of true of a
   * boolean, the schema's categories of a categorical feature.
   *
   * @return the encodings, in column order
   */
  List<FeatureEncoding> fitEncodings() {
    List<FeatureEncoding> out = new ArrayList<>(features.size());
    for (int c = 0; c < features.size(); c++) {
      FieldSpec f = features.get(c);
      if (f.type() == DataType.CATEGORICAL) {
        out.add(new FeatureEncoding(f.name(), f.type(), Encoding.ONE_HOT, 0, 1, f.categories()));
        continue;
      }
      double[] moments = moments(c);
      if (f.type() == DataType.BOOLEAN) {
        out.add(new FeatureEncoding(f.name(), f.type(), Encoding.BOOLEAN, moments[0], 1,
            List.of()));
      } else {
        double scale = moments[1] > 1e-12 ? moments[1] : 1;
        out.add(new FeatureEncoding(f.name(), f.type(), Encoding.STANDARDIZE, moments[0], scale,
            List.of()));
      }
    }
    return out;
  }

  /**
   * The target's encoding: the classes, or the mean and standard deviation of a regression
   * target, which the network learns standardised.
   *
   * @return the encoding
   */
  TargetEncoding fitTarget() {
    if (target.type() == DataType.CATEGORICAL) {
      return new TargetEncoding(target.name(), target.categories(), 0, 1);
    }
    double sum = 0;
    for (double t : targets) {
      sum += t;
    }
    double mean = sum / rows;
    double squares = 0;
    for (double t : targets) {
      squares += (t - mean) * (t - mean);
    }
    double std = Math.sqrt(squares / rows);
    return new TargetEncoding(target.name(), List.of(), mean, std > 1e-12 ? std : 1);
  }

  /** Mean and population standard deviation of the finite values of column c (0 and 0 if none). */
  private double[] moments(int c) {
    int columns = features.size();
    double sum = 0;
    int n = 0;
    for (int r = 0; r < rows; r++) {
      float x = raw[r * columns + c];
      if (Float.isFinite(x)) {
        sum += x;
        n++;
      }
    }
    if (n == 0) {
      return new double[] {0, 0};
    }
    double mean = sum / n;
    double squares = 0;
    for (int r = 0; r < rows; r++) {
      float x = raw[r * columns + c];
      if (Float.isFinite(x)) {
        squares += (x - mean) * (x - mean);
      }
    }
    return new double[] {mean, Math.sqrt(squares / n)};
  }

  private static void checkSchema(List<FieldSpec> features, FieldSpec target) {
    if (features.isEmpty()) {
      throw new TrainingException("The training dataset has no feature columns");
    }
    for (FieldSpec f : features) {
      if (f.type() == DataType.STRING) {
        throw new TrainingException("Feature '" + f.name() + "' is free text (STRING), which "
            + "the tabular trainer cannot encode; declare it CATEGORICAL with its categories");
      }
      if (!(f.shape().isEmpty() || f.shape().equals(List.of(1L)))) {
        throw new TrainingException("Feature '" + f.name() + "' has shape " + f.shape()
            + "; the tabular trainer takes one scalar per feature");
      }
      if (f.type() == DataType.CATEGORICAL && f.categories().isEmpty()) {
        throw new TrainingException("Categorical feature '" + f.name() + "' lists no "
            + "categories; declare them in the dataset's schema");
      }
    }
    if (target.type() == DataType.CATEGORICAL) {
      if (target.categories().size() < 2) {
        throw new TrainingException("Target '" + target.name() + "' declares "
            + target.categories().size() + " class(es) " + target.categories()
            + "; a classifier needs at least two");
      }
    } else if (!target.type().isNumeric()) {
      throw new TrainingException("Target '" + target.name() + "' has type " + target.type()
          + "; use CATEGORICAL (with the classes as categories) or a numeric type");
    }
  }

  private static double[] classIndices(Dataset data) {
    FieldSpec target = data.target();
    double[] out = new double[data.size()];
    int[] counts = new int[target.categories().size()];
    for (int r = 0; r < data.size(); r++) {
      Object t = data.target(r);
      int index = t instanceof String s ? target.categories().indexOf(s) : -1;
      if (index < 0) {
        throw new TrainingException("Training data row " + r + ", target '" + target.name()
            + "': '" + t + "' is not one of the classes " + target.categories());
      }
      out[r] = index;
      counts[index]++;
    }
    int present = 0;
    for (int c : counts) {
      present += c > 0 ? 1 : 0;
    }
    if (present < 2) {
      throw new TrainingException("Target '" + target.name() + "' has only the class '"
          + data.target(0) + "' in all " + data.size() + " training rows; a classifier needs "
          + "rows of at least two classes");
    }
    return out;
  }

  private static double[] values(Dataset data) {
    double[] out = new double[data.size()];
    for (int r = 0; r < data.size(); r++) {
      Object t = data.target(r);
      if (!(t instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw new TrainingException("Training data row " + r + ", target '"
            + data.target().name() + "': '" + t + "' is not a finite number");
      }
      out[r] = n.doubleValue();
    }
    return out;
  }

  /** The encoder's message without its "Invalid input for model ..." prefix. */
  private static String problemOf(InvalidInputException e) {
    String m = String.valueOf(e.getMessage());
    String prefix = "feature '" + e.feature() + "': ";
    int at = e.feature() == null ? m.indexOf(": ") : m.indexOf(prefix);
    if (at < 0) {
      return m;
    }
    return m.substring(at + (e.feature() == null ? 2 : prefix.length()));
  }
}
