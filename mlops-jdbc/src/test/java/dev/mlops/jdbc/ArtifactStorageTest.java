package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistryStorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifact bytes: chunked in the database, or in an external file store; verified on read. */
@RequiresPostgres
class ArtifactStorageTest {

  @TempDir Path tmp;

  @Test
  void aMultiMegabyteArtifactIsStoredInOneMebibyteChunksAndReadBackIdentically(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("chunks");
    Path big = Artifacts.randomFile(tmp, "weights.bin", (5L << 20) + 123, 1);
    try (JdbcModelRegistry registry = pg.registry(schema).open()) {
      ModelVersion v = registry.register(Artifacts.request("m", big));
      assertThat(OutageTest.count(pg, schema + ".artifact_chunks")).isEqualTo(6);
      assertThat(maxChunk(pg, schema)).isEqualTo(1 << 20);
      try (ModelArtifact a = registry.openArtifact("m", v.version())) {
        assertThat(Files.mismatch(a.file("weights.bin"), big)).isEqualTo(-1L);
      }
    }
  }

  @Test
  void anArtifactLargerThanTheHeapIsRegisteredAndReadBackByAProcessWithASmallHeap(
      PostgresCluster pg) throws Exception {
    String schema = PostgresCluster.newSchema("heap");
    Path big = Artifacts.randomFile(tmp, "weights.bin", 48L << 20, 2);
    try (ChildJvm child = ChildJvm.start(List.of("-Xmx32m"), "roundtrip", pg.jdbcUrl(), schema,
        big.toString())) {
      assertThat(child.await(300)).as("%s", child.output()).isZero();
      assertThat(child.output()).anyMatch(l -> l.startsWith("OK " + (48L << 20) + " "));
    }
  }

  @Test
  void aCorruptedMiddleChunkIsDetectedOnReadAndNoCopyIsLeftBehind(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("corrupt");
    Path big = Artifacts.randomFile(tmp, "weights.bin", 3L << 20, 3);
    try (JdbcModelRegistry registry = pg.registry(schema).open()) {
      registry.register(Artifacts.request("m", big));
      pg.execute("UPDATE " + schema + ".artifact_chunks SET data = set_byte(data, 4096,"
          + " (get_byte(data, 4096) + 1) % 256) WHERE chunk_no = 1");
      long before = tempCopies();
      assertThatThrownBy(() -> registry.openArtifact("m", 1))
          .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("weights.bin")
          .hasMessageContaining("SHA-256");
      assertThat(tempCopies()).isEqualTo(before);

      pg.execute("DELETE FROM " + schema + ".artifact_chunks WHERE chunk_no = 2");
      assertThatThrownBy(() -> registry.openArtifact("m", 1))
          .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("size");
    }
  }

  @Test
  void withAnExternalStoreOnlyTheReferenceAndChecksumAreInTheDatabase(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("external");
    Path store = tmp.resolve("store");
    Path file = Artifacts.file(tmp, "external weights");
    try (JdbcModelRegistry registry = pg.registry(schema).artifactStore(store.toUri()).open()) {
      ModelVersion v = registry.register(Artifacts.request("m", file));
      assertThat(OutageTest.count(pg, schema + ".artifact_chunks")).isZero();
      Path stored = store.resolve("sha256").resolve(v.artifacts().get(0).sha256().substring(0, 2))
          .resolve(v.artifacts().get(0).sha256());
      assertThat(stored).hasContent("external weights");
      try (ModelArtifact a = registry.openArtifact("m", 1)) {
        assertThat(a.file(v.artifacts().get(0).path())).hasContent("external weights");
      }
      Files.writeString(stored, "tampered weights");
      assertThatThrownBy(() -> registry.openArtifact("m", 1))
          .isInstanceOf(ArtifactIntegrityException.class);
      Files.delete(stored);
      assertThatThrownBy(() -> registry.openArtifact("m", 1))
          .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("missing");
    }
    try (JdbcModelRegistry withoutStore = pg.registry(schema).open()) {
      assertThatThrownBy(() -> withoutStore.openArtifact("m", 1))
          .isInstanceOf(RegistryStorageException.class).hasMessageContaining("artifactStore");
    }
  }

  private static long maxChunk(PostgresCluster pg, String schema) throws Exception {
    try (var c = pg.connect(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT max(length(data)) FROM " + schema + ".artifact_chunks")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long tempCopies() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("mlops-jdbc-")).count();
    }
  }
}
