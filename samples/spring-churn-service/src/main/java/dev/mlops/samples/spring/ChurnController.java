package dev.mlops.samples.spring;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application's own endpoint: scores a customer with the {@code churn} deployment and takes
 * the outcome back later, for the monitor's live accuracy.
 */
@RestController
@RequestMapping("/churn")
public class ChurnController {

  private final Deployment<Map<String, Object>, Prediction> churn;
  private final ModelMonitor monitor;

  /**
   * Creates the controller with the starter's beans.
   *
   * @param churn the deployment of {@code mlops.deployments.churn}
   * @param monitor its monitor
   */
  public ChurnController(@Qualifier("churn") Deployment<Map<String, Object>, Prediction> churn,
      @Qualifier("churnMonitor") ModelMonitor monitor) {
    this.churn = churn;
    this.monitor = monitor;
  }

  /**
   * Scores one customer.
   *
   * @param customer the features: tenure_months, monthly_charges, contract, has_support
   * @return the label, the class probabilities, the version that computed them and the id to
   *     report the outcome with
   */
  @PostMapping("/score")
  public Map<String, Object> score(@RequestBody Map<String, Object> customer) {
    Prediction p = churn.predict(customer);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("label", p.label());
    out.put("scores", p.scores());
    out.put("version", p.version());
    out.put("predictionId", p.predictionId());
    return out;
  }

  /**
   * Reports what happened to a scored customer.
   *
   * @param outcome {@code predictionId} and {@code actual} (stay, downgrade or churn)
   */
  @PostMapping("/outcome")
  public void outcome(@RequestBody Map<String, String> outcome) {
    monitor.recordOutcome(outcome.get("predictionId"), outcome.get("actual"));
  }
}
