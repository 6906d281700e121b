package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelRegistries#copy} between a file registry and a PostgreSQL registry, both ways. */
@RequiresPostgres
class RegistryCopyTest {

  @TempDir Path tmp;

  @Test
  void aVersionCopiedFromAFileRegistryIntoPostgresAndBackArrivesWholeAndRecordedWithoutThePassword(
      PostgresCluster pg) throws Exception {
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("model.onnx"), "weights");
    Files.write(model.resolve("tokenizer.bin"), new byte[] {0, 1, 2, (byte) 255});
    ModelSignature signature = ModelSignature.of(List.of(FieldSpec.scalar("age", DataType.FLOAT64)),
        List.of(FieldSpec.scalar("churn", DataType.FLOAT32))).withInputExample(List.of(Map.of("age", 41.5)));
    // Trust authentication ignores the password, which must still never be recorded: the JDBC
    // registry takes it out of its location altogether.
    URI withPassword = URI.create(pg.jdbcUrl() + "?password=s3cret");
    try (FileModelRegistry dev = FileModelRegistry.builder().root(tmp.resolve("dev")).pollInterval(Duration.ZERO)
            .open();
        ModelRegistry prod = ModelRegistries.open(withPassword,
            Map.of("user", "postgres", "schema", PostgresCluster.newSchema("copy"), "actor", "release"));
        FileModelRegistry mirror = FileModelRegistry.builder().root(tmp.resolve("mirror"))
            .pollInterval(Duration.ZERO).open()) {
      ModelVersion original = dev.register(RegistrationRequest.builder("churn").artifact(model)
          .format(ModelFormat.of("opaque")).signature(signature).metric("auc", 0.91).param("epochs", "20")
          .tag("team", "risk").lineage(Lineage.builder().datasetFingerprint("abc").seed(7).build()).build());

      ModelVersion released = ModelRegistries.copy(dev, original.uri(), prod, "production", AliasPrecondition.absent());

      assertThat(released.createdBy()).isEqualTo("release");
      assertThat(released.aliases()).containsExactly("production");
      assertThat(released.artifacts()).isEqualTo(original.artifacts());
      assertThat(released.signature()).isEqualTo(signature);
      assertThat(released).extracting(ModelVersion::metrics, ModelVersion::params)
          .containsExactly(original.metrics(), original.params());
      assertThat(released.lineage().seed()).isEqualTo(7L);
      assertThat(released.lineage().properties())
          .containsEntry(ModelRegistries.LINEAGE_COPIED_FROM_REGISTRY, dev.location().toString());
      try (ModelArtifact artifact = prod.openArtifact("churn", released.version())) {
        assertThat(Files.readAllBytes(artifact.file("tokenizer.bin"))).containsExactly(0, 1, 2, 255);
      }
      List<AuditEntry> prodAudit = prod.auditLog("churn", PageRequest.first()).items();
      assertThat(prodAudit).extracting(AuditEntry::action).containsExactly(AuditAction.REGISTER_VERSION,
          AuditAction.SET_TAG, AuditAction.SET_ALIAS);
      assertThat(dev.getVersion("churn", 1).tags().get(ModelRegistries.TAG_COPIED_TO))
          .isEqualTo(pg.jdbcUrl() + " models:/churn/1");

      ModelVersion mirrored = ModelRegistries.copy(prod, released.uri(), mirror);

      assertThat(mirrored.artifacts()).isEqualTo(original.artifacts());
      assertThat(mirrored.tags()).containsEntry("team", "risk")
          .containsEntry(ModelRegistries.TAG_COPIED_FROM, pg.jdbcUrl() + " models:/churn/1");
      assertThat(mirrored.lineage().properties())
          .containsEntry(ModelRegistries.LINEAGE_COPIED_FROM_REGISTRY, pg.jdbcUrl());
      assertThat(prod.auditLog("churn", PageRequest.first()).items()).last()
          .extracting(AuditEntry::key, AuditEntry::after)
          .containsExactly(ModelRegistries.TAG_COPIED_TO, mirror.location() + " models:/churn/1");
    }
  }
}
