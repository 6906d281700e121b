package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Time and actor: timestamps come from the registry's clock and the actor from its options. All but
 * the default-actor test run only for implementations that override
 * {@link ModelRegistryContract#createRegistry(java.time.Clock, String)}.
 */
abstract class ClockAndActorContract extends ContractGroup {

  private static final Instant START = Instant.parse("2030-03-04T05:06:07.123Z");

  ClockAndActorContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void timestampsComeFromTheRegistrysClock() {
    ManualClock clock = new ManualClock(START);
    ModelRegistry r = fixture().registryWith(clock, "alice");

    ModelVersion v = r.register(request("churn").build());
    Instant later = clock.advance(Duration.ofMinutes(5));
    r.setModelTag("churn", "owner", "ana");

    assertThat(v.createdAt()).isEqualTo(START);
    assertThat(r.getVersion("churn", 1).createdAt()).isEqualTo(START);
    RegisteredModel model = r.getModel("churn");
    assertThat(model.createdAt()).isEqualTo(START);
    assertThat(model.updatedAt()).isEqualTo(later);
    assertThat(r.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::timestamp)
        .containsExactly(START, later);
  }

  @Test
  void theModelsUpdateTimeMovesWithEveryKindOfChangeAndOnlyThen() {
    ManualClock clock = new ManualClock(START);
    ModelRegistry r = fixture().registryWith(clock, "alice");
    r.register(request("churn").build());
    r.register(request("fraud").build());
    List<Consumer<ModelRegistry>> changes = List.of(
        x -> x.register(request("churn").build()),
        x -> x.setModelTag("churn", "owner", "ana"),
        x -> x.setVersionTag("churn", 1, "stage", "old"),
        x -> x.setAlias("churn", "production", 2, AliasPrecondition.absent(), null),
        x -> x.archiveVersion("churn", 1, null),
        x -> x.deleteAlias("churn", "production", AliasPrecondition.any(), null),
        x -> x.deleteVersionTag("churn", 1, "stage"),
        x -> x.deleteModelTag("churn", "owner"));
    List<Consumer<ModelRegistry>> noOps = List.of(
        x -> x.deleteModelTag("churn", "owner"),
        x -> x.archiveVersion("churn", 1, null));

    for (Consumer<ModelRegistry> change : changes) {
      Instant now = clock.advance(Duration.ofSeconds(30));
      change.accept(r);
      assertThat(r.getModel("churn").updatedAt()).isEqualTo(now);
    }
    Instant lastChange = clock.instant();
    for (Consumer<ModelRegistry> noOp : noOps) {
      clock.advance(Duration.ofSeconds(30));
      noOp.accept(r);
      assertThat(r.getModel("churn").updatedAt()).isEqualTo(lastChange);
    }
    assertThat(r.getModel("fraud").updatedAt()).isEqualTo(START);
  }

  @Test
  void theActorIsRecordedAsCreatorAndInTheAuditLog() {
    ModelRegistry r = fixture().registryWith(new ManualClock(START), "release-bot");

    ModelVersion v = r.register(request("churn").build());
    r.setAlias("churn", "production", 1, AliasPrecondition.absent(), "ship it");

    assertThat(v.createdBy()).isEqualTo("release-bot");
    assertThat(r.getVersion("churn", 1).createdBy()).isEqualTo("release-bot");
    assertThat(r.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::actor)
        .containsExactly("release-bot", "release-bot");
  }

  @Test
  void withoutAnActorTheOperatingSystemUserIsRecorded() {
    ModelVersion v = register("churn");

    assertThat(v.createdBy()).isEqualTo(System.getProperty("user.name"));
    assertThat(auditLog()).extracting(AuditEntry::actor).containsExactly(System.getProperty("user.name"));
  }
}
