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
import java.lang.reflect.Array;
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
import java.util.Objects;
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
 * of the loaded model's pool permits, so there are at most pool-size slots) holding input tensors
 * over reusable direct buffers, one set for single rows and one for the size of the last batch: a
 * call writes its values into the buffers, and where the scores are a float tensor ONNX Runtime
 * writes them into a pre-allocated (pinned) output tensor, so that a call of a size seen before
 * allocates no native memory but the string tensors of text columns. A batch of another size
 * replaces the slot's batch tensors.
 *
 * <p>This class is loaded only when ONNX Runtime is on the class path ({@link OrtModelLoader}).
 */
final class OrtTabularEngine implements TabularEngine<OrtTabularEngine.Rows> {

  /** Encoded rows: a float matrix, or typed columns. */
  record Rows(@Nullable EncodedBatch matrix, @Nullable ColumnBatch columns) {
    int count() {
      return matrix != null ? matrix.rows() : Objects.requireNonNull(columns).rows();
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
  private final boolean text;
  private final Outputs outputs;
  private final boolean pinnedScores;
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
    this.text = inputs.stream().anyMatch(in -> in.type() == ColumnType.STRING);
    this.outputs = outputs;
    this.requested = outputs.label() == null ? Set.of(outputs.scores())
        : Set.of(outputs.label(), outputs.scores());
    this.requestedWithoutScores = outputs.label() == null ? Set.of() : Set.of(outputs.label());
    this.zipMapKeys = outputs.classes().stream()
        .map(c -> outputs.longKeys() ? (Object) Long.valueOf(c) : c).toArray();
    this.pinnedScores = !outputs.zipMap() && !outputs.doubleScores() && outputs.width() >= 1
        && (outputs.scoreRank() == 2 || (outputs.scoreRank() == 1 && outputs.width() == 1));
  }

  @Override
  public Rows encode(List<? extends Map<String, ?>> rows, boolean single) {
    return matrix ? new Rows(encoder.encode(rows, single), null)
        : new Rows(null, encoder.encodeColumns(rows, single));
  }

  @Override
  public Map<String, Object> syntheticRow() {
    return encoder.syntheticRow();
  }

  @Override
  public Rows join(List<Rows> singles) {
    if (matrix) {
      return new Rows(EncodedBatch.join(singles.stream().map(Rows::matrix).toList()), null);
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
      return slot.score(batch);
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

  /**
   * Reusable buffers and tensors for one call at a time: one set for single rows, one for the row
   * count of the last batch (a caller that sends batches of one size reuses them every call).
   */
  private final class Slot {
    private @Nullable Bound single;
    private @Nullable Bound batch;
    private final @Nullable Buffer[] batchBuffers = new Buffer[inputs.size()];
    private @Nullable FloatBuffer batchScores;

    RowScores score(Rows rows) throws OrtException {
      int n = rows.count();
      Bound bound = bound(n);
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i).type() != ColumnType.STRING) {
          write(Objects.requireNonNull(bound.buffers[i]), inputs.get(i), rows, i, n);
        }
      }
      Map<String, OnnxTensor> feed = bound.feed;
      List<OnnxTensor> created = List.of();
      if (text) {
        feed = new HashMap<>(bound.feed);
        created = new ArrayList<>();
        addTextTensors(rows, n, feed, created);
      }
      try {
        FloatBuffer scores = bound.scores;
        if (scores == null) {
          try (OrtSession.Result r = session.run(feed, requested)) {
            return read(r, n);
          }
        }
        try (OrtSession.Result r = session.run(feed, requestedWithoutScores, bound.pinned)) {
          return new RowScores(widened(scores, n * outputs.width()), n, outputs.width(),
              labels(r, n));
        }
      } finally {
        created.forEach(OrtTabularEngine.this::closeValue);
      }
    }

    /** The tensors for {@code n} rows, made on first use or when the batch size changes. */
    private Bound bound(int n) throws OrtException {
      if (n == 1) {
        if (single == null) {
          @Nullable Buffer[] own = new Buffer[inputs.size()];
          for (int i = 0; i < own.length; i++) {
            if (inputs.get(i).type() != ColumnType.STRING) {
              own[i] = direct(inputs.get(i).type(), inputs.get(i).width());
            }
          }
          single = new Bound(1, own, pinnedScores ? (FloatBuffer) direct(ColumnType.FLOAT,
              outputs.width()) : null);
        }
        return single;
      }
      if (batch == null || batch.rows != n) {
        if (batch != null) {
          batch.close();
          batch = null;
        }
        for (int i = 0; i < inputs.size(); i++) {
          Input in = inputs.get(i);
          if (in.type() != ColumnType.STRING) {
            batchBuffers[i] = grown(batchBuffers[i], in.type(), n * in.width());
          }
        }
        if (pinnedScores) {
          batchScores = (FloatBuffer) grown(batchScores, ColumnType.FLOAT, n * outputs.width());
        }
        batch = new Bound(n, batchBuffers.clone(), pinnedScores ? batchScores : null);
      }
      return batch;
    }

    void close() {
      if (single != null) {
        single.close();
      }
      if (batch != null) {
        batch.close();
      }
    }
  }

  /**
   * Input tensors (and the pinned score tensor) of one row count over direct buffers that stay
   * allocated: a call writes its values into the buffers, and ONNX Runtime reads them in place.
   */
  private final class Bound {
    final int rows;
    final @Nullable Buffer[] buffers;
    final Map<String, OnnxTensor> feed;
    final @Nullable FloatBuffer scores;
    final Map<String, OnnxTensor> pinned;
    private final List<OnnxTensor> tensors = new ArrayList<>();

    Bound(int rows, @Nullable Buffer[] buffers, @Nullable FloatBuffer scores) throws OrtException {
      this.rows = rows;
      this.buffers = buffers;
      try {
        Map<String, OnnxTensor> inputTensors = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
          Input in = inputs.get(i);
          if (in.type() != ColumnType.STRING) {
            Buffer buffer = Objects.requireNonNull(buffers[i]);
            inputTensors.put(in.name(), own(tensor(slice(buffer, rows * in.width()), in, rows)));
          }
        }
        this.feed = Map.copyOf(inputTensors);
        if (scores != null) {
          long[] shape = outputs.scoreRank() == 1 ? new long[] {rows}
              : new long[] {rows, outputs.width()};
          this.scores = (FloatBuffer) slice(scores, rows * outputs.width());
          this.pinned = Map.of(outputs.scores(),
              own(opened(OnnxTensor.createTensor(env, this.scores, shape))));
        } else {
          this.scores = null;
          this.pinned = Map.of();
        }
      } catch (OrtException | RuntimeException e) {
        close();
        throw e;
      }
    }

    private OnnxTensor own(OnnxTensor t) {
      tensors.add(t);
      return t;
    }

    void close() {
      tensors.forEach(OrtTabularEngine.this::closeValue);
      tensors.clear();
    }
  }

  private void addTextTensors(Rows batch, int n, Map<String, OnnxTensor> feed,
      List<OnnxTensor> created) throws OrtException {
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      if (in.type() == ColumnType.STRING) {
        String[] values = (String[]) Objects.requireNonNull(batch.columns()).columns()[i];
        OnnxTensor t = opened(OnnxTensor.createTensor(env, values, shape(in, n)));
        created.add(t);
        feed.put(in.name(), t);
      }
    }
  }

  /** A buffer of at least {@code count} elements: the given one, or a larger new one. */
  private static Buffer grown(@Nullable Buffer buffer, ColumnType type, int count) {
    return buffer != null && buffer.capacity() >= count ? buffer
        : direct(type, Math.max(count, 2 * (buffer == null ? 0 : buffer.capacity())));
  }

  /** The first {@code count} elements of a buffer, as a view from index 0. */
  private static Buffer slice(Buffer buffer, int count) {
    return buffer.duplicate().position(0).limit(count);
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
      float[] values = Objects.requireNonNull(batch.matrix()).values();
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
    Object column = Objects.requireNonNull(batch.columns()).columns()[input];
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
    return widened(b, b.remaining());
  }

  /** The first {@code count} floats of a buffer as doubles, copied in bulk. */
  private static double[] widened(FloatBuffer buffer, int count) {
    float[] floats = new float[count];
    buffer.get(0, floats);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = floats[i];
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
    switch (tensor.getInfo().type) {
      case INT64 -> {
        LongBuffer values = tensor.getLongBuffer();
        for (int r = 0; r < n; r++) {
          labels[r] = values.get(r);
        }
      }
      case INT32 -> {
        IntBuffer values = tensor.getIntBuffer();
        for (int r = 0; r < n; r++) {
          labels[r] = values.get(r);
        }
      }
      default -> {
        // Strings (and any other type) as ONNX Runtime returns them: [N] or [N, 1] arrays.
        Object value = tensor.getValue();
        for (int r = 0; r < n; r++) {
          Object row = Array.get(value, r);
          labels[r] = row.getClass().isArray() ? Array.get(row, 0) : row;
        }
      }
    }
    return labels;
  }

  private OnnxTensor opened(OnnxTensor t) {
    openValues.incrementAndGet();
    return t;
  }

  private void closeValue(OnnxTensor t) {
    t.close();
    openValues.decrementAndGet();
  }
}
