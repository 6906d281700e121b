package dev.mlops.djl.internal;

import dev.mlops.predict.Explanation;
import dev.mlops.predict.ExplanationUnavailableException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A thread-safe explainer: each call returns the predictions and the feature contributions of its
 * rows, computed by one loaded version. It either owns that version ({@link #owning}: closing the
 * explainer lets calls in flight finish and then frees the model), or shares the model of a
 * predictor or deployment ({@link #following}: each call explains with the version that serves
 * the predictor's calls at that moment, and closing the explainer closes nothing else).
 */
public final class TabularExplainer implements Predictor<Map<String, Object>, Explanation> {

  /** Where calls find the version to explain, held for the length of each call. */
  private interface Source {
    List<Explanation> explain(List<? extends Map<String, ?>> rows, boolean single);

    ModelVersion version();

    /** Throws {@link ExplanationUnavailableException} if the version serving now cannot explain. */
    void check();

    void close();
  }

  private final Source source;
  private volatile boolean closed;

  private TabularExplainer(Source source) {
    this.source = source;
  }

  /**
   * An explainer that owns a model loaded for it alone.
   *
   * @param model the model; the explainer owns it from now on
   * @return the explainer
   * @throws ExplanationUnavailableException if the model's format computes no contributions (the
   *     model is closed first)
   */
  public static TabularExplainer owning(LoadedModel model) {
    try {
      model.requireExplains();
    } catch (RuntimeException e) {
      model.closeNow();
      throw e;
    }
    return new TabularExplainer(new Source() {
      @Override
      public List<Explanation> explain(List<? extends Map<String, ?>> rows, boolean single) {
        return model.whileAcquired("explainer", () -> model.explainAcquired(rows, single));
      }

      @Override
      public ModelVersion version() {
        return model.version();
      }

      @Override
      public void check() {
        model.requireExplains();
      }

      @Override
      public void close() {
        model.retire(model::closeNow);
      }
    });
  }

  /**
   * An explainer sharing the loaded model of a predictor or deployment that {@code DjlPredictors}
   * made: a fixed version's predictor, a deployment following an alias (each call explains with
   * the version serving at that moment, held until the call returns, as predictions are), or a
   * routed deployment (its champion; canary and shadow challengers are not explained).
   *
   * @param predictor the predictor or deployment
   * @return the explainer
   * @throws IllegalArgumentException if {@code DjlPredictors} did not make the predictor
   * @throws ExplanationUnavailableException if the version serving now computes no contributions
   * @throws IllegalStateException if the predictor is closed
   */
  @SuppressWarnings("unchecked")
  public static TabularExplainer following(Predictor<Map<String, Object>, Prediction> predictor) {
    Source source;
    if (predictor instanceof TabularModelPredictor p) {
      source = shared(p.model());
    } else if (predictor instanceof RoutedAliasDeployment r) {
      source = serving(r.champion());
    } else if (predictor instanceof AliasDeployment<?, ?, ?> d
        && d.withServing(m -> m instanceof LoadedModel)) {
      source = serving((AliasDeployment<LoadedModel, ?, ?>) d);
    } else {
      throw new IllegalArgumentException("An explainer can follow a tabular predictor or "
          + "deployment made by DjlPredictors (load or deploy), not a " + predictor.getClass()
          .getName() + " serving " + predictor.modelVersion().uri());
    }
    source.check();
    return new TabularExplainer(source);
  }

  @Override
  public Explanation predict(Map<String, Object> input) {
    // singletonList admits null, which validation then rejects with a clear message.
    return call(Collections.singletonList(input), true).get(0);
  }

  @Override
  public List<Explanation> predictBatch(List<Map<String, Object>> inputs) {
    return call(inputs, false);
  }

  @Override
  public ModelVersion modelVersion() {
    return source.version();
  }

  @Override
  public void close() {
    closed = true;
    source.close();
  }

  private List<Explanation> call(List<? extends Map<String, ?>> rows, boolean single) {
    if (closed) {
      ModelVersion v = source.version();
      throw new IllegalStateException("The explainer of model '" + v.name() + "' version "
          + v.version() + " is closed");
    }
    return source.explain(rows, single);
  }

  /** The model of a fixed version's predictor, which keeps owning it. */
  private static Source shared(LoadedModel model) {
    return new Source() {
      @Override
      public List<Explanation> explain(List<? extends Map<String, ?>> rows, boolean single) {
        return model.whileAcquired("predictor", () -> model.explainAcquired(rows, single));
      }

      @Override
      public ModelVersion version() {
        return model.version();
      }

      @Override
      public void check() {
        model.whileAcquired("predictor", () -> {
          model.requireExplains();
          return null;
        });
      }

      @Override
      public void close() {}
    };
  }

  /** The version a deployment serves at each call. */
  private static Source serving(AliasDeployment<LoadedModel, ?, ?> deployment) {
    return new Source() {
      @Override
      public List<Explanation> explain(List<? extends Map<String, ?>> rows, boolean single) {
        return deployment.withServing(m -> m.explainAcquired(rows, single));
      }

      @Override
      public ModelVersion version() {
        return deployment.modelVersion();
      }

      @Override
      public void check() {
        deployment.withServing(m -> {
          m.requireExplains();
          return m; // withServing returns a value; this call wants only the check
        });

      }

      @Override
      public void close() {}
    };
  }
}
