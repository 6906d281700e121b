package dev.mlops.core.format.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by the onnx library (make_reader_fixtures.py), read by the SDK's own reader. */
class OnnxReaderTest {

  @Test
  void readsTheInputsOutputsAndOperatorSetsOfAConverterBuiltGraph() {
    OnnxModel model = OnnxReader.read(fixture("columns-zipmap.onnx"));

    assertThat(model.irVersion()).isEqualTo(8);
    assertThat(model.producer()).isEqualTo("make_reader_fixtures 1");
    assertThat(model.opsetImports()).isEqualTo(Map.of("", 15L, "ai.onnx.ml", 1L));
    assertThat(model.graph().inputs()).extracting(OnnxValueInfo::name, v -> v.type().toString())
        .containsExactly(tuple("age", "tensor(float)[N, 1]"), tuple("visits", "tensor(int64)[N, 1]"),
            tuple("plan", "tensor(string)[N, 1]"));
    assertThat(model.graph().outputs()).extracting(OnnxValueInfo::name, v -> v.type().toString())
        .containsExactly(tuple("output_label", "tensor(string)[N]"),
            tuple("output_probability", "seq(map(string, tensor(float)))"));
    assertThat(model.graph().outputs().get(1).type().isSequenceOfMaps()).isTrue();
    assertThat(model.externalTensors()).isEmpty();
  }

  @Test
  void keepsTheAttributesThatNameClassesAndCategoriesAndSkipsTheBulk() {
    OnnxGraph graph = OnnxReader.read(fixture("columns-zipmap.onnx")).graph();

    assertThat(graph.nodes()).extracting(OnnxNode::opType).containsExactly("Cast",
        "OneHotEncoder", "Reshape", "Concat", "TreeEnsembleClassifier", "Identity", "ZipMap");
    OnnxNode trees = graph.producer("probabilities").orElseThrow();
    assertThat(trees.isMl("TreeEnsembleClassifier")).isTrue();
    assertThat(trees.attribute("classlabels_strings").strings()).containsExactly("stay", "churn");
    assertThat(trees.attribute("post_transform").s()).isEqualTo("NONE");
    assertThat(trees.attribute("nodes_modes")).isNull();
    assertThat(trees.attribute("nodes_values")).isNull();
    OnnxNode oneHot = graph.consumers("plan").get(0);
    assertThat(oneHot.attribute("cats_strings").strings()).containsExactly("basic", "pro");
    assertThat(oneHot.attribute("zeros").i()).isZero();
    assertThat(graph.producer("visits_f").orElseThrow().attribute("to").i()).isEqualTo(1);
    assertThat(graph.downstreamOf("plan")).contains("plan_1hot", "features", "output_label",
        "output_probability").doesNotContain("age", "visits_f");
  }

  @Test
  void findsExternalDataInEveryPlaceAModelCanHoldATensor() {
    OnnxModel model = OnnxReader.read(fixture("external-everywhere.onnx"));

    assertThat(model.externalTensors()).extracting(ExternalTensor::tensor, ExternalTensor::location)
        .containsExactlyInAnyOrder(
            tuple("w", "weights.bin"),
            tuple("sparse_values", "sparse.bin"),
            tuple("in_attribute", "attribute.bin"),
            tuple("in_branch", "branch.bin"),
            tuple("in_function", "function.bin"),
            tuple("in_training", "/etc/passwd"));
    assertThat(model.externalTensors()).extracting(ExternalTensor::where)
        .anyMatch(w -> w.contains("then_branch") && w.contains("in_branch"))
        .anyMatch(w -> w.startsWith("function 'AddW'"))
        .anyMatch(w -> w.startsWith("training initialization graph"));
  }

  @Test
  void initializersThatOldExportersListAsInputsAreNotInputs() {
    OnnxGraph graph = OnnxReader.read(fixture("initializer-as-input.onnx")).graph();

    assertThat(graph.inputNames()).containsExactly("x");
  }

  @Test
  void emptyTruncatedRandomAndTextFilesAreRefusedNamingTheFile(@TempDir Path dir)
      throws IOException {
    byte[] valid = Files.readAllBytes(fixture("columns-zipmap.onnx"));
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    Map<String, byte[]> broken = Map.of(
        "empty.onnx", new byte[0],
        "half.onnx", Arrays.copyOf(valid, valid.length / 2),
        "last-byte-missing.onnx", Arrays.copyOf(valid, valid.length - 1),
        "random.onnx", random,
        "text.onnx", "ir_version: 8".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> e : broken.entrySet()) {
      Path file = Files.write(dir.resolve(e.getKey()), e.getValue());
      assertThatThrownBy(() -> OnnxReader.read(file)).as(e.getKey())
          .isInstanceOf(ModelFileException.class)
          .hasMessageStartingWith(file.toString())
          .satisfies(t -> assertThat(((ModelFileException) t).file()).isEqualTo(file));
    }
  }

  @Test
  void aValidMessageThatIsNoModelIsRefused() {
    // Field 1 (ir_version) = 8 and nothing else: well-formed protobuf, but no graph.
    Path file = Path.of("ir-only.onnx");
    assertThatThrownBy(() -> OnnxReader.read(file, ByteBuffer.wrap(new byte[] {0x08, 0x08})))
        .isInstanceOf(ModelFileException.class)
        .hasMessage("ir-only.onnx: it has no graph; it is not an ONNX model");
  }

  @Test
  void subgraphsNestedBeyondTheLimitAreRefusedRatherThanOverflowingTheStack() {
    // graph -> node -> attribute g -> graph -> ... 200 deep, written innermost first.
    byte[] graph = {};
    for (int i = 0; i < 200; i++) {
      byte[] attribute = field(6, graph);
      byte[] node = concat(field(4, "If".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          field(5, attribute));
      graph = field(1, node);
    }
    byte[] model = concat(new byte[] {0x08, 0x08}, field(7, graph));

    assertThatThrownBy(() -> OnnxReader.read(Path.of("deep.onnx"), ByteBuffer.wrap(model)))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("nest more than 64 deep");
  }

  static Path fixture(String name) {
    try {
      return Path.of(Objects.requireNonNull(OnnxReaderTest.class.getResource("/onnx/" + name),
          name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] field(int number, byte[] value) {
    List<Byte> out = new ArrayList<>();
    varint(out, (long) number << 3 | 2);
    varint(out, value.length);
    byte[] head = new byte[out.size()];
    for (int i = 0; i < head.length; i++) {
      head[i] = out.get(i);
    }
    return concat(head, value);
  }

  private static void varint(List<Byte> out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.add((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.add((byte) v);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
