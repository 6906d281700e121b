package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.InvalidModelUriException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.PageRequest;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Version numbering, reading versions and models, and resolving the three kinds of model URI. */
abstract class VersionLookupContract extends ContractGroup {

  VersionLookupContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Test
  void registeringTwiceAllocatesConsecutiveVersions() {
    assertThat(register("churn").version()).isEqualTo(1);
    assertThat(register("churn").version()).isEqualTo(2);
    assertThat(register("churn").version()).isEqualTo(3);
    assertThat(registry().getModel("churn").latestVersion()).isEqualTo(3);
  }

  @Test
  void eachModelNumbersItsVersionsFromOne() {
    assertThat(register("churn").version()).isEqualTo(1);
    assertThat(register("fraud").version()).isEqualTo(1);
    assertThat(register("churn").version()).isEqualTo(2);
    assertThat(register("fraud").version()).isEqualTo(2);
    assertThat(register("fraud").version()).isEqualTo(3);

    assertThat(versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(versions("fraud")).extracting(ModelVersion::version).containsExactly(1, 2, 3);
  }

  @Test
  void getVersionReadsEachVersionAsPublished() {
    ModelVersion first = register("churn", b -> b.metric("auc", 0.71));
    ModelVersion second = register("churn", b -> b.metric("auc", 0.84));

    assertThat(registry().getVersion("churn", 1)).isEqualTo(first);
    assertThat(registry().getVersion("churn", 2)).isEqualTo(second);
    assertThat(first.artifacts()).isNotEqualTo(second.artifacts());
  }

  @Test
  void getVersionOfAMissingModelSaysTheModelIsMissing() {
    ModelNotFoundException e =
        thrownBy(ModelNotFoundException.class, () -> registry().getVersion("churn", 1));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).isNull();
  }

  @Test
  void getVersionOfAMissingVersionNamesTheVersion() {
    register("churn");

    ModelNotFoundException e =
        thrownBy(ModelNotFoundException.class, () -> registry().getVersion("churn", 7));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).contains("7");
  }

  @Test
  void getVersionRejectsVersionNumbersBelowOne() {
    register("churn");

    thrownBy(IllegalArgumentException.class, () -> registry().getVersion("churn", 0));
    thrownBy(IllegalArgumentException.class, () -> registry().getVersion("churn", -1));
  }

  @Test
  void aVersionUriResolvesToThatVersion() {
    register("churn");
    ModelVersion second = register("churn");
    register("churn");

    assertThat(registry().resolve("models:/churn/2")).isEqualTo(second);
    assertThat(registry().resolve(ModelUri.version("churn", 2))).isEqualTo(second);
  }

  @Test
  void anAliasUriResolvesToTheVersionTheAliasPointsToNow() {
    registerVersions("churn", 3);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    assertThat(registry().resolve("models:/churn@production").version()).isEqualTo(2);

    registry().setAlias("churn", "production", 3, AliasPrecondition.pointsTo(2), null);
    assertThat(registry().resolve(ModelUri.alias("churn", "production")).version()).isEqualTo(3);
  }

  @Test
  void aLatestUriResolvesToTheNewestVersionThatIsNotArchived() {
    registerVersions("churn", 3);
    assertThat(registry().resolve("models:/churn/latest").version()).isEqualTo(3);

    registry().archiveVersion("churn", 3, null);
    ModelVersion latest = registry().resolve(ModelUri.latest("churn"));
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.status()).isEqualTo(ModelVersionStatus.READY);

    assertThat(register("churn").version()).isEqualTo(4);
    assertThat(registry().resolve(ModelUri.latest("churn")).version()).isEqualTo(4);
  }

  @Test
  void aLatestUriOfAModelWhoseVersionsAreAllArchivedIsNotFound() {
    registerVersions("churn", 2);
    registry().archiveVersion("churn", 1, null);
    registry().archiveVersion("churn", 2, null);

    ModelNotFoundException e = thrownBy(ModelNotFoundException.class,
        () -> registry().resolve(ModelUri.latest("churn")));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).isEqualTo("version that is not archived");
  }

  @Test
  void anAliasUriWithAMissingAliasNamesTheAlias() {
    register("churn");

    ModelNotFoundException e = thrownBy(ModelNotFoundException.class,
        () -> registry().resolve("models:/churn@production"));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).contains("production");
  }

  @Test
  void aVersionUriWithAMissingVersionNamesTheVersion() {
    register("churn");

    ModelNotFoundException e = thrownBy(ModelNotFoundException.class,
        () -> registry().resolve("models:/churn/5"));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).contains("5");
  }

  @Test
  void everyKindOfUriOfAMissingModelSaysTheModelIsMissing() {
    register("fraud");
    for (String uri : List.of("models:/churn/1", "models:/churn@production", "models:/churn/latest")) {
      ModelNotFoundException e = thrownBy(ModelNotFoundException.class, () -> registry().resolve(uri));
      assertThat(e.modelName()).as(uri).isEqualTo("churn");
      assertThat(e.reference()).as(uri).isNull();
    }
  }

  @Test
  void textThatIsNotAModelUriIsRejected() {
    register("churn");

    thrownBy(InvalidModelUriException.class, () -> registry().resolve("churn/1"));
    thrownBy(InvalidModelUriException.class, () -> registry().resolve("models:/churn/one"));
  }

  @Test
  void getModelReportsTheHighestVersionEvenWhenItIsArchived() {
    registerVersions("churn", 3);
    registry().archiveVersion("churn", 3, null);

    assertThat(registry().getModel("churn").latestVersion()).isEqualTo(3);
  }

  @Test
  void getModelOfAMissingModelSaysTheModelIsMissing() {
    register("fraud");

    ModelNotFoundException e = thrownBy(ModelNotFoundException.class, () -> registry().getModel("churn"));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).isNull();
  }

  @Test
  void listVersionsOfAMissingModelSaysTheModelIsMissing() {
    register("fraud");

    ModelNotFoundException e = thrownBy(ModelNotFoundException.class,
        () -> registry().listVersions("churn", PageRequest.first()));
    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.reference()).isNull();
  }

  @Test
  void listVersionsIncludesArchivedVersionsInNumberOrder() {
    registerVersions("churn", 3);
    registry().archiveVersion("churn", 2, null);

    assertThat(versions("churn"))
        .extracting(ModelVersion::version, ModelVersion::status)
        .containsExactly(
            tuple(1, ModelVersionStatus.READY),
            tuple(2, ModelVersionStatus.ARCHIVED),
            tuple(3, ModelVersionStatus.READY));
  }

  @Test
  void listedVersionsEqualTheVersionsReadOneByOne() {
    registerVersions("churn", 3);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    registry().setVersionTag("churn", 3, "reviewed", "yes");

    for (ModelVersion listed : versions("churn")) {
      assertThat(listed).isEqualTo(registry().getVersion("churn", listed.version()));
    }
  }
}
