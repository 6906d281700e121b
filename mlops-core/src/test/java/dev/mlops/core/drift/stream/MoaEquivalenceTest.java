package dev.mlops.core.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our detectors signal at the same stream positions as MOA's on the same input. The streams and
 * MOA's signals were recorded by {@code src/test/resources/drift/moa/RecordMoaSignals.java}, which
 * runs MOA as a black box (see the README beside it).
 */
class MoaEquivalenceTest {

  private static final String DIRECTORY = "/drift/moa/";

  /** The configurations the recorder ran, by the key it recorded them under. */
  private static final Map<String, Supplier<StreamDriftDetector>> DETECTORS =
      Map.of(
          "adwin", Adwin::withDefaults,
          "page-hinkley", PageHinkley::withDefaults,
          "ddm", Ddm::withDefaults,
          "eddm", Eddm::withDefaults,
          "hddm-a-one-sided", HddmA::withDefaults,
          "hddm-a-two-sided", () -> HddmA.builder().twoSidedTest(true).build(),
          "adwin-delta-0.05", () -> Adwin.builder().delta(0.05).build(),
          "page-hinkley-n50-d0.01-l20-a0.999",
              () ->
                  PageHinkley.builder()
                      .minInstances(50)
                      .delta(0.01)
                      .lambda(20)
                      .alpha(0.999)
                      .build(),
          "ddm-n50-w1.5-o2.5",
              () -> Ddm.builder().minInstances(50).warningLevel(1.5).driftLevel(2.5).build(),
          "hddm-a-d0.005-w0.02-one-sided",
              () -> HddmA.builder().driftConfidence(0.005).warningConfidence(0.02).build());

  static Stream<Arguments> recordedRuns() {
    List<Arguments> runs = new ArrayList<>();
    JsonNode signals = recording().get("signals");
    for (Map.Entry<String, JsonNode> detector : signals.properties()) {
      for (Map.Entry<String, JsonNode> stream : detector.getValue().properties()) {
        runs.add(
            Arguments.of(
                detector.getKey(),
                stream.getKey(),
                positions(stream.getValue().get("drift")),
                positions(stream.getValue().get("warning"))));
      }
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("recordedRuns")
  void signalsAtTheSamePositionsAsMoa(
      String detectorKey, String streamName, List<Integer> moaDrifts, List<Integer> moaWarnings) {
    StreamDriftDetector detector = DETECTORS.get(detectorKey).get();
    double[] values = stream(streamName);
    List<Integer> drifts = new ArrayList<>();
    List<Integer> warnings = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      DetectorState state = detector.update(values[i]);
      if (state == DetectorState.DRIFT) {
        drifts.add(i);
      } else if (state == DetectorState.WARNING) {
        warnings.add(i);
      }
    }
    assertThat(drifts).as("drift positions").isEqualTo(moaDrifts);
    assertThat(warnings).as("warning positions").isEqualTo(moaWarnings);
  }

  @Test
  void everyRecordedDetectorIsCheckedAndEveryRequiredOneIsRecorded() {
    List<String> recorded = new ArrayList<>();
    recording().get("signals").fieldNames().forEachRemaining(recorded::add);
    assertThat(recorded).containsExactlyInAnyOrderElementsOf(DETECTORS.keySet());
    assertThat(recordedRuns().count()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void theRecordingContainsDriftsToCompare() {
    JsonNode signals = recording().get("signals");
    for (String detector : List.of("adwin", "page-hinkley", "ddm")) {
      int drifts = 0;
      for (JsonNode stream : signals.get(detector)) {
        drifts += stream.get("drift").size();
      }
      assertThat(drifts).as(detector + " drifts recorded").isGreaterThanOrEqualTo(3);
    }
  }

  private static JsonNode recording() {
    try (InputStream in = resource("moa-signals.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[] stream(String name) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(resource("streams/" + name + ".csv"), StandardCharsets.US_ASCII))) {
      return reader.lines().mapToDouble(Double::parseDouble).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = MoaEquivalenceTest.class.getResourceAsStream(DIRECTORY + name);
    if (in == null) {
      throw new IllegalStateException("Missing test resource " + DIRECTORY + name);
    }
    return in;
  }

  private static List<Integer> positions(JsonNode array) {
    List<Integer> positions = new ArrayList<>();
    array.forEach(node -> positions.add(node.asInt()));
    return positions;
  }
}
