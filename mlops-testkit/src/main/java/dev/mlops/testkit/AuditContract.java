package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.InvalidNameException;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.VersionConflictException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The audit log: one entry per mutation, with what changed; none for no-ops and failures. */
abstract class AuditContract extends ContractGroup {

  AuditContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void anEmptyRegistryHasAnEmptyLog() {
    Page<AuditEntry> page = registry().auditLog(null, PageRequest.first());

    assertThat(page.items()).isEmpty();
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void everyMutationAppendsExactlyOneEntryRecordingWhatChanged() {
    List<Runnable> mutations = List.of(
        () -> register("churn"),
        () -> register("churn"),
        () -> registry().setModelTag("churn", "owner", "ana"),
        () -> registry().setModelTag("churn", "owner", "bo"),
        () -> registry().deleteModelTag("churn", "owner"),
        () -> registry().setVersionTag("churn", 1, "stage", "approved"),
        () -> registry().deleteVersionTag("churn", 1, "stage"),
        () -> registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), "first release"),
        () -> registry().setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "promote"),
        () -> registry().deleteAlias("churn", "production", AliasPrecondition.any(), "retire"),
        () -> registry().archiveVersion("churn", 1, "superseded"));
    for (int i = 0; i < mutations.size(); i++) {
      mutations.get(i).run();
      assertThat(auditLog()).as("entries after mutation " + (i + 1)).hasSize(i + 1);
    }

    List<AuditEntry> log = auditLog();
    assertThat(log).extracting(AuditEntry::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
    assertThat(log).extracting(AuditEntry::modelName).containsOnly("churn");
    assertThat(log).extracting(AuditEntry::action, AuditEntry::version, AuditEntry::key,
            AuditEntry::before, AuditEntry::after)
        .containsExactly(
            tuple(AuditAction.REGISTER_VERSION, 1, null, null, "1"),
            tuple(AuditAction.REGISTER_VERSION, 2, null, null, "2"),
            tuple(AuditAction.SET_TAG, null, "owner", null, "ana"),
            tuple(AuditAction.SET_TAG, null, "owner", "ana", "bo"),
            tuple(AuditAction.DELETE_TAG, null, "owner", "bo", null),
            tuple(AuditAction.SET_TAG, 1, "stage", null, "approved"),
            tuple(AuditAction.DELETE_TAG, 1, "stage", "approved", null),
            tuple(AuditAction.SET_ALIAS, log.get(7).version(), "production", null, "1"),
            tuple(AuditAction.SET_ALIAS, log.get(8).version(), "production", "1", "2"),
            tuple(AuditAction.DELETE_ALIAS, log.get(9).version(), "production", "2", null),
            tuple(AuditAction.ARCHIVE_VERSION, 1, null, "READY", "ARCHIVED"));
    assertThat(log.subList(7, 11)).extracting(AuditEntry::reason)
        .containsExactly("first release", "promote", "retire", "superseded");
    assertThat(log).extracting(AuditEntry::actor).allSatisfy(a -> assertThat(a).isNotBlank());
  }

  @Test
  void timestampsFollowTheSequenceAndMatchWhatTheyDescribe() {
    ModelVersion v1 = register("churn");
    registry().setModelTag("churn", "owner", "ana");
    ModelVersion v2 = register("churn");
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);

    List<AuditEntry> log = auditLog();
    for (int i = 1; i < log.size(); i++) {
      assertThat(log.get(i).timestamp()).isAfterOrEqualTo(log.get(i - 1).timestamp());
    }
    assertThat(log.get(0).timestamp()).isEqualTo(v1.createdAt());
    assertThat(log.get(2).timestamp()).isEqualTo(v2.createdAt());
    assertThat(registry().getModel("churn").createdAt()).isEqualTo(v1.createdAt());
    assertThat(registry().getModel("churn").updatedAt()).isEqualTo(log.get(3).timestamp());
    assertThat(log).extracting(AuditEntry::actor).containsOnly(v1.createdBy());
  }

  @Test
  void theModelsUpdateTimeIsThatOfItsLatestEntry() {
    register("churn");
    register("fraud");
    List<Runnable> mutations = List.of(
        () -> register("churn"),
        () -> registry().setModelTag("churn", "owner", "ana"),
        () -> registry().setVersionTag("churn", 2, "stage", "approved"),
        () -> registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null),
        () -> registry().archiveVersion("churn", 1, null),
        () -> registry().deleteVersionTag("churn", 2, "stage"),
        () -> registry().deleteAlias("churn", "production", AliasPrecondition.any(), null),
        () -> registry().deleteModelTag("churn", "owner"));
    for (Runnable mutation : mutations) {
      mutation.run();
      List<AuditEntry> churn = auditLog("churn");
      assertThat(registry().getModel("churn").updatedAt())
          .isEqualTo(churn.get(churn.size() - 1).timestamp());
    }
    assertThat(registry().getModel("fraud").updatedAt())
        .isEqualTo(auditLog("fraud").get(0).timestamp());
  }

  @Test
  void operationsThatChangeNothingAppendNothing() {
    register("churn");
    register("churn");
    registry().setModelTag("churn", "owner", "ana");
    registry().setVersionTag("churn", 1, "stage", "approved");
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    registry().archiveVersion("churn", 1, null);
    List<AuditEntry> before = auditLog();

    registry().setModelTag("churn", "owner", "ana");
    registry().setVersionTag("churn", 1, "stage", "approved");
    registry().deleteModelTag("churn", "never-set");
    registry().deleteVersionTag("churn", 2, "never-set");
    registry().setAlias("churn", "production", 2, AliasPrecondition.any(), null);
    registry().archiveVersion("churn", 1, null);

    assertThat(auditLog()).isEqualTo(before);
  }

  @Test
  void failedOperationsAppendNothing() {
    register("churn");
    register("churn");
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    registry().archiveVersion("churn", 1, null);
    List<AuditEntry> before = auditLog();

    thrownBy(VersionConflictException.class,
        () -> registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null));
    thrownBy(VersionConflictException.class,
        () -> registry().deleteAlias("churn", "production", AliasPrecondition.pointsTo(1), null));
    thrownBy(ModelStateException.class,
        () -> registry().setAlias("churn", "staging", 1, AliasPrecondition.any(), null));
    thrownBy(ModelStateException.class, () -> registry().archiveVersion("churn", 2, null));
    thrownBy(ModelNotFoundException.class, () -> registry().setModelTag("fraud", "k", "v"));
    thrownBy(ModelNotFoundException.class,
        () -> registry().deleteAlias("churn", "staging", AliasPrecondition.any(), null));
    thrownBy(InvalidNameException.class, () -> registry().setModelTag("churn", "bad key", "v"));
    thrownBy(InvalidArtifactException.class, () -> registry().register(RegistrationRequest
        .builder("churn").artifact(fixture().newDirectory()).format(ModelFormat.ONNX).build()));

    assertThat(auditLog()).isEqualTo(before);
  }

  @Test
  void theLogCanBeLimitedToOneModel() {
    register("churn");
    register("fraud");
    registry().setModelTag("churn", "owner", "ana");
    registry().setModelTag("fraud", "owner", "bo");
    register("churn");

    List<AuditEntry> churn = auditLog("churn");
    assertThat(churn).extracting(AuditEntry::sequence).containsExactly(1L, 3L, 5L);
    assertThat(churn).extracting(AuditEntry::modelName).containsOnly("churn");
    assertThat(auditLog("fraud")).extracting(AuditEntry::sequence).containsExactly(2L, 4L);
    assertThat(registry().auditLog("unknown-model", PageRequest.first()).items()).isEmpty();
  }

  @Test
  void theLogIsPagedInSequenceOrder() {
    registerVersions("churn", 4);
    registerVersions("fraud", 3);
    List<Long> all = LongStream.rangeClosed(1, 7).boxed().toList();
    List<Long> churn = List.of(1L, 2L, 3L, 4L);

    for (int limit : new int[] {1, 2, 3, 4, 7, 8}) {
      PagingContract.assertPaged(p -> registry().auditLog(null, p), limit, all, AuditEntry::sequence);
      PagingContract.assertPaged(p -> registry().auditLog("churn", p), limit, churn, AuditEntry::sequence);
    }
  }

  @Test
  void pagingTheLogSeesEntriesAppendedMeanwhile() {
    registerVersions("churn", 3);
    Page<AuditEntry> first = registry().auditLog(null, PageRequest.first(2));
    registerVersions("churn", 2);

    List<Long> rest = pagesFrom(p -> registry().auditLog(null, p),
        PageRequest.first(2).next(nextToken(first)))

        .stream().flatMap(p -> p.items().stream()).map(AuditEntry::sequence).toList();

    assertThat(rest).containsExactly(3L, 4L, 5L);
  }
}
