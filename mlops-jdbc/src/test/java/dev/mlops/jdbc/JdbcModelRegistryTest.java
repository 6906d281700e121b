package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.VersionConflictException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresPostgres
class JdbcModelRegistryTest {

  @TempDir Path tmp;
  private PostgresCluster pg;
  private JdbcModelRegistry registry;

  @BeforeEach
  void open(PostgresCluster cluster) {
    pg = cluster;
    registry = pg.registry(PostgresCluster.newSchema("basic")).actor("alice").open();
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void registeringStoresMetadataAndArtifactThatReadBackIdentically() throws Exception {
    ModelSignature signature = ModelSignature.of(
        List.of(FieldSpec.scalar("age", DataType.FLOAT64), FieldSpec.categorical("plan", List.of("a", "b"))),
        List.of(FieldSpec.scalar("churn", DataType.FLOAT32).withCategories(List.of("no", "yes"))))
        .withInputExample(List.of(Map.of("age", 41.5, "plan", "a")));
    Lineage lineage = Lineage.builder().datasetFingerprint("abc").codeVersion("g123").seed(7)
        .trainingTime(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"))
        .environment("jvm", "17").property("note", "x").build();
    RegistrationRequest request = RegistrationRequest.builder("churn")
        .artifact(Artifacts.file(tmp, "weights")).format(Artifacts.OPAQUE).signature(signature)
        .metric("auc", 0.91).param("epochs", "20").tag("team", "risk").lineage(lineage)
        .description("first").build();

    ModelVersion published = registry.register(request);

    assertThat(published.version()).isEqualTo(1);
    assertThat(published.createdBy()).isEqualTo("alice");
    assertThat(registry.getVersion("churn", 1)).isEqualTo(published);
    assertThat(published.signature()).isEqualTo(signature);
    assertThat(published.lineage()).isEqualTo(lineage);
    assertThat(published.metrics()).isEqualTo(Map.of("auc", 0.91));
    try (ModelArtifact artifact = registry.openArtifact("churn", 1)) {
      Path file = artifact.file(published.artifacts().get(0).path());
      assertThat(Files.readString(file)).isEqualTo("weights");
    }
  }

  @Test
  void openedThroughTheProviderWithOptionsAndUnknownOptionsAreRejected() {
    String schema = PostgresCluster.newSchema("spi");
    try (ModelRegistry r = ModelRegistries.open(URI.create(pg.jdbcUrl()),
        Map.of("user", "postgres", "schema", schema, "pollInterval", "250ms", "actor", "bob"))) {
      r.register(Artifacts.request("m", Artifacts.file(tmp, "x")));
      assertThat(r.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::actor)
          .containsExactly("bob");
    }
    assertThatThrownBy(() -> ModelRegistries.open(URI.create(pg.jdbcUrl()), Map.of("colour", "red")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("colour").hasMessageContaining("poolSize").hasMessageContaining("schema");
  }

  @Test
  void aliasesAreCompareAndSetAndAudited() {
    registry.register(Artifacts.request("m", Artifacts.file(tmp, "1")));
    registry.register(Artifacts.request("m", Artifacts.file(tmp, "2")));

    assertThat(registry.setAlias("m", "prod", 1, AliasPrecondition.absent(), "first")).isEmpty();
    assertThatThrownBy(() -> registry.setAlias("m", "prod", 2, AliasPrecondition.absent(), null))
        .isInstanceOf(VersionConflictException.class);
    assertThat(registry.setAlias("m", "prod", 2, AliasPrecondition.pointsTo(1), null)).hasValue(1);
    assertThat(registry.resolve("models:/m@prod").version()).isEqualTo(2);
    assertThatThrownBy(() -> registry.archiveVersion("m", 2, null))
        .isInstanceOf(ModelStateException.class).hasMessageContaining("'prod'");
    registry.archiveVersion("m", 1, "old");
    assertThatThrownBy(() -> registry.setAlias("m", "prod", 1, AliasPrecondition.any(), null))
        .isInstanceOf(ModelStateException.class);
    assertThat(registry.deleteAlias("m", "prod", AliasPrecondition.pointsTo(2), null)).isEqualTo(2);
    assertThatThrownBy(() -> registry.deleteAlias("m", "prod", AliasPrecondition.any(), null))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("alias 'prod'");

    assertThat(registry.auditLog("m", PageRequest.first()).items()).extracting(AuditEntry::action)
        .containsExactly(AuditAction.REGISTER_VERSION, AuditAction.REGISTER_VERSION,
            AuditAction.SET_ALIAS, AuditAction.SET_ALIAS, AuditAction.ARCHIVE_VERSION,
            AuditAction.DELETE_ALIAS);
    assertThat(registry.auditLog("m", PageRequest.first()).items().get(3))
        .extracting(AuditEntry::before, AuditEntry::after).containsExactly("1", "2");
  }

  @Test
  void pagesFollowOneAnotherAndForeignTokensAreRejected() {
    for (int i = 0; i < 5; i++) {
      registry.register(Artifacts.request("m", Artifacts.file(tmp, "v" + i)));
    }
    var first = registry.listVersions("m", PageRequest.first(2));
    var second = registry.listVersions("m", first.nextRequest(PageRequest.first(2)).orElseThrow());
    var third = registry.listVersions("m", second.nextRequest(PageRequest.first(2)).orElseThrow());
    assertThat(first.items()).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(second.items()).extracting(ModelVersion::version).containsExactly(3, 4);
    assertThat(third.items()).extracting(ModelVersion::version).containsExactly(5);
    assertThat(third.hasNext()).isFalse();
    assertThatThrownBy(() -> registry.listModels(PageRequest.first(2).next(first.nextPageToken())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.listVersions("m", PageRequest.first(2).next("%%%")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void latestSkipsArchivedVersionsAndFailsWhenAllAreArchived() {
    registry.register(Artifacts.request("m", Artifacts.file(tmp, "1")));
    registry.register(Artifacts.request("m", Artifacts.file(tmp, "2")));
    registry.archiveVersion("m", 2, null);
    assertThat(registry.resolve("models:/m/latest").version()).isEqualTo(1);
    registry.archiveVersion("m", 1, null);
    assertThatThrownBy(() -> registry.resolve("models:/m/latest"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("version that is not archived");
    assertThatThrownBy(() -> registry.getModel("nope")).isInstanceOf(ModelNotFoundException.class);
  }
}
