package dev.mlops.xgboost.internal;

import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.IOException;
import java.io.InputStream;
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
  static @Nullable String contradiction(XGBoostModelDescription model, ModelSignature signature) {
    List<FieldSpec> inputs = signature.inputs();
    if (model.features() != inputs.size()) {
      return "the model takes " + model.features() + " features but the signature declares "
          + inputs.size() + " " + signature.inputNames();
    }
    List<String> names = model.featureNames();
    for (int i = 0; i < names.size() && i < inputs.size(); i++) {
      if (!names.get(i).equals(inputs.get(i).name())) {
        return "feature " + (i + 1) + " of the model is '" + names.get(i) + "' but input "
            + (i + 1) + " of the signature is '" + inputs.get(i).name() + "' (the model's "
            + "features are " + names + ")";
      }
    }
    if (signature.outputs().isEmpty()) {
      return null;
    }
    FieldSpec output = signature.outputs().get(0);
    List<String> categories = output.categories();
    if (model.isClassifier()) {
      int classes = model.objective().startsWith("multi:") ? model.classes() : 2;
      if (!categories.isEmpty() && categories.size() != classes) {
        return "the model (objective " + model.objective() + ") has " + classes
            + " classes but the signature's output '" + output.name() + "' lists "
            + categories.size() + " categories " + categories;
      }
    } else if (!categories.isEmpty()) {
      return "the model (objective " + model.objective() + ") computes " + model.targets()
          + " value(s) per row, not class probabilities, but the signature's output '"
          + output.name() + "' lists categories " + categories + "; remove them";
    }
    return null;
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
