package dev.mlops.core.drift;

import dev.mlops.drift.DriftReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A realistic report for the JSON and HTML tests: drifted and stable features of each kind. */
final class Reports {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-04T12:00:00Z"), ZoneOffset.UTC);

  private Reports() {}

  static DataTable reference() {
    return DataTable.builder()
        .numeric("age", Samples.normal(1, 600, 40, 10))
        .numeric("income", Samples.normal(2, 600, 3_000, 800))
        .categorical("plan", Samples.categories(3, 600, new String[] {"basic", "plus", "pro"},
            new double[] {5, 3, 2}))
        .numeric("children", DriftAnalyzerTest.cycle(600, 4))
        .categorical("newsletter", Samples.categories(4, 600, new String[] {"no", "yes"},
            new double[] {1, 1}))
        .categorical("<script>alert('x')</script>", Samples.categories(5, 600,
            new String[] {"a&b", "\"quoted\""}, new double[] {1, 1}))
        .numeric("gone", Samples.normal(6, 600, 0, 1))
        .build();
  }

  static DataTable current() {
    double[] age = Samples.normal(11, 500, 47, 12);
    Arrays.fill(age, 0, 20, Double.NaN);
    List<String> plan = new ArrayList<>(Samples.categories(13, 500,
        new String[] {"basic", "plus", "pro", "enterprise"}, new double[] {2, 3, 4, 1}));
    plan.set(0, null);
    double[] gone = new double[500];
    Arrays.fill(gone, Double.NaN);
    return DataTable.builder()
        .numeric("age", age)
        .numeric("income", Samples.normal(12, 500, 3_400, 800))
        .categorical("plan", plan)
        .numeric("children", DriftAnalyzerTest.cycle(500, 4))
        .categorical("newsletter", Samples.categories(14, 500, new String[] {"no", "yes"},
            new double[] {1, 1}))
        .categorical("<script>alert('x')</script>", Samples.categories(15, 500,
            new String[] {"a&b", "\"quoted\""}, new double[] {1, 1}))
        .numeric("gone", gone)
        .build();
  }

  /** The report of {@link #reference()} against {@link #current()}, computed once. */
  static DriftReport report() {
    return Holder.REPORT;
  }

  private static final class Holder {
    static final DriftReport REPORT =
        DriftAnalyzer.builder().clock(CLOCK).build().analyze(reference(), current());
  }
}
