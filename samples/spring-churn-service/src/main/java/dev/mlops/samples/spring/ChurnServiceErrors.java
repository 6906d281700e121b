package dev.mlops.samples.spring;

import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.ModelNotReadyException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the SDK's errors to HTTP: bad input 400, a model still loading 503. */
@RestControllerAdvice
public class ChurnServiceErrors {

  /** Created by Spring. */
  public ChurnServiceErrors() {}

  /**
   * A row that does not match the model's signature.
   *
   * @param e the error, naming the feature
   * @return 400 with the message
   */
  @ExceptionHandler(InvalidInputException.class)
  public ResponseEntity<Map<String, String>> invalid(InvalidInputException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }

  /**
   * No version is loaded yet.
   *
   * @param e the error, naming the deployment
   * @return 503 with the message
   */
  @ExceptionHandler(ModelNotReadyException.class)
  public ResponseEntity<Map<String, String>> notReady(ModelNotReadyException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
        .body(Map.of("error", e.getMessage()));
  }
}
