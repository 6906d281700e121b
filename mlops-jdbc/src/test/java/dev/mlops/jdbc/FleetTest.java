package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several registry instances, in this JVM and in others, sharing one database. */
@RequiresPostgres
class FleetTest {

  @TempDir Path tmp;

  @Test
  void registrationsFromManyThreadsOfSeveralInstancesGetDistinctIncreasingVersionsNoneLost(
      PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("fleet");
    int instances = 3;
    int threads = 4;
    int each = 5;
    List<JdbcModelRegistry> fleet = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      fleet.add(pg.registry(schema).open());
    }
    ExecutorService pool = Executors.newFixedThreadPool(instances * threads);
    try {
      List<Future<List<int[]>>> results = new ArrayList<>();
      for (int i = 0; i < instances * threads; i++) {
        JdbcModelRegistry registry = fleet.get(i % instances);
        int writer = i;
        results.add(pool.submit(() -> {
          List<int[]> mine = new ArrayList<>();
          for (int n = 0; n < each; n++) {
            Path f = Artifacts.file(tmp, writer + ":" + n);
            mine.add(new int[] {registry.register(Artifacts.request("shared", f)).version(),
                writer * 1000 + n});
          }
          return mine;
        }));
      }
      List<int[]> all = new ArrayList<>();
      for (Future<List<int[]>> r : results) {
        List<int[]> mine = r.get(5, TimeUnit.MINUTES);
        // Each writer's own versions increase: a later registration never gets a lower number.
        assertThat(mine.stream().mapToInt(v -> v[0]).toArray()).isSorted();
        all.addAll(mine);
      }
      int total = instances * threads * each;
      assertThat(all.stream().map(v -> v[0]).toList()).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
      JdbcModelRegistry reader = fleet.get(0);
      assertThat(reader.listVersions("shared", PageRequest.first(1000)).items()).hasSize(total);
      assertThat(reader.getModel("shared").latestVersion()).isEqualTo(total);
      // Every version holds the bytes its writer registered, not another writer's.
      for (int[] v : all.subList(0, 6)) {
        try (ModelArtifact a = reader.openArtifact("shared", v[0])) {
          assertThat(Files.readString(a.file(a.files().get(0).path())))
              .isEqualTo((v[1] / 1000) + ":" + (v[1] % 1000));
        }
      }
    } finally {
      pool.shutdownNow();
      fleet.forEach(JdbcModelRegistry::close);
    }
  }

  @Test
  void twoProcessesOfEightThreadsEachGetDistinctVersionsAllPresent(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("procs");
    // Create the schema first so that the two processes do not both time their start-up on it.
    pg.registry(schema).open().close();
    int perThread = 3;
    try (ChildJvm a = ChildJvm.start(List.of(), "register", pg.jdbcUrl(), schema, "m", "8",
            Integer.toString(perThread), tmp.toString());
        ChildJvm b = ChildJvm.start(List.of(), "register", pg.jdbcUrl(), schema, "m", "8",
            Integer.toString(perThread), tmp.toString())) {
      assertThat(a.await(240)).as("process A: %s", a.output()).isZero();
      assertThat(b.await(240)).as("process B: %s", b.output()).isZero();
      List<Integer> versions = new ArrayList<>();
      for (ChildJvm c : List.of(a, b)) {
        c.output().stream().filter(l -> l.startsWith("VERSION "))
            .forEach(l -> versions.add(Integer.parseInt(l.substring(8))));
      }
      assertThat(versions).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 2 * 8 * perThread)
              .boxed().toList());
      try (JdbcModelRegistry registry = pg.registry(schema).open()) {
        assertThat(registry.listVersions("m", PageRequest.first(1000)).items())
            .extracting(ModelVersion::version).containsExactlyElementsOf(new TreeSet<>(versions));
      }
    }
  }

  @Test
  void anAliasMovedByOneProcessIsSeenByAnotherThroughNotify(PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("notify");
    try (JdbcModelRegistry mover = pg.registry(schema).open()) {
      mover.register(Artifacts.request("m", Artifacts.file(tmp, "1")));
      mover.register(Artifacts.request("m", Artifacts.file(tmp, "2")));
      // The watcher polls only every 10 minutes: seeing the move at all proves the notification.
      try (ChildJvm watcher = ChildJvm.start(List.of(), "watch", pg.jdbcUrl(), schema)) {
        assertThat(watcher.awaitLine("READY", 120)).as("%s", watcher.output()).isNotNull();
        long start = System.nanoTime();
        mover.setAlias("m", "production", 2, AliasPrecondition.absent(), "promote");
        String seen = watcher.awaitLine("ALIAS ", 30);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(seen).as("%s", watcher.output()).isEqualTo("ALIAS production 2");
        System.out.println("Alias move seen by another process after " + millis + " ms");
      }
    }
  }

  @Test
  void afterTheNotificationConnectionIsKilledChangesStillArrive(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("killed");
    try (JdbcModelRegistry a = pg.registry(schema).open();
        JdbcModelRegistry b = pg.registry(schema).open()) {
      a.register(Artifacts.request("m", Artifacts.file(tmp, "1")));
      List<RegistryEvent> seen = new CopyOnWriteArrayList<>();
      b.subscribe(seen::add);
      pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE application_name = 'mlops-registry-listener'");

      a.setAlias("m", "production", 1, AliasPrecondition.absent(), null);

      Awaiting.until(() -> seen.contains(new RegistryEvent.AliasMoved("m", "production", null, 1)));
      // And the listener connection comes back, so notifications resume.
      Awaiting.until(() -> listeners(pg) >= 2);
      a.setAlias("m", "staging", 1, AliasPrecondition.absent(), null);
      Awaiting.until(() -> seen.contains(new RegistryEvent.AliasMoved("m", "staging", null, 1)));
      assertThat(seen).filteredOn(e -> e instanceof RegistryEvent.AliasMoved).hasSize(2);
    }
  }

  private static int listeners(PostgresCluster pg) {
    try (var c = pg.connect(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
            + " WHERE application_name = 'mlops-registry-listener'")) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

}
