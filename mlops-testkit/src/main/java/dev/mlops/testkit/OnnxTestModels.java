package dev.mlops.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Small, valid ONNX models written byte by byte (the protobuf wire format, no library), for tests
 * that need real ONNX files without fixtures: registries check at registration that an ONNX
 * artifact parses and keeps its external data inside the artifact.
 *
 * <p>Most models compute {@code y = x + w}: input {@code x} is {@code float[N, 4]}, output
 * {@code y} is {@code float[N, 4]}, and {@code w} is an initializer of shape {@code [1, 4]}, stored
 * in the model or in another file ({@linkplain #addExternalWeights external data}); {@link
 * #multilayerPerceptron} is a network of any size over the same names. ONNX Runtime loads and runs
 * them (IR version 7, operator set 13).
 *
 * @since 0.1
 */
public final class OnnxTestModels {

  /** The input's name. */
  public static final String INPUT = "x";

  /** The output's name. */
  public static final String OUTPUT = "y";

  /** How many columns the input and output have. */
  public static final int WIDTH = 4;

  private OnnxTestModels() {}

  /**
   * A model whose weights are stored in it.
   *
   * @param weights four numbers added to each row
   * @param note free text stored as the model's documentation, to make files distinct
   * @return the model file's bytes
   * @throws IllegalArgumentException if there are not four weights
   */
  public static byte[] addWeights(float[] weights, String note) {
    if (weights.length != WIDTH) {
      throw new IllegalArgumentException("addWeights needs " + WIDTH + " weights but got "
          + weights.length);
    }
    ByteBuffer raw = ByteBuffer.allocate(4 * WIDTH).order(ByteOrder.LITTLE_ENDIAN);
    for (float w : weights) {
      raw.putFloat(w);
    }
    Message tensor = weightsHeader().bytes(9, raw.array());
    return model(tensor, note);
  }

  /**
   * A model whose 16 bytes of weights (four little-endian floats) are read from another file, as
   * ONNX Runtime does for models over 2 GB: the initializer's {@code external_data} names {@code
   * location} (relative to the model file's directory), offset 0 and length 16. The file is not
   * written here.
   *
   * @param location where the weights are, as stored in the model
   * @param note free text stored as the model's documentation
   * @return the model file's bytes
   */
  public static byte[] addExternalWeights(String location, String note) {
    Objects.requireNonNull(location, "location");
    Message tensor = weightsHeader()
        .message(13, new Message().string(1, "location").string(2, location))
        .message(13, new Message().string(1, "offset").string(2, "0"))
        .message(13, new Message().string(1, "length").string(2, Integer.toString(4 * WIDTH)))
        .varint(14, 1);
    return model(tensor, note);
  }

  /**
   * The bytes of four floats as an external data file holds them.
   *
   * @param weights four numbers
   * @return 16 little-endian bytes
   */
  public static byte[] weightFile(float... weights) {
    ByteBuffer raw = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float w : weights) {
      raw.putFloat(w);
    }
    return raw.array();
  }

  /**
   * A well-formed model that no runtime can load: its one node calls an operator that does not
   * exist. Registration accepts it (the file parses); loading it fails in the engine, which is
   * what tests of failed loads and swaps need.
   *
   * @param inputWidth the columns of input {@code x}, {@code float[N, inputWidth]}
   * @param outputWidth the columns of output {@code y}, {@code float[N, outputWidth]}
   * @return the model file's bytes
   */
  public static byte[] unloadable(int inputWidth, int outputWidth) {
    Message node = new Message().string(1, INPUT).string(2, OUTPUT).string(3, "missing")
        .string(4, "NoSuchOperator");
    return model(node, null, inputWidth, outputWidth, "calls an operator that does not exist");
  }

  /**
   * A multilayer perceptron with seeded random weights: input {@code x} is {@code float[N,
   * inputWidth]}; {@code layers} hidden layers of {@code hidden} units ({@code MatMul}, {@code Add},
   * {@code Relu}); then {@code MatMul}, {@code Add} and {@code Softmax} to output {@code y}, {@code
   * float[N, classes]}, whose rows are probabilities. Weights are He-initialised from {@code seed},
   * so the same arguments give the same bytes.
   *
   * <p>What it is for: load and throughput tests that need a model whose cost is the engine's, not
   * the caller's. Many narrow layers make a call's fixed cost dominate (an operator launch per
   * node, as in converter-built pipelines of many small operators); few wide ones make the
   * arithmetic per row dominate.
   *
   * @param inputWidth the columns of the input, at least 1
   * @param hidden the units per hidden layer, at least 1
   * @param layers the hidden layers, at least 1
   * @param classes the columns of the output, at least 2
   * @param seed the seed of the weights
   * @return the model file's bytes
   * @throws IllegalArgumentException if a size is out of range, or the weights would exceed 512 MB
   */
  public static byte[] multilayerPerceptron(int inputWidth, int hidden, int layers, int classes,
      long seed) {
    if (inputWidth < 1 || hidden < 1 || layers < 1 || classes < 2) {
      throw new IllegalArgumentException("multilayerPerceptron needs inputWidth, hidden and layers"
          + " of at least 1 and classes of at least 2, but got " + inputWidth + ", " + hidden + ", "
          + layers + ", " + classes);
    }
    long weights = (long) inputWidth * hidden + (long) (layers - 1) * hidden * hidden
        + (long) hidden * classes;
    if (weights > 128L << 20) {
      throw new IllegalArgumentException("multilayerPerceptron would hold " + weights
          + " weights; at most " + (128L << 20) + " fit in one model file here");
    }
    Random random = new Random(seed);
    Message graph = new Message();
    String current = INPUT;
    int width = inputWidth;
    for (int layer = 0; layer <= layers; layer++) {
      boolean last = layer == layers;
      int out = last ? classes : hidden;
      String w = "w" + layer;
      String b = "b" + layer;
      graph.message(5, initializer(w, new long[] {width, out},
          heWeights(random, width * out, width)));
      graph.message(5, initializer(b, new long[] {out}, new float[out]));
      String product = "matmul" + layer;
      String sum = last ? "logits" : "sum" + layer;
      graph.message(1, node("MatMul", current, w, product));
      graph.message(1, node("Add", product, b, sum));
      if (last) {
        graph.message(1, new Message().string(1, sum).string(2, OUTPUT).string(3, "softmax")
            .string(4, "Softmax"));
      } else {
        String activation = "relu" + layer;
        graph.message(1, new Message().string(1, sum).string(2, activation)
            .string(3, activation).string(4, "Relu"));
        current = activation;
      }
      width = out;
    }
    graph.string(2, "mlp").message(11, valueInfo(INPUT, inputWidth))
        .message(12, valueInfo(OUTPUT, classes));
    return new Message().varint(1, 7).string(2, "mlops-testkit")
        .string(6, "multilayer perceptron " + inputWidth + "-" + layers + "x" + hidden + "-"
            + classes + ", seed " + seed)
        .message(7, graph).message(8, new Message().string(1, "").varint(2, 13)).toByteArray();
  }

  private static Message node(String op, String left, String right, String output) {
    return new Message().string(1, left).string(1, right).string(2, output).string(3, output)
        .string(4, op);
  }

  private static float[] heWeights(Random random, int count, int fanIn) {
    float scale = (float) Math.sqrt(2.0 / fanIn);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian() * scale;
    }
    return values;
  }

  private static Message initializer(String name, long[] dims, float[] values) {
    Message tensor = new Message();
    for (long d : dims) {
      tensor.varint(1, d);
    }
    return tensor.varint(2, 1).string(8, name).bytes(9, weightFile(values));
  }

  private static Message weightsHeader() {
    return new Message().varint(1, 1).varint(1, WIDTH).varint(2, 1).string(8, "w");
  }

  private static byte[] model(Message weights, String note) {
    Message node = new Message().string(1, INPUT).string(1, "w").string(2, OUTPUT)
        .string(3, "add").string(4, "Add");
    return model(node, weights, WIDTH, WIDTH, note);
  }

  private static byte[] model(Message node, @Nullable Message initializer, int inputWidth,
      int outputWidth, String note) {
    Message graph = new Message().message(1, node).string(2, "test_model");
    if (initializer != null) {
      graph.message(5, initializer);
    }
    graph.message(11, valueInfo(INPUT, inputWidth)).message(12, valueInfo(OUTPUT, outputWidth));
    return new Message()
        .varint(1, 7)
        .string(2, "mlops-testkit")
        .string(6, note)
        .message(7, graph)
        .message(8, new Message().string(1, "").varint(2, 13))
        .toByteArray();
  }

  private static Message valueInfo(String name, int width) {
    Message shape = new Message()
        .message(1, new Message().string(2, "N"))
        .message(1, new Message().varint(1, width));
    Message tensorType = new Message().varint(1, 1).message(2, shape);
    return new Message().string(1, name).message(2, new Message().message(1, tensorType));
  }

  /** A protobuf message being written: fields in the order they are added. */
  private static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Message varint(int field, long value) {
      key(field, 0);
      writeVarint(value);
      return this;
    }

    Message string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message bytes(int field, byte[] value) {
      key(field, 2);
      writeVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    Message message(int field, Message value) {
      return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }

    private void key(int field, int wireType) {
      writeVarint(((long) field << 3) | wireType);
    }

    private void writeVarint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
