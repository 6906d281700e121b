package dev.mlops.djl.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.djl.internal.TabularEncoder.ColumnType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Scores tabular rows with ONNX Runtime's own Java API ({@link OrtSession}), without DJL's
 * per-call {@code NDManager}: the graph's inputs are fed as it declares them (one {@code [N, F]}
 * float matrix, or one typed {@code [N, 1]} or {@code [N]} tensor per column, strings included),
 * and its outputs read as they come: a label tensor ({@code int64} or {@code string}), and scores
 * as a float tensor or as a {@code ZipMap}'s sequence of maps, which DJL's arrays cannot carry.
 *
 * <p>The session is thread-safe and shared; each call borrows a <em>slot</em> (the caller holds one
 * of the loaded model's pool permits, so there are at most pool-size slots) holding reusable
 * direct buffers: a single-row call writes its values into the slot's input tensors and reads the
 * scores from a pre-allocated output tensor, so it allocates no native memory. Batches wrap the
 * slot's buffers in tensors of their size, closed after the call.
 *
 * <p>This class is loaded only when ONNX Runtime is on the class path ({@link OrtModelLoader}).
 */
final class OrtTabularEngine implements TabularEngine<OrtTabularEngine.Rows> {

  /** Encoded rows: a float matrix, or typed columns. */
  record Rows(@Nullable EncodedBatch matrix, @Nullable ColumnBatch columns) {
    int count() {
      return matrix != null ? matrix.rows() : java.util.Objects.requireNonNull(columns).rows();
    }
  }

  /**
   * One graph input: its name, what it takes, and its rank (a column is {@code [N]} or {@code
   * [N, 1]}; the matrix is {@code [N, F]}).
   */
  record Input(String name, ColumnType type, int rank, int width) {}

  /**
   * What to read from the graph: the label output (or null) and the score output, which is a
   * {@code ZipMap} (keyed by {@code Long} or {@code String} class labels) or a tensor of rank
   * {@code scoreRank} and {@code width} scores per row (-1 if unknown).
   */
  record Outputs(@Nullable String label, String scores, boolean zipMap, boolean longKeys,
      List<String> classes, int width, int scoreRank, boolean doubleScores) {}

  private final OrtEnvironment env;
  private final OrtSession session;
  private final TabularEncoder encoder;
  private final boolean matrix;
  private final List<Input> inputs;
  private final List<ColumnType> columnTypes;
  private final Outputs outputs;
  private final Set<String> requested;
  private final Set<String> requestedWithoutScores;
  private final Object[] zipMapKeys;
  private final ConcurrentLinkedQueue<Slot> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger openValues = new AtomicInteger();

  OrtTabularEngine(OrtEnvironment env, OrtSession session, TabularEncoder encoder, boolean matrix,
      List<Input> inputs, Outputs outputs) {
    this.env = env;
    this.session = session;
    this.encoder = encoder;
    this.matrix = matrix;
    this.inputs = List.copyOf(inputs);
    this.columnTypes = inputs.stream().map(Input::type).toList();
    this.outputs = outputs;
    this.requested = outputs.label() == null ? Set.of(outputs.scores())
        : Set.of(outputs.label(), outputs.scores());
    this.requestedWithoutScores = outputs.label() == null ? Set.of() : Set.of(outputs.label());
    this.zipMapKeys = outputs.classes().stream()
        .map(c -> outputs.longKeys() ? (Object) Long.valueOf(c) : c).toArray();
  }

  @Override
  public Rows encode(List<? extends Map<String, ?>> rows, boolean single) {
    return matrix ? new Rows(encoder.encode(rows, single), null)
        : new Rows(null, encoder.encodeColumns(rows, single, columnTypes));
  }

  @Override
  public Rows join(List<Rows> singles) {
    if (matrix) {
      List<EncodedBatch> parts = singles.stream().map(Rows::matrix).toList();
      return new Rows(EncodedBatch.join(parts), null);
    }
    return new Rows(null, ColumnBatch.join(singles.stream().map(Rows::columns).toList()));
  }

  @Override
  public int rows(Rows batch) {
    return batch.count();
  }

  @Override
  public RowScores score(Rows batch) throws OrtException {
    Slot slot = idle.poll();
    if (slot == null) {
      slot = new Slot();
    }
    try {
      return batch.count() == 1 ? slot.scoreOne(batch) : slot.scoreMany(batch);
    } finally {
      idle.offer(slot);
    }
  }

  @Override
  public int openNativeValues() {
    return openValues.get();
  }

  @Override
  public void close() {
    Slot slot;
    while ((slot = idle.poll()) != null) {
      slot.close();
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot close the ONNX Runtime session: " + e.getMessage(), e);
    }
  }

  /** Reusable buffers and tensors for one call at a time. */
  private final class Slot {
    private final Buffer[] oneRowBuffers = new Buffer[inputs.size()];
    private final @Nullable OnnxTensor[] oneRowTensors = new OnnxTensor[inputs.size()];
    private @Nullable Map<String, OnnxTensor> oneRowFeed;
    private @Nullable FloatBuffer oneRowScores;
    private @Nullable OnnxTensor oneRowScoreTensor;
    private @Nullable Map<String, OnnxTensor> oneRowPinned;
    private final Buffer[] batchBuffers = new Buffer[inputs.size()];

    RowScores scoreOne(Rows batch) throws OrtException {
      Map<String, OnnxTensor> feed = oneRowFeed();
      boolean hasText = false;
      for (int i = 0; i < inputs.size(); i++) {
        Input in = inputs.get(i);
        if (in.type() == ColumnType.STRING) {
          hasText = true;
        } else {
          write(oneRowBuffers[i], in, batch, i, 1);
        }
      }
      Map<String, OnnxTensor> actual = feed;
      List<OnnxTensor> created = List.of();
      if (hasText) {
        actual = new HashMap<>(feed);
        created = new ArrayList<>();
        addTextTensors(batch, 1, actual, created);
      }
      try {
        OnnxTensor pinned = pinnedScores();
        if (pinned != null) {
          try (OrtSession.Result r = session.run(actual, requestedWithoutScores,
              java.util.Objects.requireNonNull(oneRowPinned))) {
            FloatBuffer scores = java.util.Objects.requireNonNull(oneRowScores);
            double[] values = new double[outputs.width()];
            for (int i = 0; i < values.length; i++) {
              values[i] = scores.get(i);
            }
            return new RowScores(values, 1, values.length, labels(r, 1));
          }
        }
        try (OrtSession.Result r = session.run(actual, requested)) {
          return read(r, 1);
        }
      } finally {
        closeAll(created);
      }
    }

    RowScores scoreMany(Rows batch) throws OrtException {
      int n = batch.count();
      Map<String, OnnxTensor> feed = new HashMap<>();
      List<OnnxTensor> created = new ArrayList<>();
      try {
        for (int i = 0; i < inputs.size(); i++) {
          Input in = inputs.get(i);
          if (in.type() == ColumnType.STRING) {
            continue;
          }
          Buffer buffer = batchBuffer(i, n * in.width());
          write(buffer, in, batch, i, n);
          OnnxTensor t = tensor(buffer.duplicate().position(0).limit(n * in.width()), in, n);
          created.add(t);
          feed.put(in.name(), t);
        }
        addTextTensors(batch, n, feed, created);
        try (OrtSession.Result r = session.run(feed, requested)) {
          return read(r, n);
        }
      } finally {
        closeAll(created);
      }
    }

    private void addTextTensors(Rows batch, int n, Map<String, OnnxTensor> feed,
        List<OnnxTensor> created) throws OrtException {
      for (int i = 0; i < inputs.size(); i++) {
        Input in = inputs.get(i);
        if (in.type() == ColumnType.STRING) {
          String[] values = (String[]) java.util.Objects.requireNonNull(batch.columns())
              .columns()[i];
          OnnxTensor t = opened(OnnxTensor.createTensor(env, values, shape(in, n)));
          created.add(t);
          feed.put(in.name(), t);
        }
      }
    }

    private Map<String, OnnxTensor> oneRowFeed() throws OrtException {
      if (oneRowFeed == null) {
        Map<String, OnnxTensor> feed = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
          Input in = inputs.get(i);
          if (in.type() != ColumnType.STRING) {
            oneRowBuffers[i] = direct(in.type(), in.width());
            oneRowTensors[i] = tensor(oneRowBuffers[i], in, 1);
            feed.put(in.name(), oneRowTensors[i]);
          }
        }
        oneRowFeed = Map.copyOf(feed);
      }
      return oneRowFeed;
    }

    private @Nullable OnnxTensor pinnedScores() throws OrtException {
      if (outputs.zipMap() || outputs.doubleScores() || outputs.width() < 1
          || outputs.scoreRank() < 1 || outputs.scoreRank() > 2
          || (outputs.scoreRank() == 1 && outputs.width() != 1)) {
        return null;
      }
      if (oneRowScoreTensor == null) {
        oneRowScores = (FloatBuffer) direct(ColumnType.FLOAT, outputs.width());
        long[] shape = outputs.scoreRank() == 1 ? new long[] {1} : new long[] {1, outputs.width()};
        oneRowScoreTensor = opened(OnnxTensor.createTensor(env, oneRowScores, shape));
        oneRowPinned = Map.of(outputs.scores(), oneRowScoreTensor);
      }
      return oneRowScoreTensor;
    }

    private Buffer batchBuffer(int input, int capacity) {
      Buffer b = batchBuffers[input];
      if (b == null || b.capacity() < capacity) {
        b = direct(inputs.get(input).type(), Math.max(capacity, 64 * inputs.get(input).width()));
        batchBuffers[input] = b;
      }
      return b;
    }

    void close() {
      for (OnnxTensor t : oneRowTensors) {
        if (t != null) {
          closeValue(t);
        }
      }
      if (oneRowScoreTensor != null) {
        closeValue(oneRowScoreTensor);
      }
    }
  }

  private OnnxTensor tensor(Buffer buffer, Input in, int n) throws OrtException {
    long[] shape = shape(in, n);
    return opened(switch (in.type()) {
      case FLOAT -> OnnxTensor.createTensor(env, (FloatBuffer) buffer, shape);
      case DOUBLE -> OnnxTensor.createTensor(env, (DoubleBuffer) buffer, shape);
      case INT64 -> OnnxTensor.createTensor(env, (LongBuffer) buffer, shape);
      case INT32 -> OnnxTensor.createTensor(env, (IntBuffer) buffer, shape);
      case BOOL -> OnnxTensor.createTensor(env, (ByteBuffer) buffer, shape, OnnxJavaType.BOOL);
      case STRING -> throw new IllegalStateException("string tensors are not buffers");
    });
  }

  private static long[] shape(Input in, int n) {
    return in.rank() == 1 ? new long[] {n} : new long[] {n, in.width()};
  }

  /** Copies a batch's values for one input into a buffer, from index 0. */
  private void write(Buffer buffer, Input in, Rows batch, int input, int n) {
    if (matrix) {
      float[] values = java.util.Objects.requireNonNull(batch.matrix()).values();
      if (buffer instanceof FloatBuffer f) {
        f.put(0, values, 0, n * in.width());
      } else {
        DoubleBuffer d = (DoubleBuffer) buffer;
        for (int i = 0; i < n * in.width(); i++) {
          d.put(i, values[i]);
        }
      }
      return;
    }
    Object column = java.util.Objects.requireNonNull(batch.columns()).columns()[input];
    switch (in.type()) {
      case FLOAT -> ((FloatBuffer) buffer).put(0, (float[]) column, 0, n);
      case DOUBLE -> ((DoubleBuffer) buffer).put(0, (double[]) column, 0, n);
      case INT64 -> ((LongBuffer) buffer).put(0, (long[]) column, 0, n);
      case INT32 -> ((IntBuffer) buffer).put(0, (int[]) column, 0, n);
      case BOOL -> {
        boolean[] flags = (boolean[]) column;
        ByteBuffer bytes = (ByteBuffer) buffer;
        for (int i = 0; i < n; i++) {
          bytes.put(i, (byte) (flags[i] ? 1 : 0));
        }
      }
      case STRING -> throw new IllegalStateException("string columns are not buffers");
    }
  }

  private static Buffer direct(ColumnType type, int count) {
    return switch (type) {
      case FLOAT -> bytes(count * Float.BYTES).asFloatBuffer();
      case DOUBLE -> bytes(count * Double.BYTES).asDoubleBuffer();
      case INT64 -> bytes(count * Long.BYTES).asLongBuffer();
      case INT32 -> bytes(count * Integer.BYTES).asIntBuffer();
      case BOOL -> bytes(count);
      case STRING -> throw new IllegalStateException("string columns are not buffers");
    };
  }

  private static ByteBuffer bytes(int n) {
    return ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
  }

  private RowScores read(OrtSession.Result result, int n) throws OrtException {
    OnnxValue value = result.get(outputs.scores()).orElseThrow(() -> new IllegalStateException(
        "the model returned no output '" + outputs.scores() + "'"));
    double[] scores = outputs.zipMap() ? zipMap((OnnxSequence) value, n)
        : tensorScores((OnnxTensor) value, n);
    return new RowScores(scores, n, scores.length / Math.max(1, n), labels(result, n));
  }

  private double[] tensorScores(OnnxTensor tensor, int n) {
    if (outputs.doubleScores()) {
      DoubleBuffer b = tensor.getDoubleBuffer();
      double[] out = new double[b.remaining()];
      b.get(out);
      return out;
    }
    FloatBuffer b = tensor.getFloatBuffer();
    double[] out = new double[b.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i);
    }
    return out;
  }

  private double[] zipMap(OnnxSequence sequence, int n) throws OrtException {
    List<? extends OnnxValue> maps = sequence.getValue();
    if (maps.size() != n) {
      throw new IllegalStateException("the model returned " + maps.size() + " maps for " + n
          + " rows");
    }
    int width = zipMapKeys.length;
    double[] out = new double[n * width];
    for (int r = 0; r < n; r++) {
      try (OnnxMap map = (OnnxMap) maps.get(r)) {
        Map<? extends Object, ? extends Object> probabilities = map.getValue();
        for (int c = 0; c < width; c++) {
          Object p = probabilities.get(zipMapKeys[c]);
          if (!(p instanceof Number number)) {
            throw new IllegalStateException("the model's map for row " + r + " has no class '"
                + outputs.classes().get(c) + "'; it has " + probabilities.keySet());
          }
          out[r * width + c] = number.doubleValue();
        }
      }
    }
    return out;
  }

  private Object @Nullable [] labels(OrtSession.Result result, int n) throws OrtException {
    String name = outputs.label();
    if (name == null) {
      return null;
    }
    OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow(() ->
        new IllegalStateException("the model returned no output '" + name + "'"));
    Object[] labels = new Object[n];
    Object value = tensor.getValue();
    for (int r = 0; r < n; r++) {
      Object row = java.lang.reflect.Array.get(value, r);
      labels[r] = row.getClass().isArray() ? java.lang.reflect.Array.get(row, 0) : row;
    }
    return labels;
  }

  private OnnxTensor opened(OnnxTensor t) {
    openValues.incrementAndGet();
    return t;
  }

  private void closeAll(List<OnnxTensor> tensors) {
    tensors.forEach(this::closeValue);
  }

  private void closeValue(OnnxTensor t) {
    t.close();
    openValues.decrementAndGet();
  }
}
