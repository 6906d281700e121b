package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.monitor.FleetSnapshots;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances of a monitored service in separate JVMs share one database: their traffic, split
 * across them, and the outcomes reported to any of them make the same figures as one monitor fed
 * everything; drift injected on one instance fires the fleet's drift alert once; and outcomes
 * reach predictions of an instance that was killed and restarted.
 */
@RequiresPostgres
class FleetMonitoringTest {

  private static final long WINDOW_MILLIS = 2_000;
  private static final List<String> CHILD_OPTIONS = List.of("-Xmx160m", "-XX:TieredStopAtLevel=1");

  @TempDir Path dir;

  /** A row one member predicted: which row of which seed, its id, and its window. */
  private record Predicted(long seed, double shift, int index, String id, long paneStart,
      int member) {

    Map<String, Object> row() {
      return ScriptedChurn.rows(seed, 30, shift).get(index);
    }
  }

  @Test
  void threeInstancesMakeTheFiguresOfOneMonitorFedAllTrafficAndFireTheDriftAlertOnce(
      PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("fleet");
    try (JdbcModelRegistry registry = pg.registry(schema).open();
        JdbcMonitorStore store = pg.monitorStore(schema).open()) {
      ModelVersion version = ScriptedChurn.register(registry, dir);
      List<ChildJvm> members = new ArrayList<>();
      try {
        for (int m = 0; m < 3; m++) {
          members.add(member(pg, schema, "m" + m));
        }
        for (ChildJvm member : members) {
          assertThat(member.awaitLine("READY", 180)).as("%s", member.output()).isNotNull();
        }
        // Clean traffic on every instance, then drift on the third only.
        List<Predicted> predicted = new ArrayList<>();
        for (int phase = 0; phase < 2; phase++) {
          if (phase == 1) {
            // The drifted phase starts as a window opens, so that all of it (90 rows, a third
            // drifted) falls in one window: a window turning inside it could leave the drifted
            // rows beside the clean ones of both phases, too few a share to drift, and the rest
            // too few rows for a report. The fleet is compared with one monitor however the
            // windows fall; this is only about whether one of them drifted.
            awaitWindowStart();
          }
          for (int m = 0; m < 3; m++) {
            long seed = 100 + 10L * phase + m;
            double shift = phase == 1 && m == 2 ? 3.0 : 0.0;
            members.get(m).send("predict " + seed + " 30 " + shift);
            predicted.addAll(collect(members.get(m), seed, shift, m, 30));
          }
        }
        // A prediction reaches the store within a flush interval; outcomes reported to another
        // instance before then would be unknown to it.
        flush(members);
        // Outcomes to another instance than the one that predicted; some twice.
        List<String[]> outcomes = new ArrayList<>();
        for (int i = 0; i < predicted.size(); i++) {
          Predicted p = predicted.get(i);
          if (i % 4 == 3) {
            continue;
          }
          String actual = ScriptedChurn.outcome(p.row(), p.index());
          int to = (p.member() + 1 + i % 2) % 3;
          outcomes.add(new String[] {p.id(), actual});
          assertThat(report(members.get(to), p.id(), actual)).isEqualTo("JOINED");
          if (i % 5 == 0) {
            assertThat(report(members.get((to + 1) % 3), p.id(), "yes"))
                .isEqualTo("ALREADY_JOINED");
            outcomes.add(new String[] {p.id(), "yes"});
          }
        }
        flush(members);

        List<MonitorSnapshot> expected = singleMonitor(registry, version, predicted, outcomes);
        long lastEnd = predicted.stream().mapToLong(Predicted::paneStart).max().orElseThrow()
            + WINDOW_MILLIS;
        // The fleet's alerts judge the windows once they settled (1 s after their end).
        Awaiting.until(() -> System.currentTimeMillis() > lastEnd + 4_000, 30_000);
        FleetSnapshots fleet = FleetSnapshots.builder(store).registry(registry)
            .driftAnalyzer(MonitoringMember.analyzer())
            .minRowsForDrift(MonitoringMember.MIN_ROWS_FOR_DRIFT).build();
        List<MonitorSnapshot> merged = fleet.closedWindows(ScriptedChurn.MODEL,
            Instant.ofEpochMilli(predicted.get(0).paneStart() - 1),
            Instant.ofEpochMilli(lastEnd));
        assertThat(merged).hasSameSizeAs(expected);
        for (int w = 0; w < merged.size(); w++) {
          assertSameWindow(merged.get(w), expected.get(w));
        }
        assertThat(merged).anyMatch(MonitorSnapshot::datasetDrifted);
        // The instance leading the fleet's alerts judges on its own schedule: a busy machine may
        // delay it past the settle time waited for above.
        Awaiting.until(() -> members.stream().anyMatch(m -> m.output().stream()
            .anyMatch(l -> l.startsWith("ALERT "))), 60_000);
        for (ChildJvm member : members) {
          member.closeInput();
          assertThat(member.awaitLine("DONE", 60)).as("%s", member.output()).isNotNull();
        }
        List<String> alerts = new ArrayList<>();
        members.forEach(m -> m.output().stream().filter(l -> l.startsWith("ALERT ")).forEach(
            alerts::add));
        assertThat(alerts).as("one notification for the fleet").hasSize(1);
        assertThat(alerts.get(0)).startsWith("ALERT FIRING");
      } finally {
        for (ChildJvm member : members) {
          member.close();
        }
      }
    }
  }

  @Test
  void outcomesReachPredictionsOfAnInstanceThatWasKilledAndRestartedAndCountOnce(
      PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("restart");
    try (JdbcModelRegistry registry = pg.registry(schema).open();
        JdbcMonitorStore store = pg.monitorStore(schema).open()) {
      ScriptedChurn.register(registry, dir);
      ChildJvm predicting = member(pg, schema, "a");
      ChildJvm other = member(pg, schema, "b");
      ChildJvm restarted = null;
      try {
        assertThat(predicting.awaitLine("READY", 180)).as("%s", predicting.output()).isNotNull();
        predicting.send("predict 7 20 0");
        List<Predicted> predicted = collect(predicting, 7, 0, 0, 20);
        flush(List.of(predicting));
        predicting.kill();

        restarted = member(pg, schema, "a-restarted");
        assertThat(restarted.awaitLine("READY", 180)).as("%s", restarted.output()).isNotNull();
        assertThat(other.awaitLine("READY", 180)).as("%s", other.output()).isNotNull();
        for (int i = 0; i < predicted.size(); i++) {
          ChildJvm to = i % 2 == 0 ? other : restarted;
          assertThat(report(to, predicted.get(i).id(), "yes")).isEqualTo("JOINED");
        }
        for (Predicted p : predicted) {
          assertThat(report(restarted, p.id(), "no")).isEqualTo("ALREADY_JOINED");
        }
        flush(List.of(other, restarted));

        long first = predicted.stream().mapToLong(Predicted::paneStart).min().orElseThrow();
        long last = predicted.stream().mapToLong(Predicted::paneStart).max().orElseThrow();
        Awaiting.until(() -> System.currentTimeMillis() > last + WINDOW_MILLIS, 30_000);
        List<MonitorSnapshot> windows = FleetSnapshots.builder(store).registry(registry).build()
            .closedWindows(ScriptedChurn.MODEL, Instant.ofEpochMilli(first - 1),
                Instant.ofEpochMilli(last + WINDOW_MILLIS));
        assertThat(windows.stream().mapToLong(MonitorSnapshot::predictions).sum()).isEqualTo(20);
        OutcomeCounts total = windows.stream().map(MonitorSnapshot::outcomes).reduce(
            OutcomeCounts.none(), (a, b) -> new OutcomeCounts(a.joined() + b.joined(),
                a.duplicates() + b.duplicates(), a.unknown() + b.unknown(),
                a.expired() + b.expired(), a.pending() + b.pending()));
        assertThat(total).isEqualTo(new OutcomeCounts(20, 20, 0, 0, 0));
      } finally {
        predicting.close();
        other.close();
        if (restarted != null) {
          restarted.close();
        }
      }
    }
  }

  /** Waits until just after the start of the next window (the members' clocks are this one). */
  private static void awaitWindowStart() throws InterruptedException {
    long now = System.currentTimeMillis();
    Thread.sleep(WINDOW_MILLIS - Math.floorMod(now, WINDOW_MILLIS) + 5);
  }

  private static ChildJvm member(PostgresCluster pg, String schema, String name)
      throws IOException {
    return ChildJvm.start(MonitoringMember.class, CHILD_OPTIONS, pg.jdbcUrl(), schema, name,
        Long.toString(WINDOW_MILLIS));
  }

  private static void flush(List<ChildJvm> members) throws IOException, InterruptedException {
    for (ChildJvm member : members) {
      member.send("flush");
      assertThat(member.awaitLine("FLUSHED", 60)).as("%s", member.output()).isNotNull();
    }
  }

  private static List<Predicted> collect(ChildJvm member, long seed, double shift, int index,
      int count) throws InterruptedException {
    List<Predicted> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String line = member.awaitLine("ID ", 60);
      assertThat(line).as("%s", member.output()).isNotNull();
      String[] parts = line.split(" ");
      rows.add(new Predicted(seed, shift, Integer.parseInt(parts[1]), parts[2],
          Long.parseLong(parts[3]), index));
    }
    assertThat(member.awaitLine("PREDICTED", 60)).isNotNull();
    return rows;
  }

  private static String report(ChildJvm member, String id, String actual)
      throws IOException, InterruptedException {
    member.send("outcome " + id + " " + actual);
    String line = member.awaitLine("OUTCOME " + id + " ", 60);
    assertThat(line).as("%s", member.output()).isNotNull();
    return line.substring(line.lastIndexOf(' ') + 1);
  }

  /**
   * One monitor fed every row in the window its member placed it in, and every outcome; it reads
   * the same stored reference profile (a sketch built twice would compact differently).
   */
  private static List<MonitorSnapshot> singleMonitor(JdbcModelRegistry registry,
      ModelVersion version, List<Predicted> predicted, List<String[]> outcomes) {
    SettableClock clock = new SettableClock();
    clock.at = predicted.get(0).paneStart();
    ModelMonitor single = ModelMonitor.builder().clock(clock)
        .tumblingWindow(Duration.ofMillis(WINDOW_MILLIS)).driftAnalyzer(MonitoringMember.analyzer())
        .minRowsForDrift(MonitoringMember.MIN_ROWS_FOR_DRIFT).registry(registry).build();
    Predictor<Map<String, Object>, Prediction> predictor =
        single.wrap(new ScriptedChurn(version, "single-"));
    Map<String, String> singleId = new HashMap<>();
    List<Predicted> ordered = new ArrayList<>(predicted);
    ordered.sort(Comparator.comparingLong(Predicted::paneStart));
    for (Predicted p : ordered) {
      clock.at = p.paneStart() + 1;
      singleId.put(p.id(), predictor.predict(p.row()).predictionId());
    }
    for (String[] outcome : outcomes) {
      single.recordOutcome(singleId.get(outcome[0]), outcome[1]);
    }
    clock.at = ordered.get(ordered.size() - 1).paneStart() + WINDOW_MILLIS + 1;
    single.closeElapsedWindows();
    return single.closedWindows();
  }

  private static void assertSameWindow(MonitorSnapshot fleet, MonitorSnapshot single) {
    assertThat(fleet.windowStart()).isEqualTo(single.windowStart());
    assertThat(fleet.predictions()).isEqualTo(single.predictions());
    assertThat(fleet.sampledRows()).isEqualTo(single.sampledRows());
    assertThat(fleet.latency()).isEqualTo(single.latency());
    assertThat(fleet.outcomes()).isEqualTo(single.outcomes());
    assertThat(fleet.metrics().keySet()).isEqualTo(single.metrics().keySet());
    fleet.metrics().forEach((metric, value) ->
        assertThat(value).as(metric).isCloseTo(single.metrics().get(metric), within(1e-12)));
    assertThat(fleet.datasetDrifted()).isEqualTo(single.datasetDrifted());
    if (single.drift() == null) {
      // Too few rows in this window, as the timing of the traffic fell.
      assertThat(fleet.drift()).isNull();
      return;
    }
    assertThat(fleet.drift()).isNotNull();
    for (FeatureDrift feature : fleet.drift().features()) {
      assertThat(feature.result().statistic()).as(feature.feature()).isCloseTo(
          single.drift().feature(feature.feature()).orElseThrow().result().statistic(),
          within(1e-12));
    }
  }

  /** A clock the test sets, for the single monitor that replays the fleet's traffic. */
  private static final class SettableClock extends Clock {
    long at;

    @Override
    public long millis() {
      return at;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(at);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
