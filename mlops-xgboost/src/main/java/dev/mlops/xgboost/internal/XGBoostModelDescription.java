package dev.mlops.xgboost.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the SDK needs to know about an XGBoost model, read from its JSON form: the objective, the
 * booster, the number of features, classes and targets, and the feature names where the model
 * carries them. The trees themselves are skipped, so that a large model is streamed, not held.
 *
 * @param objective such as {@code binary:logistic}
 * @param booster {@code gbtree}, {@code dart} or {@code gblinear}
 * @param features the number of features the model takes
 * @param classes the number of classes of a {@code multi:} objective, else 0
 * @param targets the number of targets (outputs of a regressor), at least 1
 * @param featureNames the feature names, empty where the model carries none
 */
record XGBoostModelDescription(String objective, String booster, int features, int classes,
    int targets, List<String> featureNames) {

  private static final JsonFactory JSON = new JsonFactory();

  XGBoostModelDescription {
    featureNames = List.copyOf(featureNames);
  }

  /**
   * Reads a model's JSON form.
   *
   * @param json the model as saved in XGBoost's JSON format
   * @return the description
   * @throws IOException if the JSON is malformed
   * @throws IllegalArgumentException if a field the SDK needs is missing
   */
  static XGBoostModelDescription read(byte[] json) throws IOException {
    Map<String, String> found = new TreeMap<>();
    List<String> names = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("learner")) {
          readLearner(p, found, names);
        } else {
          p.skipChildren();
        }
      }
    }
    XGBoostModelDescription d = new XGBoostModelDescription(required(found, "objective"),
        required(found, "booster"), integer(found, "num_feature"), integer(found, "num_class"),
        found.containsKey("num_target") ? Math.max(1, integer(found, "num_target")) : 1, names);
    d.requireServable();
    return d;
  }

  /**
   * Refuses the models whose scores the SDK would misread: a classifier of several targets (a
   * multi-label {@code binary:logistic} model gives one probability per target, not the two
   * probabilities of one class pair). A regressor of several targets is served, one score per
   * target.
   */
  private void requireServable() {
    if (isClassifier() && targets > 1) {
      throw new IllegalArgumentException("the model has " + targets + " targets with the "
          + "classifier objective " + objective + " (a multi-label classifier), which the SDK "
          + "does not serve: its scores would be read as the classes of one target; serve one "
          + "model per target, or a regressor of several targets");
    }
  }

  /**
   * Whether predictions are class probabilities.
   *
   * @return true for {@code binary:logistic} and {@code multi:} objectives
   */
  boolean isClassifier() {
    return objective.equals("binary:logistic") || objective.startsWith("multi:");
  }

  private static void readLearner(JsonParser p, Map<String, String> found, List<String> names)
      throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "feature_names" -> {
          expect(p.currentToken(), JsonToken.START_ARRAY);
          while (p.nextToken() != JsonToken.END_ARRAY) {
            names.add(p.getValueAsString());
          }
        }
        case "gradient_booster" -> readNamed(p, found, "booster");
        case "objective" -> readNamed(p, found, "objective");
        case "learner_model_param" -> {
          expect(p.currentToken(), JsonToken.START_OBJECT);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            found.put(key, p.getValueAsString());
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  /** Reads the {@code name} of an object, skipping the rest (the trees of a booster). */
  private static void readNamed(JsonParser p, Map<String, String> found, String key)
      throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("name")) {
        found.put(key, p.getValueAsString());
      }
      p.skipChildren();
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("it is not an XGBoost model: its JSON has " + actual
          + " where " + expected + " belongs");
    }
  }

  private static String required(Map<String, String> found, String key) {
    String value = found.get(key);
    if (value == null) {
      throw new IllegalArgumentException("it is not an XGBoost model: its learner names no "
          + key);
    }
    return value;
  }

  private static int integer(Map<String, String> found, String key) {
    String value = required(found, key);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the model's " + key + " is '" + value
          + "', not a number", e);
    }
  }
}
