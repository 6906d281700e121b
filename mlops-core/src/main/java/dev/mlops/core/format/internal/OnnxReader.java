package dev.mlops.core.format.internal;

import dev.mlops.core.format.internal.ProtoReader.ProtoFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an ONNX file ({@code ModelProto}, defined in {@code onnx/onnx-ml.proto}) into an {@link
 * OnnxModel}, with no dependency on protobuf or ONNX Runtime. The file is memory-mapped and walked
 * once: weights and other bulk data are skipped, never copied, so reading a model of hundreds of
 * megabytes costs little.
 *
 * <p>What it reads: the IR version, producer and operator-set imports; the main graph's inputs and
 * outputs with their types and shapes (initializers listed as inputs by older exporters are left
 * out); the main graph's nodes with the few attributes the SDK needs ({@link #KEPT_ATTRIBUTES});
 * and every tensor with external data wherever it occurs: initializers, sparse initializers, node
 * attributes (tensor, tensors, sparse tensors), subgraphs of control-flow nodes, functions and
 * their attribute defaults, and training graphs.
 *
 * <p>A file that is not a well-formed message, has no IR version, no graph, a graph without
 * outputs, or (from IR version 3) no operator-set import is rejected: empty, truncated and random
 * files do not pass.
 */
public final class OnnxReader {

  /** Node attributes kept on {@link OnnxNode}s; the others are skipped. */
  static final Set<String> KEPT_ATTRIBUTES = Set.of("classlabels_strings", "classlabels_int64s",
      "cats_strings", "cats_int64s", "zeros", "post_transform", "n_targets", "to",
      "keys_strings", "keys_int64s", "default_string", "default_int64", "replaced_value_float");

  /** Subgraphs nest (If, Loop, Scan); a hostile file must not overflow the stack. */
  private static final int MAX_DEPTH = 64;

  private final List<ExternalTensor> external = new ArrayList<>();

  private OnnxReader() {}

  /**
   * Reads a model file.
   *
   * @param file the {@code .onnx} file
   * @return the model
   * @throws ModelFileException if the file cannot be read or is not a valid ONNX model
   */
  public static OnnxModel read(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        throw new ModelFileException(file, "the file is empty; it is not an ONNX model");
      }
      if (size > Integer.MAX_VALUE) {
        throw new ModelFileException(file, "it has " + size + " bytes, more than the 2 GB a "
            + "protobuf file can hold; store the weights as external data");
      }
      return read(file, channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
    } catch (IOException e) {
      throw new ModelFileException(file, "it cannot be read: " + e.getMessage());
    }
  }

  /**
   * Reads a model from bytes.
   *
   * @param file the file the bytes came from, for messages
   * @param bytes the encoded model, from position to limit
   * @return the model
   * @throws ModelFileException if the bytes are not a valid ONNX model
   */
  public static OnnxModel read(Path file, ByteBuffer bytes) {
    if (!bytes.hasRemaining()) {
      throw new ModelFileException(file, "the file is empty; it is not an ONNX model");
    }
    try {
      return new OnnxReader().model(file, ProtoReader.of(bytes));
    } catch (ProtoFormatException e) {
      throw new ModelFileException(file, "it is not a valid ONNX model (" + e.getMessage() + ")");
    }
  }

  private OnnxModel model(Path file, ProtoReader r) {
    long irVersion = 0;
    String producer = "";
    String producerVersion = "";
    Map<String, Long> opsets = new LinkedHashMap<>();
    @Nullable OnnxGraph graph = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> irVersion = r.int64();
        case 2 -> producer = r.string();
        case 3 -> producerVersion = r.string();
        case 7 -> graph = graph(r.message(), "", 0);
        case 8 -> opset(r.message(), opsets);
        case 20 -> trainingInfo(r.message());
        case 25 -> function(r.message());
        default -> r.skip();
      }
    }
    if (irVersion < 1) {
      throw new ModelFileException(file, "it has no ONNX IR version; it is not an ONNX model");
    }
    if (graph == null) {
      throw new ModelFileException(file, "it has no graph; it is not an ONNX model");
    }
    if (graph.outputs().isEmpty()) {
      throw new ModelFileException(file, "its graph has no outputs");
    }
    if (irVersion >= 3 && opsets.isEmpty()) {
      throw new ModelFileException(file, "it imports no operator set (is the file truncated?)");
    }
    String by = (producer + " " + producerVersion).trim();
    return new OnnxModel(irVersion, by, opsets, graph, external);
  }

  private static void opset(ProtoReader r, Map<String, Long> opsets) {
    String domain = "";
    long version = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> domain = r.string();
        case 2 -> version = r.int64();
        default -> r.skip();
      }
    }
    opsets.put(domain, version);
  }

  /**
   * Reads a graph. For the main graph ({@code scope} empty) the inputs, outputs and nodes are
   * kept; for subgraphs only their external tensors are collected.
   */
  private OnnxGraph graph(ProtoReader r, String scope, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ProtoFormatException("subgraphs nest more than " + MAX_DEPTH + " deep");
    }
    boolean main = scope.isEmpty() && depth == 0;
    List<OnnxValueInfo> inputs = new ArrayList<>();
    List<OnnxValueInfo> outputs = new ArrayList<>();
    List<OnnxNode> nodes = new ArrayList<>();
    Set<String> initializers = new HashSet<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          OnnxNode n = node(r.message(), scope, depth);
          if (main) {
            nodes.add(n);
          }
        }
        case 5 -> initializers.add(tensor(r.message(), scope + "initializer"));
        case 15 -> sparseTensor(r.message(), scope + "sparse initializer");
        case 11 -> inputs.add(valueInfo(r.message()));
        case 12 -> outputs.add(valueInfo(r.message()));
        default -> r.skip();
      }
    }
    inputs.removeIf(v -> initializers.contains(v.name()));
    return new OnnxGraph(inputs, outputs, nodes);
  }

  private void trainingInfo(ProtoReader r) {
    while (r.next()) {
      switch (r.field()) {
        case 1 -> graph(r.message(), "training initialization graph: ", 1);
        case 2 -> graph(r.message(), "training algorithm graph: ", 1);
        default -> r.skip();
      }
    }
  }

  private void function(ProtoReader r) {
    String name = "";
    List<ProtoReader> pending = new ArrayList<>();
    List<Integer> kinds = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> name = r.string();
        case 7, 11 -> {
          kinds.add(r.field());
          pending.add(r.message());
        }
        default -> r.skip();
      }
    }
    String scope = "function '" + name + "': ";
    for (int i = 0; i < pending.size(); i++) {
      if (kinds.get(i) == 7) {
        node(pending.get(i), scope, 1);
      } else {
        attribute(pending.get(i), scope + "attribute default ", 1);
      }
    }
  }

  private OnnxNode node(ProtoReader r, String scope, int depth) {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    String domain = "";
    List<ProtoReader> attributes = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> inputs.add(r.string());
        case 2 -> outputs.add(r.string());
        case 3 -> name = r.string();
        case 4 -> opType = r.string();
        case 7 -> domain = r.string();
        case 5 -> attributes.add(r.message());
        default -> r.skip();
      }
    }
    if (opType.isEmpty()) {
      throw new ProtoFormatException("a node" + (name.isEmpty() ? "" : " '" + name + "'")
          + " has no operator type");
    }
    String where = scope + "node '" + (name.isEmpty() ? opType : name) + "' attribute ";
    Map<String, OnnxNode.Attribute> kept = new LinkedHashMap<>();
    for (ProtoReader a : attributes) {
      OnnxNode.Attribute attribute = attribute(a, where, depth);
      if (attribute != null) {
        kept.put(attribute.name(), attribute);
      }
    }
    return new OnnxNode(opType, domain, inputs, outputs, kept);
  }

  /** Reads an attribute, collecting its tensors and subgraphs; returns it if it is kept. */
  private OnnxNode.@Nullable Attribute attribute(ProtoReader r, String where, int depth) {
    String name = "";
    long i = 0;
    float f = 0;
    String s = "";
    List<Long> ints = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    while (r.next()) {
      String here = where + "'" + name + "'";
      switch (r.field()) {
        case 1 -> name = r.string();
        case 2 -> f = r.float32();
        case 3 -> i = r.int64();
        case 4 -> s = r.text();
        case 5, 10 -> tensor(r.message(), here);
        case 6, 11 -> graph(r.message(), here + " subgraph: ", depth + 1);
        case 22, 23 -> sparseTensor(r.message(), here);
        case 8 -> {
          if (KEPT_ATTRIBUTES.contains(name)) {
            r.int64s(ints);
          } else {
            r.skip();
          }
        }
        case 9 -> {
          if (KEPT_ATTRIBUTES.contains(name)) {
            strings.add(r.text());
          } else {
            r.skip();
          }
        }
        default -> r.skip();
      }
    }
    return KEPT_ATTRIBUTES.contains(name) ? new OnnxNode.Attribute(name, i, f, s, ints, strings)
        : null;
  }

  private void sparseTensor(ProtoReader r, String where) {
    while (r.next()) {
      switch (r.field()) {
        case 1 -> tensor(r.message(), where + " values");
        case 2 -> tensor(r.message(), where + " indices");
        default -> r.skip();
      }
    }
  }

  /** Reads a tensor's header, records it if its data is external, and returns its name. */
  private String tensor(ProtoReader r, String where) {
    String name = "";
    long dataLocation = 0;
    boolean hasEntries = false;
    @Nullable String location = null;
    while (r.next()) {
      switch (r.field()) {
        case 8 -> name = r.string();
        case 14 -> dataLocation = r.int64();
        case 13 -> {
          hasEntries = true;
          String[] entry = entry(r.message());
          if ("location".equals(entry[0])) {
            location = entry[1];
          }
        }
        default -> r.skip();
      }
    }
    if (dataLocation == 1 || hasEntries) {
      external.add(new ExternalTensor(name, where + " '" + name + "'", location));
    }
    return name;
  }

  private static String[] entry(ProtoReader r) {
    String key = "";
    String value = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> key = r.string();
        case 2 -> value = r.string();
        default -> r.skip();
      }
    }
    return new String[] {key, value};
  }

  private static OnnxValueInfo valueInfo(ProtoReader r) {
    String name = "";
    OnnxType type = new OnnxType(OnnxType.Kind.OTHER, 0, null, null);
    while (r.next()) {
      switch (r.field()) {
        case 1 -> name = r.string();
        case 2 -> type = type(r.message(), 0);
        default -> r.skip();
      }
    }
    return new OnnxValueInfo(name, type);
  }

  private static OnnxType type(ProtoReader r, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ProtoFormatException("types nest more than " + MAX_DEPTH + " deep");
    }
    OnnxType type = new OnnxType(OnnxType.Kind.OTHER, 0, null, null);
    while (r.next()) {
      switch (r.field()) {
        case 1 -> type = tensorType(r.message());
        case 4 -> type = new OnnxType(OnnxType.Kind.SEQUENCE, 0, null, nested(r.message(), 1, depth));
        case 5 -> type = mapType(r.message(), depth);
        default -> r.skip();
      }
    }
    return type;
  }

  private static OnnxType tensorType(ProtoReader r) {
    int elementType = 0;
    @Nullable List<Long> shape = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> elementType = (int) r.int64();
        case 2 -> shape = shape(r.message());
        default -> r.skip();
      }
    }
    return new OnnxType(OnnxType.Kind.TENSOR, elementType, shape, null);
  }

  private static List<Long> shape(ProtoReader r) {
    List<Long> dims = new ArrayList<>();
    while (r.next()) {
      if (r.field() == 1) {
        ProtoReader dim = r.message();
        long size = -1;
        while (dim.next()) {
          if (dim.field() == 1) {
            long v = dim.int64();
            size = v > 0 ? v : -1;
          } else {
            dim.skip();
          }
        }
        dims.add(size);
      } else {
        r.skip();
      }
    }
    return dims;
  }

  private static OnnxType mapType(ProtoReader r, int depth) {
    int keyType = 0;
    @Nullable OnnxType value = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> keyType = (int) r.int64();
        case 2 -> value = type(r.message(), depth + 1);
        default -> r.skip();
      }
    }
    return new OnnxType(OnnxType.Kind.MAP, keyType, null, value);
  }

  /** The type in field {@code field} of a wrapper message (a sequence's element type). */
  private static @Nullable OnnxType nested(ProtoReader r, int field, int depth) {
    @Nullable OnnxType inner = null;
    while (r.next()) {
      if (r.field() == field) {
        inner = type(r.message(), depth + 1);
      } else {
        r.skip();
      }
    }
    return inner;
  }
}
