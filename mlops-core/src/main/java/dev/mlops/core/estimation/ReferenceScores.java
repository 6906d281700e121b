package dev.mlops.core.estimation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A classifier's scores on labelled rows it was not trained on (its hold-out set), kept with the
 * version as the file {@value #FILE_NAME} so that a monitor can fit a {@link
 * BinaryPerformanceEstimator} (two classes) or a {@link MulticlassPerformanceEstimator} (more) on
 * them and estimate each window's performance before its labels
 * arrive. {@link dev.mlops.core.training.TrainingPipeline} writes it for every classifier it
 * registers; anyone registering a model may write it with {@link #write(Path)}.
 *
 * <p>The file is JSON: {@code {"schema": "mlops.reference-scores", "schemaVersion": 1,
 * "classes": [...], "scores": [[p1, p2, ...], ...], "labels": [...]}}, one row of class
 * probabilities (in the order of {@code classes}) and one class name per labelled row, in the
 * order of the hold-out set (the estimator's bands come from consecutive chunks of it).
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public final class ReferenceScores {

  /** The file name inside a version's artifact directory. */
  public static final String FILE_NAME = "reference-scores.json";

  private static final String SCHEMA = "mlops.reference-scores";
  private static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<String> classes;
  private final double[][] scores;
  private final List<String> labels;

  private ReferenceScores(List<String> classes, double[][] scores, List<String> labels) {
    this.classes = classes;
    this.scores = scores;
    this.labels = labels;
  }

  /**
   * Labelled scores of a classifier.
   *
   * @param classes the output's classes, at least two; for two, the second is the positive one
   * @param scores per row, one probability per class in the order of {@code classes}; copied
   * @param labels per row, its actual class
   * @return the reference scores
   * @throws IllegalArgumentException if there are fewer than two classes, no rows, the counts
   *     differ, a row has another number of scores than classes, a score is not in [0, 1], or a
   *     label is not a class, naming the row
   * @since 0.1
   */
  public static ReferenceScores of(List<String> classes, double[][] scores, List<String> labels) {
    List<String> c = List.copyOf(classes);
    if (c.size() < 2) {
      throw new IllegalArgumentException("Reference scores need at least two classes but got " + c);
    }
    if (scores.length == 0 || scores.length != labels.size()) {
      throw new IllegalArgumentException("Reference scores need as many labels as rows, at least"
          + " one, but got " + scores.length + " rows and " + labels.size() + " labels");
    }
    double[][] copy = new double[scores.length][];
    for (int i = 0; i < scores.length; i++) {
      if (scores[i].length != c.size()) {
        throw new IllegalArgumentException("Reference row " + i + " has " + scores[i].length
            + " scores but there are " + c.size() + " classes " + c);
      }
      for (double s : scores[i]) {
        if (!(s >= 0 && s <= 1)) {
          throw new IllegalArgumentException(
              "Reference row " + i + " has score " + s + ", not a probability in [0, 1]");
        }
      }
      if (!c.contains(labels.get(i))) {
        throw new IllegalArgumentException("Reference row " + i + " is labelled '"
            + labels.get(i) + "', not one of the classes " + c);
      }
      copy[i] = scores[i].clone();
    }
    return new ReferenceScores(c, copy, List.copyOf(labels));
  }

  /**
   * The classes.
   *
   * @return the output's classes
   * @since 0.1
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * How many labelled rows there are.
   *
   * @return the row count
   * @since 0.1
   */
  public int rows() {
    return scores.length;
  }

  /**
   * One row's class probabilities.
   *
   * @param row the row, from 0
   * @return a copy of its probabilities, in the order of {@link #classes()}
   * @throws IndexOutOfBoundsException if there is no such row
   * @since 0.1
   */
  public double[] scores(int row) {
    return scores[row].clone();
  }

  /**
   * One row's label.
   *
   * @param row the row, from 0
   * @return its actual class
   * @throws IndexOutOfBoundsException if there is no such row
   * @since 0.1
   */
  public String label(int row) {
    return labels.get(row);
  }

  /**
   * Fits CBPE for a binary classifier on these rows: the score is the second class's probability.
   *
   * @param threshold rows whose score is at least this are predicted positive
   * @return the fitted estimator (isotonic calibration, 10 chunks, 95 % bands)
   * @throws IllegalArgumentException if there are more than two classes, fewer rows than chunks,
   *     or only one class among the labels
   * @since 0.1
   */
  public BinaryPerformanceEstimator binaryEstimator(double threshold) {
    if (classes.size() != 2) {
      throw new IllegalArgumentException("A binary estimator needs two classes but the reference"
          + " scores have " + classes.size() + ": " + classes);
    }
    double[] positive = new double[scores.length];
    boolean[] labelled = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      positive[i] = scores[i][1];
      labelled[i] = classes.get(1).equals(labels.get(i));
    }
    return BinaryPerformanceEstimator.builder().threshold(threshold).fit(positive, labelled);
  }

  /**
   * Fits one-vs-rest CBPE for a classifier of any number of classes on these rows: each row's
   * scores in the order of {@link #classes()}, its label as the index of its class.
   *
   * @return the fitted estimator (isotonic calibration, 10 chunks, 95 % bands)
   * @throws IllegalArgumentException if there are fewer rows than chunks or a class never occurs
   *     among the labels
   * @since 0.1
   */
  public MulticlassPerformanceEstimator multiclassEstimator() {
    int[] indices = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      indices[i] = classes.indexOf(labels.get(i));
    }
    return MulticlassPerformanceEstimator.builder(classes).fit(scores, indices);
  }

  /**
   * Writes the file into a directory that is about to be registered as an artifact.
   *
   * @param artifactDirectory the directory; it must exist
   * @return the file written
   * @throws RegistryStorageException if the file cannot be written, naming it
   * @since 0.1
   */
  public Path write(Path artifactDirectory) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode classNames = root.putArray("classes");
    classes.forEach(classNames::add);
    ArrayNode rows = root.putArray("scores");
    for (double[] row : scores) {
      ArrayNode values = rows.addArray();
      for (double s : row) {
        values.add(s);
      }
    }
    ArrayNode labelNames = root.putArray("labels");
    labels.forEach(labelNames::add);
    Path file = artifactDirectory.resolve(FILE_NAME);
    try {
      Files.writeString(file, MAPPER.writeValueAsString(root), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new RegistryStorageException(
          "Cannot write the reference scores " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a version carries reference scores.
   *
   * @param version the version
   * @return true if its artifacts include {@value #FILE_NAME}
   * @since 0.1
   */
  public static boolean hasScores(ModelVersion version) {
    return version.artifacts().stream().map(ArtifactRef::path).anyMatch(FILE_NAME::equals);
  }

  /**
   * Reads the reference scores of a registered version.
   *
   * @param registry the registry
   * @param name the model
   * @param version the version
   * @return the scores, or empty if the version has none
   * @throws dev.mlops.registry.ModelNotFoundException if the version does not exist
   * @throws dev.mlops.registry.ArtifactIntegrityException if the stored files fail verification
   * @throws IllegalArgumentException if the file is not valid reference scores, naming model and
   *     version
   * @throws RegistryStorageException if the file cannot be read
   * @since 0.1
   */
  public static Optional<ReferenceScores> read(ModelRegistry registry, String name, int version) {
    if (!hasScores(registry.getVersion(name, version))) {
      return Optional.empty();
    }
    try (ModelArtifact artifact = registry.openArtifact(name, version);
        InputStream in = artifact.open(FILE_NAME)) {
      return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The " + FILE_NAME + " of model '" + name + "' version "
          + version + " is not valid: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RegistryStorageException("Cannot read the " + FILE_NAME + " of model '" + name
          + "' version " + version + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the JSON that {@link #write} writes.
   *
   * @param json the text
   * @return the scores
   * @throws IllegalArgumentException if the text is not valid reference scores
   * @since 0.1
   */
  public static ReferenceScores parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
      throw new IllegalArgumentException("its 'schema' is not '" + SCHEMA + "'");
    }
    if (root.path("schemaVersion").asInt(-1) != SCHEMA_VERSION) {
      throw new IllegalArgumentException("schema version " + root.path("schemaVersion")
          + " is not supported; this library reads " + SCHEMA_VERSION);
    }
    List<String> classes = strings(root.path("classes"), "classes");
    List<String> labels = strings(root.path("labels"), "labels");
    JsonNode rows = root.path("scores");
    if (!rows.isArray()) {
      throw new IllegalArgumentException("'scores' must be an array of rows");
    }
    double[][] scores = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      if (!row.isArray()) {
        throw new IllegalArgumentException("'scores' row " + i + " must be an array");
      }
      scores[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        if (!row.get(j).isNumber()) {
          throw new IllegalArgumentException("'scores' row " + i + " holds " + row.get(j)
              + ", not a number");
        }
        scores[i][j] = row.get(j).asDouble();
      }
    }
    return of(classes, scores, labels);
  }

  private static List<String> strings(JsonNode node, String field) {
    if (!node.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be an array of strings");
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode value : node) {
      if (!value.isTextual()) {
        throw new IllegalArgumentException("'" + field + "' holds " + value + ", not a string");
      }
      values.add(Objects.requireNonNull(value.asText()));
    }
    return values;
  }
}
