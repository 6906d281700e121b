package dev.mlops.core.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.training.Dataset;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A small, deterministic, pure-Java trainer for the tests of the pipeline and of direct loss
 * estimation: softmax (multinomial logistic) regression for a categorical target, linear
 * regression for a numeric one, fitted by full-batch gradient descent from small random initial
 * weights drawn with the seed. Numeric
 * features are standardised, booleans are 0/1, categorical features with categories are one-hot
 * encoded, missing values become 0 after standardisation. Saves a JSON file {@code model.json}
 * in format {@code test-logreg} or {@code test-linreg}.
 */
public final class GradientDescentTrainer implements Trainer {

  static final ModelFormat LOGREG = new ModelFormat("test-logreg");
  static final ModelFormat LINREG = new ModelFormat("test-linreg");

  private final int epochs;
  private final double learningRate;

  public GradientDescentTrainer(int epochs, double learningRate) {
    this.epochs = epochs;
    this.learningRate = learningRate;
  }

  public GradientDescentTrainer() {
    this(150, 0.5);
  }

  @Override
  public Map<String, String> configuration() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("model", "gradient-descent");
    c.put("epochs", Integer.toString(epochs));
    c.put("learning_rate", Double.toString(learningRate));
    return c;
  }

  @Override
  public TrainedModel train(Dataset training, long seed) {
    if (training.size() == 0) {
      throw new TrainingException("No rows to train on");
    }
    Encoding encoding = Encoding.fit(training);
    int d = encoding.width();
    boolean classification = training.classification();
    int k = classification ? training.target().categories().size() : 1;
    Random random = new Random(seed);
    double[][] w = new double[k][d + 1];
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() * 0.01;
      }
    }
    int n = training.size();
    double[][] x = new double[n][];
    int[] labels = new int[n];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      x[r] = encoding.encode(training.features(r));
      if (classification) {
        labels[r] = training.target().categories().indexOf((String) training.target(r));
      } else {
        y[r] = ((Number) training.target(r)).doubleValue();
      }
    }
    double loss = Double.NaN;
    for (int epoch = 0; epoch < epochs; epoch++) {
      double[][] gradient = new double[k][d + 1];
      loss = 0;
      for (int r = 0; r < n; r++) {
        double[] out = Model.forward(w, x[r], classification);
        for (int c = 0; c < k; c++) {
          double err;
          if (classification) {
            err = out[c] - (labels[r] == c ? 1 : 0);
          } else {
            err = out[0] - y[r];
          }
          for (int j = 0; j < d; j++) {
            gradient[c][j] += err * x[r][j];
          }
          gradient[c][d] += err;
        }
        loss += classification ? -Math.log(Math.max(out[labels[r]], 1e-15))
            : 0.5 * (out[0] - y[r]) * (out[0] - y[r]);
      }
      loss /= n;
      for (int c = 0; c < k; c++) {
        for (int j = 0; j <= d; j++) {
          w[c][j] -= learningRate * gradient[c][j] / n;
        }
      }
    }
    return new Model(training, encoding, w, classification, loss, configuration());
  }

  /** How rows become vectors: standardisation and one-hot encoding learnt from the training set. */
  record Encoding(List<FieldSpec> features, double[] means, double[] scales) {

    static Encoding fit(Dataset data) {
      List<FieldSpec> features = data.features();
      double[] means = new double[features.size()];
      double[] scales = new double[features.size()];
      for (int f = 0; f < features.size(); f++) {
        FieldSpec spec = features.get(f);
        scales[f] = 1;
        if (!spec.type().isNumeric()) {
          continue;
        }
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (int r = 0; r < data.size(); r++) {
          Object v = data.features(r).get(spec.name());
          if (v instanceof Number num) {
            sum += num.doubleValue();
            sumSq += num.doubleValue() * num.doubleValue();
            count++;
          }
        }
        if (count > 0) {
          means[f] = sum / count;
          double variance = sumSq / count - means[f] * means[f];
          scales[f] = variance > 1e-12 ? Math.sqrt(variance) : 1;
        }
      }
      return new Encoding(features, means, scales);
    }

    int width() {
      int width = 0;
      for (FieldSpec f : features) {
        width += f.type() == DataType.CATEGORICAL ? f.categories().size()
            : f.type() == DataType.STRING ? 0 : 1;
      }
      return width;
    }

    double[] encode(Map<String, @Nullable Object> row) {
      double[] v = new double[width()];
      int j = 0;
      for (int f = 0; f < features.size(); f++) {
        FieldSpec spec = features.get(f);
        if (!spec.optional() && !row.containsKey(spec.name())) {
          throw new IllegalArgumentException("Row lacks feature '" + spec.name() + "'");
        }
        Object value = row.get(spec.name());
        switch (spec.type()) {
          case CATEGORICAL -> {
            int index = spec.categories().indexOf(value);
            if (index >= 0) {
              v[j + index] = 1;
            }
            j += spec.categories().size();
          }
          case STRING -> { }
          case BOOLEAN -> v[j++] = Boolean.TRUE.equals(value) ? 1 : 0;
          default -> v[j++] = value instanceof Number num
              ? (num.doubleValue() - means[f]) / scales[f] : 0;
        }
      }
      return v;
    }
  }

  /** The fitted model. */
  static final class Model implements TrainedModel {
    private final Dataset schema;
    private final Encoding encoding;
    private final double[][] weights;
    private final boolean classification;
    private final double loss;
    private final Map<String, String> configuration;
    private boolean closed;

    Model(Dataset schema, Encoding encoding, double[][] weights, boolean classification,
        double loss, Map<String, String> configuration) {
      this.schema = schema;
      this.encoding = encoding;
      this.weights = weights;
      this.classification = classification;
      this.loss = loss;
      this.configuration = configuration;
    }

    static double[] forward(double[][] w, double[] x, boolean classification) {
      double[] z = new double[w.length];
      for (int c = 0; c < w.length; c++) {
        double s = w[c][x.length];
        for (int j = 0; j < x.length; j++) {
          s += w[c][j] * x[j];
        }
        z[c] = s;
      }
      if (!classification) {
        return z;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) {
        max = Math.max(max, v);
      }
      double total = 0;
      for (int c = 0; c < z.length; c++) {
        z[c] = Math.exp(z[c] - max);
        total += z[c];
      }
      for (int c = 0; c < z.length; c++) {
        z[c] /= total;
      }
      return z;
    }

    @Override
    public ModelFormat format() {
      return classification ? LOGREG : LINREG;
    }

    @Override
    public ModelSignature signature() {
      FieldSpec target = schema.target();
      FieldSpec output = classification
          ? FieldSpec.categorical("probabilities", target.categories())
          : FieldSpec.scalar("prediction", DataType.FLOAT64);
      return ModelSignature.of(schema.features(), List.of(output));
    }

    @Override
    public List<double[]> predict(List<Map<String, @Nullable Object>> rows) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      List<double[]> out = new ArrayList<>();
      for (Map<String, @Nullable Object> row : rows) {
        out.add(forward(weights, encoding.encode(row), classification));
      }
      return out;
    }

    @Override
    public Map<String, String> parameters() {
      Map<String, String> p = new LinkedHashMap<>(configuration);
      p.put("encoded_width", Integer.toString(encoding.width()));
      return p;
    }

    @Override
    public Map<String, Double> trainingMetrics() {
      return Map.of("loss", loss);
    }

    @Override
    public Map<String, String> environment() {
      return Map.of("test-trainer", "1.0");
    }

    @Override
    public void save(Path directory) {
      try {
        Files.createDirectories(directory);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", format().id());
        json.put("means", encoding.means());
        json.put("scales", encoding.scales());
        json.put("weights", weights);
        new ObjectMapper().writeValue(directory.resolve("model.json").toFile(), json);
      } catch (IOException e) {
        throw new TrainingException("Cannot save to " + directory, e);
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
