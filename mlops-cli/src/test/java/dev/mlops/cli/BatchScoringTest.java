package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.cli.RecordSource.RawRecord;
import dev.mlops.predict.InvalidInputException;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.DataType;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchScoringTest {

  @TempDir Path dir;

  /** Scores a row with its tenure; rejects the row whose contract is "yearly", as a model would. */
  private static final class TenurePredictor implements Predictor<Map<String, Object>, Prediction> {
    @Override
    public Prediction predict(Map<String, Object> input) {
      return predictBatch(List.of(input)).get(0);
    }

    @Override
    public List<Prediction> predictBatch(List<Map<String, Object>> inputs) {
      List<Prediction> result = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        if ("yearly".equals(inputs.get(i).get("contract"))) {
          throw new InvalidInputException("m", 1, "contract", i, "yearly is refused");
        }
        double tenure = ((Number) inputs.get(i).getOrDefault("tenure", -1.0)).doubleValue();
        result.add(new Prediction("p", "m", 1, List.of(tenure), null, Duration.ZERO));
      }
      return result;
    }

    @Override
    public ModelVersion modelVersion() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  /** Records what is written, and checks that no more than a few batches were read ahead. */
  private static final class RecordingWriter extends ScoreWriter {
    final List<@Nullable Object> ids = Collections.synchronizedList(new ArrayList<>());
    final List<Double> scores = new ArrayList<>();
    final AtomicLong read;
    final long maxAhead;
    long mostAhead;

    RecordingWriter(AtomicLong read, long maxAhead) {
      super(Path.of("out.csv"), "id", DataType.STRING, List.of());
      this.read = read;
      this.maxAhead = maxAhead;
    }

    @Override
    void start(OutputLayout layout) {}

    @Override
    void write(@Nullable Object id, Prediction prediction, List<Double> contributions) {
      ids.add(id);
      scores.add(prediction.scores().get(0));
      mostAhead = Math.max(mostAhead, read.get() - ids.size());
    }

    @Override
    void end() {}
  }

  /** Counts the records the scoring has read. */
  private static RecordSource counting(RecordSource source, AtomicLong read) {
    return new RecordSource() {
      @Override
      public @Nullable RawRecord next() throws IOException {
        RawRecord r = source.next();
        if (r != null) {
          read.incrementAndGet();
        }
        return r;
      }

      @Override
      public InputRow decode(RawRecord record) {
        return source.decode(record);
      }

      @Override
      public double fractionRead() {
        return source.fractionRead();
      }

      @Override
      public DataType idType() {
        return source.idType();
      }

      @Override
      public String unit() {
        return source.unit();
      }

      @Override
      public void close() throws IOException {
        source.close();
      }
    };
  }

  private Progress quiet() {
    return new Progress(new PrintWriter(new StringWriter()), "rows", false, () -> 0L);
  }

  private RecordSource open(String name, String content) throws IOException {
    Path file = Files.writeString(dir.resolve(name), content);
    return RecordSource.open(file, new RowConverter(RecordSourceTest.SIGNATURE), "id");
  }

  @Test
  void rowsAreWrittenInInputOrderWithAFewBatchesReadAheadAtMost() throws Exception {
    StringBuilder csv = new StringBuilder("id,tenure\n");
    for (int i = 0; i < 5_000; i++) {
      csv.append('r').append(i).append(',').append(i).append('\n');
    }
    AtomicLong read = new AtomicLong();
    int batch = 7;
    int threads = 3;
    RecordingWriter writer = new RecordingWriter(read, (2L * threads + 1) * batch);
    try (RecordSource source = counting(open("in.csv", csv.toString()), read)) {
      BatchScoring.Counts counts = new BatchScoring(new TenurePredictor(), source, dir, batch,
          threads, false).run(writer, row -> { }, quiet());

      assertThat(counts).isEqualTo(new BatchScoring.Counts(5_000, 0));
    }
    for (int i = 0; i < 5_000; i++) {
      assertThat(writer.ids.get(i)).isEqualTo("r" + i);
      assertThat(writer.scores.get(i)).isEqualTo(i);
    }
    assertThat(writer.mostAhead).isLessThanOrEqualTo(writer.maxAhead);
  }

  @Test
  void skipInvalidSkipsAndCountsMalformedLinesAndRowsTheModelRefusesInInputOrder()
      throws Exception {
    String jsonl = """
        {"id": "a", "tenure": 1}
        {"id": "b", "tenure": 2, "tenure": 3}
        not json at all
        {"id": "c", "tenure": 3, "contract": "yearly"}
        {"id": "d", "tenure": "x"}
        {"id": "e", "tenure": 5} garbage
        {"id": "f", "tenure": 6}
        """;
    AtomicLong read = new AtomicLong();
    RecordingWriter writer = new RecordingWriter(read, Long.MAX_VALUE);
    List<InputRow> rejected = new ArrayList<>();
    try (RecordSource source = open("in.jsonl", jsonl)) {
      BatchScoring.Counts counts = new BatchScoring(new TenurePredictor(), source, dir, 3, 2, true)
          .run(writer, rejected::add, quiet());

      assertThat(counts).isEqualTo(new BatchScoring.Counts(2, 5));
    }
    assertThat(writer.ids).containsExactly("a", "f");
    assertThat(rejected).extracting(InputRow::line).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(rejected.get(2).feature()).isEqualTo("contract");
    assertThat(rejected.get(2).error()).contains("yearly is refused");
  }

  @Test
  void withoutSkipInvalidTheFirstInvalidRecordInInputOrderStopsTheRun() throws Exception {
    StringBuilder csv = new StringBuilder("id,tenure,contract\n");
    for (int i = 0; i < 100; i++) {
      // In one batch, line 22 is refused by the model and line 24 does not convert; line 61 does
      // not convert either, in a later batch: line 22 is the one named.
      csv.append(i).append(',').append(i == 22 || i == 59 ? "x" : "1").append(',')
          .append(i == 20 ? "yearly" : "monthly").append('\n');
    }
    try (RecordSource source = open("in.csv", csv.toString())) {
      BatchScoring scoring = new BatchScoring(new TenurePredictor(), source, dir.resolve("in.csv"),
          4, 3, false);
      assertThatThrownBy(() -> scoring.run(new RecordingWriter(new AtomicLong(), Long.MAX_VALUE),
          row -> { }, quiet()))
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith(dir.resolve("in.csv") + ", line 22: ")
          .hasMessageContaining("yearly is refused");
    }
  }
}
