package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A converter-built ONNX model registered without {@code --signature} (read from its graph) and
 * scored with {@code mlops predict}: one column per class, named {@code <output>_<class>}, equal to
 * scikit-learn's probabilities. The fixtures are mlops-djl's (src/test/resources/converted).
 */
class ConvertedModelCommandIT {

  private static final Path FIXTURES = Path.of("../mlops-djl/src/test/resources/converted");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static MlopsProcess mlops;
  private static JsonNode expected;

  @BeforeAll
  static void copyTheFixtures() throws Exception {
    mlops = new MlopsProcess(dir);
    expected = JSON.readTree(FIXTURES.resolve("expected.json").toFile());
    for (String model : List.of("rf-zipmap", "gb-tensor")) {
      Files.copy(FIXTURES.resolve(model + ".onnx"), dir.resolve(model + ".onnx"));
    }
  }

  @Test
  void registeringWithoutASignatureStoresTheOneReadFromTheGraph() throws Exception {
    MlopsProcess.Result r = mlops.run("models", "register", "forest", "--file", "rf-zipmap.onnx",
        "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode signature = JSON.readTree(r.out()).get("signature");
    assertThat(signature.get("inputs").toString()).isEqualTo("[{\"name\":\"tenure_months\","
        + "\"type\":\"float\"},{\"name\":\"monthly_charges\",\"type\":\"double\"},"
        + "{\"name\":\"support_calls\",\"type\":\"long\"},{\"name\":\"contract\",\"type\":"
        + "\"string\",\"categories\":[\"monthly\",\"two_year\",\"yearly\"]}]");
    assertThat(signature.get("outputs").get(0).toString()).isEqualTo("{\"name\":\"output_label\","
        + "\"type\":\"string\",\"categories\":[\"churn\",\"downgrade\",\"stay\"]}");
  }

  @Test
  void predictWritesTheLabelAndOneColumnPerClassAsScikitLearnComputesThem() throws Exception {
    assertThat(mlops.run("models", "register", "forest-csv", "--file", "rf-zipmap.onnx")
        .exitCode()).isZero();
    JsonNode model = expected.get("rf-zipmap");
    List<String> lines = new ArrayList<>(List.of(
        "customer,tenure_months,monthly_charges,support_calls,contract"));
    for (int i = 0; i < model.get("rows").size(); i++) {
      JsonNode row = model.get("rows").get(i);
      lines.add("c" + i + "," + row.get("tenure_months") + "," + row.get("monthly_charges") + ","
          + row.get("support_calls") + "," + row.get("contract").asText());
    }
    Files.write(dir.resolve("customers.csv"), lines, StandardCharsets.UTF_8);

    MlopsProcess.Result r = mlops.run("predict", "models:/forest-csv/1", "--input",
        "customers.csv", "--output", "scored.csv", "--id-column", "customer");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    // The CSV writer quotes long values; none here contains a comma or a quote.
    List<String> out = Files.readAllLines(dir.resolve("scored.csv"), StandardCharsets.UTF_8)
        .stream().map(line -> line.replace("\"", "")).toList();
    assertThat(out.get(0)).isEqualTo("customer,output_label,output_probability_churn,"
        + "output_probability_downgrade,output_probability_stay,model_version");
    for (int i = 1; i < out.size(); i++) {
      String[] got = out.get(i).split(",");
      assertThat(got[0]).isEqualTo("c" + (i - 1));
      assertThat(got[1]).isEqualTo(model.get("labels").get(i - 1).asText());
      for (int c = 0; c < 3; c++) {
        assertThat(Double.parseDouble(got[2 + c])).as("row %d class %d", i - 1, c)
            .isCloseTo(model.get("probabilities").get(i - 1).get(c).asDouble(), within(1e-5));
      }
    }
  }

  @Test
  void jsonLinesKeepAnIntegerLabelAnInteger() throws Exception {
    assertThat(mlops.run("models", "register", "boosting", "--file", "gb-tensor.onnx")
        .exitCode()).isZero();
    JsonNode model = expected.get("gb-tensor");
    List<String> lines = new ArrayList<>();
    model.get("rows").forEach(row -> lines.add(row.toString()));
    Files.write(dir.resolve("visits.jsonl"), lines, StandardCharsets.UTF_8);

    MlopsProcess.Result r = mlops.run("predict", "models:/boosting/1", "--input", "visits.jsonl",
        "--output", "visits-scored.jsonl");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> out = Files.readAllLines(dir.resolve("visits-scored.jsonl"),
        StandardCharsets.UTF_8);
    JsonNode first = JSON.readTree(out.get(0));
    assertThat(first.get("output_label").isIntegralNumber()).isTrue();
    assertThat(first.get("output_label").asLong()).isEqualTo(model.get("labels").get(0).asLong());
    assertThat(first.get("output_probability_1").asDouble())
        .isCloseTo(model.get("probabilities").get(0).get(1).asDouble(), within(1e-5));
  }
}
