package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DatasetFingerprintPropertiesTest {

  private static final List<FieldSpec> FEATURES = List.of(
      FieldSpec.scalar("x", DataType.FLOAT64).allowingNonFinite(),
      FieldSpec.scalar("n", DataType.INT64),
      FieldSpec.scalar("flag", DataType.BOOLEAN).asOptional(),
      FieldSpec.scalar("text", DataType.STRING));
  private static final FieldSpec TARGET = FieldSpec.categorical("label", List.of("a", "b", "c"));

  /** One row: x, n, flag (may be null), text, label. */
  record Row(double x, long n, Boolean flag, String text, String label) {
    Map<String, Object> features() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("x", x);
      m.put("n", n);
      if (flag != null) {
        m.put("flag", flag);
      }
      m.put("text", text);
      return m;
    }
  }

  @Provide
  Arbitrary<List<Row>> rows() {
    Arbitrary<Row> row = Combinators.combine(
        Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0),
        Arbitraries.longs(),
        Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.2),
        Arbitraries.strings().ofMaxLength(8),
        Arbitraries.of("a", "b", "c")).as(Row::new);
    return row.list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 200)
  void theFingerprintDoesNotDependOnTheIterationOrderOfRowMaps(
      @ForAll("rows") List<Row> rows, @ForAll long shuffleSeed) {
    TabularDataset.Builder inOrder = TabularDataset.builder(FEATURES, TARGET);
    TabularDataset.Builder shuffled = TabularDataset.builder(FEATURES, TARGET);
    Random random = new Random(shuffleSeed);
    for (Row r : rows) {
      inOrder.addRow(r.features(), r.label());
      List<Map.Entry<String, Object>> entries = new ArrayList<>(r.features().entrySet());
      Collections.shuffle(entries, random);
      Map<String, Object> reordered = new LinkedHashMap<>();
      entries.forEach(e -> reordered.put(e.getKey(), e.getValue()));
      shuffled.addRow(reordered, r.label());
    }

    assertThat(shuffled.build().fingerprint()).isEqualTo(inOrder.build().fingerprint());
  }

  @Property(tries = 200)
  void changingASingleValueChangesTheFingerprint(
      @ForAll("rows") List<Row> rows, @ForAll @IntRange(min = 0, max = 1000) int pick,
      @ForAll @IntRange(min = 0, max = 4) int column) {
    int index = pick % rows.size();
    Row r = rows.get(index);
    Row changed = switch (column) {
      case 0 -> new Row(Double.isNaN(r.x()) ? 1.0 : nextDifferent(r.x()), r.n(), r.flag(),
          r.text(), r.label());
      case 1 -> new Row(r.x(), r.n() + 1, r.flag(), r.text(), r.label());
      case 2 -> new Row(r.x(), r.n(), r.flag() == null ? Boolean.TRUE : null, r.text(), r.label());
      case 3 -> new Row(r.x(), r.n(), r.flag(), r.text() + "!", r.label());
      default -> new Row(r.x(), r.n(), r.flag(), r.text(), r.label().equals("a") ? "b" : "a");
    };
    List<Row> modified = new ArrayList<>(rows);
    modified.set(index, changed);

    assertThat(build(modified).fingerprint()).isNotEqualTo(build(rows).fingerprint());
  }

  @Property(tries = 100)
  void aSubsetOfEveryRowInOrderHasTheSameFingerprint(@ForAll("rows") List<Row> rows) {
    TabularDataset data = build(rows);
    int[] all = new int[data.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    assertThat(data.subset(all).fingerprint()).isEqualTo(data.fingerprint());
  }

  private static double nextDifferent(double x) {
    double up = Math.nextUp(x);
    return up == x || Double.isInfinite(up) ? Math.nextDown(x) : up;
  }

  private static TabularDataset build(List<Row> rows) {
    TabularDataset.Builder b = TabularDataset.builder(FEATURES, TARGET);
    rows.forEach(r -> b.addRow(r.features(), r.label()));
    return b.build();
  }
}
