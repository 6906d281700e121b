package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.InvalidNameException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.VersionConflictException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Aliases: compare-and-set moves, the no-op rule, archived targets, deletion and naming. */
abstract class AliasContract extends ContractGroup {

  AliasContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void settingANewAliasPointsItAndReportsThatItDidNotExist() {
    registerVersions("churn", 2);

    OptionalInt previous = registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");

    assertThat(previous).isEmpty();
    assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("production", 1));
    assertThat(registry().resolve("models:/churn@production").version()).isEqualTo(1);
    assertThat(registry().getVersion("churn", 1).aliases()).containsExactly("production");
    assertThat(registry().getVersion("churn", 2).aliases()).isEmpty();
  }

  @Test
  void movingAnAliasReportsWhereItPointedBefore() {
    registerVersions("churn", 3);
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);

    assertThat(registry().setAlias("churn", "production", 3, AliasPrecondition.pointsTo(1), null))
        .hasValue(1);
    assertThat(registry().setAlias("churn", "production", 2, AliasPrecondition.any(), null))
        .hasValue(3);

    assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("production", 2));
    assertThat(registry().getVersion("churn", 1).aliases()).isEmpty();
    assertThat(registry().getVersion("churn", 3).aliases()).isEmpty();
    assertThat(registry().getVersion("churn", 2).aliases()).containsExactly("production");
  }

  @Test
  void theAnyPreconditionHoldsWhetherOrNotTheAliasExists() {
    registerVersions("churn", 2);

    assertThat(registry().setAlias("churn", "production", 1, AliasPrecondition.any(), null)).isEmpty();
    assertThat(registry().setAlias("churn", "production", 2, AliasPrecondition.any(), null)).hasValue(1);
  }

  @Test
  void theAbsentPreconditionFailsOnceTheAliasExistsAndReportsWhereItPoints() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);

    VersionConflictException e = thrownBy(VersionConflictException.class,
        () -> registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null));

    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.alias()).isEqualTo("production");
    assertThat(e.expected()).isEqualTo(AliasPrecondition.absent());
    assertThat(e.actualVersion()).isEqualTo(1);
    assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("production", 1));
  }

  @Test
  void aVersionPreconditionHoldsOnlyWhenTheAliasPointsThere() {
    registerVersions("churn", 3);

    VersionConflictException whenAbsent = thrownBy(VersionConflictException.class,
        () -> registry().setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), null));
    assertThat(whenAbsent.actualVersion()).isNull();
    assertThat(registry().getModel("churn").aliases()).isEmpty();

    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    VersionConflictException whenElsewhere = thrownBy(VersionConflictException.class,
        () -> registry().setAlias("churn", "production", 3, AliasPrecondition.pointsTo(1), null));
    assertThat(whenElsewhere.expected()).isEqualTo(AliasPrecondition.pointsTo(1));
    assertThat(whenElsewhere.actualVersion()).isEqualTo(2);

    assertThat(registry().setAlias("churn", "production", 3, AliasPrecondition.pointsTo(2), null))
        .hasValue(2);
    assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("production", 3));
  }

  @Test
  void pointingAnAliasWhereItAlreadyPointsChangesNothing() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    RegisteredModel before = registry().getModel("churn");
    List<AuditEntry> auditBefore = auditLog();

    assertThat(registry().setAlias("churn", "production", 2, AliasPrecondition.any(), "again"))
        .hasValue(2);
    assertThat(registry().setAlias("churn", "production", 2, AliasPrecondition.pointsTo(2), "again"))
        .hasValue(2);

    assertThat(registry().getModel("churn")).isEqualTo(before);
    assertThat(auditLog()).isEqualTo(auditBefore);
  }

  @Test
  void thePreconditionIsCheckedBeforeTheNoOpRule() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);

    assertThat(thrownBy(VersionConflictException.class,
        () -> registry().setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), null))
        .actualVersion()).isEqualTo(2);
    assertThat(thrownBy(VersionConflictException.class,
        () -> registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null))
        .actualVersion()).isEqualTo(2);
  }

  @Test
  void anAliasCannotPointToAnArchivedVersion() {
    registerVersions("churn", 2);
    registry().archiveVersion("churn", 1, null);

    thrownBy(ModelStateException.class,
        () -> registry().setAlias("churn", "production", 1, AliasPrecondition.any(), null));
    assertThat(registry().getModel("churn").aliases()).isEmpty();

    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    thrownBy(ModelStateException.class,
        () -> registry().setAlias("churn", "production", 1, AliasPrecondition.pointsTo(2), null));
    assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("production", 2));
  }

  @Test
  void anAliasCannotPointToAMissingVersionOrModel() {
    register("churn");

    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().setAlias("churn", "production", 2, AliasPrecondition.any(), null))
        .reference()).contains("2");
    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().setAlias("fraud", "production", 1, AliasPrecondition.any(), null))
        .reference()).isNull();
    assertThat(registry().getModel("churn").aliases()).isEmpty();
  }

  @Test
  void severalAliasesMayPointToOneVersion() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    registry().setAlias("churn", "staging", 2, AliasPrecondition.absent(), null);
    registry().setAlias("churn", "baseline", 1, AliasPrecondition.absent(), null);

    assertThat(registry().getVersion("churn", 2).aliases()).isEqualTo(Set.of("production", "staging"));
    assertThat(registry().getModel("churn").aliases())
        .isEqualTo(Map.of("production", 2, "staging", 2, "baseline", 1));
    assertThat(registry().getModel("churn").aliases().keySet())
        .containsExactly("baseline", "production", "staging");
  }

  @Test
  void aliasesBelongToTheirModel() {
    registerVersions("churn", 2);
    registerVersions("fraud", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);

    assertThat(registry().setAlias("fraud", "production", 1, AliasPrecondition.absent(), null)).isEmpty();
    assertThat(registry().resolve("models:/churn@production").version()).isEqualTo(2);
    assertThat(registry().resolve("models:/fraud@production").version()).isEqualTo(1);
  }

  @Test
  void deletingAnAliasReportsWhereItPointed() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);

    assertThat(registry().deleteAlias("churn", "production", AliasPrecondition.any(), "retired"))
        .isEqualTo(2);

    assertThat(registry().getModel("churn").aliases()).isEmpty();
    assertThat(registry().getVersion("churn", 2).aliases()).isEmpty();
    thrownBy(ModelNotFoundException.class, () -> registry().resolve("models:/churn@production"));
  }

  @Test
  void deletingAnAliasHonoursAVersionPrecondition() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);

    VersionConflictException e = thrownBy(VersionConflictException.class,
        () -> registry().deleteAlias("churn", "production", AliasPrecondition.pointsTo(1), null));
    assertThat(e.actualVersion()).isEqualTo(2);
    assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("production", 2));

    assertThat(registry().deleteAlias("churn", "production", AliasPrecondition.pointsTo(2), null))
        .isEqualTo(2);
    assertThat(registry().getModel("churn").aliases()).isEmpty();
  }

  @Test
  void deletingAMissingAliasNamesIt() {
    register("churn");

    ModelNotFoundException e = thrownBy(ModelNotFoundException.class,
        () -> registry().deleteAlias("churn", "production", AliasPrecondition.any(), null));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).isEqualTo("alias 'production'");

    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().deleteAlias("fraud", "production", AliasPrecondition.any(), null))
        .reference()).isNull();
  }

  @Test
  void deletingCannotExpectTheAliasToBeAbsent() {
    register("churn");
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);

    thrownBy(IllegalArgumentException.class,
        () -> registry().deleteAlias("churn", "production", AliasPrecondition.absent(), null));
    assertThat(registry().getModel("churn").aliases()).isEqualTo(Map.of("production", 1));
  }

  @Test
  void invalidAliasesAreRejected() {
    register("churn");

    for (String alias : List.of("latest", "42", "", "has space", "../up", "a/b", "-x", "x".repeat(129))) {
      for (ThrowingCallable call : List.<ThrowingCallable>of(
          () -> registry().setAlias("churn", alias, 1, AliasPrecondition.any(), null),
          () -> registry().deleteAlias("churn", alias, AliasPrecondition.any(), null))) {
        InvalidNameException e = thrownBy(InvalidNameException.class, call);
        assertThat(e.kind()).as(alias).isEqualTo("alias");
        assertThat(e.value()).as(alias).isEqualTo(alias);
      }
    }
    assertThat(registry().getModel("churn").aliases()).isEmpty();
  }

  @Test
  void aliasesMayLookLikeVersionsWithLetters() {
    registerVersions("churn", 2);

    registry().setAlias("churn", "v2", 2, AliasPrecondition.absent(), null);
    registry().setAlias("churn", "Latest-Stable", 1, AliasPrecondition.absent(), null);

    assertThat(registry().resolve("models:/churn@v2").version()).isEqualTo(2);
    assertThat(registry().resolve("models:/churn@Latest-Stable").version()).isEqualTo(1);
  }
}
