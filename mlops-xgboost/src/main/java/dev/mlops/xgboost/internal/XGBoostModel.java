package dev.mlops.xgboost.internal;

import dev.mlops.predict.PredictionFields;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.jspecify.annotations.Nullable;

/**
 * A booster loaded from a model file's bytes, with its {@link XGBoostModelDescription}; and the
 * check of a signature against a model, shared by registration and loading.
 */
final class XGBoostModel {

  /** The engine's name and the version of xgboost4j on the class path. */
  static final String ENGINE = "XGBoost " + libraryVersion();

  // XGBoost's messages start with a time and a source location, and end with a native stack trace.
  private static final Pattern LOCATION = Pattern.compile("^\\[[0-9:]+\\] \\S+: ");

  final Booster booster;
  final XGBoostModelDescription description;

  private XGBoostModel(Booster booster, XGBoostModelDescription description) {
    this.booster = booster;
    this.description = description;
  }

  /**
   * Loads a model file saved in XGBoost's JSON or UBJ format.
   *
   * @param file the model file
   * @return the loaded model; the caller disposes its booster
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is empty (XGBoost's parser aborts the process on an
   *     empty file), or as {@link #load(byte[])}
   * @throws IllegalStateException as {@link #load(byte[])}
   */
  static XGBoostModel load(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the file is empty");
    }
    return load(bytes);
  }

  /**
   * Loads a model saved in XGBoost's JSON or UBJ format.
   *
   * @param bytes the file's content, not empty
   * @return the loaded model; the caller disposes its booster
   * @throws IllegalArgumentException if its syntax or trees are broken ({@link ModelJson},
   *     {@link XGBoostTrees}), it lacks what the SDK needs, or XGBoost cannot read it, with the
   *     reason
   * @throws IllegalStateException if XGBoost's native library cannot be loaded on this platform
   */
  static XGBoostModel load(byte[] bytes) {
    XGBoostModelDescription description;
    try {
      // Checked in Java first: damaged bytes can crash XGBoost's native loader (ModelJson).
      byte[] json = ModelJson.of(bytes);
      description = XGBoostModelDescription.read(json);
      XGBoostTrees.check(json, description);
    } catch (IOException e) {
      throw new IllegalArgumentException("it is not a well-formed XGBoost model file: "
          + e.getMessage(), e);
    }
    try {
      return new XGBoostModel(XGBoost.loadModel(bytes), description);
    } catch (XGBoostError | IOException e) {
      throw new IllegalArgumentException("it is not an XGBoost model that " + ENGINE
          + " can read: " + reason(e), e);
    } catch (LinkageError e) {
      throw new IllegalStateException(ENGINE + " cannot load its native library on "
          + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + e, e);
    }
  }

  /**
   * XGBoost's own output for rows: {@code inplace_predict} for tree boosters, which needs no
   * {@code DMatrix}; {@code predict} on a {@code DMatrix} for {@code gblinear}, which has no
   * in-place prediction. Both give what {@code Booster.predict} gives.
   *
   * @param features {@code rows * columns} values, NaN for missing
   * @param rows the number of rows
   * @param columns the number of features
   * @return one array of outputs per row
   * @throws XGBoostError if XGBoost fails
   */
  float[][] predict(float[] features, int rows, int columns) throws XGBoostError {
    if (!description.booster().equals("gblinear")) {
      return booster.inplace_predict(features, rows, columns, Float.NaN);
    }
    DMatrix matrix = new DMatrix(features, rows, columns, Float.NaN);
    try {
      return booster.predict(matrix);
    } finally {
      matrix.dispose();
    }
  }

  /**
   * The first way in which a signature contradicts a model.
   *
   * @param model the model
   * @param signature the signature
   * @return what differs, or null if nothing does
   */
  static @Nullable Contradiction contradiction(XGBoostModelDescription model,
      ModelSignature signature) {
    Contradiction inputs = inputContradiction(model, signature);
    return inputs != null ? inputs : outputContradiction(model, signature);
  }

  /**
   * How a signature contradicts a model.
   *
   * @param field the first input or output that differs, or null where no one field does
   * @param problem what differs
   */
  record Contradiction(@Nullable String field, String problem) {}

  private static @Nullable Contradiction inputContradiction(XGBoostModelDescription model,
      ModelSignature signature) {
    List<FieldSpec> inputs = signature.inputs();
    List<String> names = model.featureNames();
    for (int i = 0; i < names.size() && i < inputs.size(); i++) {
      if (!names.get(i).equals(inputs.get(i).name())) {
        return new Contradiction(inputs.get(i).name(), "feature " + (i + 1) + " of the model is '"
            + names.get(i) + "' but input " + (i + 1) + " of the signature is '"
            + inputs.get(i).name() + "' (the model's features are " + names + ")");
      }
    }
    if (model.features() != inputs.size()) {
      String first = inputs.size() > model.features() ? inputs.get(model.features()).name()
          : inputs.size() < names.size() ? names.get(inputs.size()) : null;
      return new Contradiction(first, "the model takes " + model.features()
          + " features but the signature declares " + inputs.size() + " "
          + signature.inputNames());
    }
    return null;
  }

  /**
   * The outputs, by the naming rule of {@link PredictionFields}: the score output must be as
   * wide as the scores (two for {@code binary:logistic}, one per class for {@code multi:}, one
   * per target otherwise), with class labels only for a classifier; a label output only for a
   * classifier.
   */
  private static @Nullable Contradiction outputContradiction(XGBoostModelDescription model,
      ModelSignature signature) {
    PredictionFields fields = PredictionFields.of(signature);
    FieldSpec label = fields.labelOutput();
    FieldSpec scores = fields.scoreOutput();
    int width = scoreWidth(model);
    String what = "the model (objective " + model.objective() + ")";
    if (model.isClassifier()) {
      for (FieldSpec o : Arrays.asList(scores, label)) {
        if (o != null && !o.categories().isEmpty() && o.categories().size() != width) {
          return new Contradiction(o.name(), what + " has " + width + " classes but the "
              + "signature's output '" + o.name() + "' lists " + o.categories().size()
              + " categories " + o.categories());
        }
      }
    } else {
      if (label != null) {
        return new Contradiction(label.name(), what + " computes values, not classes, but the "
            + "signature declares the label output '" + label.name() + "' (" + label.type()
            + "); remove it");
      }
      if (scores != null && !scores.categories().isEmpty()) {
        return new Contradiction(scores.name(), what + " computes " + width + " value(s) per "
            + "row, not class probabilities, but the signature's output '" + scores.name()
            + "' lists categories " + scores.categories() + "; remove them");
      }
    }
    int declared = scores == null ? -1 : declaredWidth(scores);
    if (scores != null && declared > 0 && declared != width) {
      return new Contradiction(scores.name(), what + " returns " + width + " score(s) per row "
          + "but the signature's output '" + scores.name() + "' declares " + declared
          + " (shape " + scores.shape() + ")" + (model.isClassifier()
          ? "; list the classes as its categories" : ""));
    }
    return null;
  }

  /** Scores per row, as the scorer returns them. */
  static int scoreWidth(XGBoostModelDescription model) {
    if (model.objective().equals("binary:logistic")) {
      return 2;
    }
    return model.objective().startsWith("multi:") ? model.classes() : model.targets();
  }

  /** The width an output declares, or -1 where its shape leaves the width open. */
  private static int declaredWidth(FieldSpec output) {
    List<Long> shape = output.shape();
    if (output.categories().isEmpty() && shape.size() > 1 && shape.get(shape.size() - 1) < 0) {
      return -1;
    }
    return PredictionFields.width(output);
  }

  /**
   * XGBoost's message without its time, source location and native stack trace.
   *
   * @param e the error
   * @return the first line of the message
   */
  static String reason(Throwable e) {
    String message = String.valueOf(e.getMessage());
    String first = message.lines().findFirst().orElse(message).trim();
    return LOCATION.matcher(first).replaceFirst("");
  }

  private static String libraryVersion() {
    try (InputStream in = XGBoost.class.getResourceAsStream("/xgboost4j-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "(unknown version)");
    } catch (IOException e) {
      return "(unknown version)";
    }
  }
}
