package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Archiving versions: what changes, what stays readable, and what is refused. */
abstract class ArchiveContract extends ContractGroup {

  ArchiveContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void anArchivedVersionStaysReadableByNumber() {
    ModelVersion published = register("churn", b -> b.metric("auc", 0.8).tag("stage", "old"));
    register("churn");

    ModelVersion archived = registry().archiveVersion("churn", 1, "superseded");

    assertThat(archived.status()).isEqualTo(ModelVersionStatus.ARCHIVED);
    assertThat(archived)
        .isEqualTo(published.withState(published.tags(), ModelVersionStatus.ARCHIVED, Set.of()));
    assertThat(registry().getVersion("churn", 1)).isEqualTo(archived);
    assertThat(registry().resolve("models:/churn/1")).isEqualTo(archived);
  }

  @Test
  void archivingAnArchivedVersionChangesNothing() {
    registerVersions("churn", 2);
    ModelVersion archived = registry().archiveVersion("churn", 1, null);
    List<AuditEntry> auditBefore = auditLog();
    var modelBefore = registry().getModel("churn");

    assertThat(registry().archiveVersion("churn", 1, "again")).isEqualTo(archived);

    assertThat(auditLog()).isEqualTo(auditBefore);
    assertThat(registry().getModel("churn")).isEqualTo(modelBefore);
  }

  @Test
  void aVersionThatAnAliasPointsToCannotBeArchived() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    registry().setAlias("churn", "shadow", 2, AliasPrecondition.absent(), null);

    ModelStateException e = thrownBy(ModelStateException.class,
        () -> registry().archiveVersion("churn", 2, null));

    assertThat(e.getMessage()).contains("churn", "2", "production", "shadow");
    assertThat(registry().getVersion("churn", 2).status()).isEqualTo(ModelVersionStatus.READY);
  }

  @Test
  void aVersionCanBeArchivedOnceItsAliasesHaveMoved() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    registry().setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), null);

    assertThat(registry().archiveVersion("churn", 1, null).status()).isEqualTo(ModelVersionStatus.ARCHIVED);
  }

  @Test
  void archivingAMissingVersionOrModelIsNotFound() {
    register("churn");

    assertThat(thrownBy(ModelNotFoundException.class, () -> registry().archiveVersion("churn", 3, null))
        .reference()).contains("3");
    assertThat(thrownBy(ModelNotFoundException.class, () -> registry().archiveVersion("fraud", 1, null))
        .reference()).isNull();
  }

  @Test
  void archivingEveryVersionKeepsTheModelListed() {
    registerVersions("churn", 2);
    registry().archiveVersion("churn", 1, null);
    registry().archiveVersion("churn", 2, null);

    assertThat(registry().getModel("churn").latestVersion()).isEqualTo(2);
    assertThat(versions("churn")).extracting(ModelVersion::status)
        .containsOnly(ModelVersionStatus.ARCHIVED);
    assertThat(register("churn").version()).isEqualTo(3);
  }
}
