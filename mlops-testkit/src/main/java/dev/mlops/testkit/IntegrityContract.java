package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.RegistrationRequest;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Integrity: a stored file damaged after publication is detected whenever the artifact is opened,
 * and the error names the file without revealing its content. Runs only for implementations that
 * override {@link ModelRegistryContract#corruptArtifact}.
 */
abstract class IntegrityContract extends ContractGroup {

  private static final String SECRET = "SECRET-WEIGHTS-0123456789-DO-NOT-LEAK";
  private static final Map<String, byte[]> FILES = Map.of(
      "config.json", bytes("{\"inputs\": 4}"),
      "weights/model.bin", bytes(SECRET.repeat(50)));

  IntegrityContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Test
  void aDamagedFileIsDetectedOnOpenAndNamedWithoutItsContent() {
    registerTwoVersions();
    fixture().corrupt(registry(), "churn", 1, "weights/model.bin");

    ArtifactIntegrityException e = thrownBy(ArtifactIntegrityException.class,
        () -> registry().openArtifact("churn", 1));

    assertThat(e.modelName()).isEqualTo("churn");
    assertThat(e.version()).isEqualTo(1);
    assertThat(e.file()).isEqualTo("weights/model.bin");
    assertThat(e.getMessage()).contains("weights/model.bin").doesNotContain("SECRET-WEIGHTS");
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      assertThat(String.valueOf(cause.getMessage())).doesNotContain("SECRET-WEIGHTS");
    }
  }

  @Test
  void aDamagedFileIsDetectedThroughEveryKindOfUri() {
    registerTwoVersions();
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    fixture().corrupt(registry(), "churn", 2, "config.json");

    for (ModelUri uri : new ModelUri[] {
        ModelUri.version("churn", 2), ModelUri.alias("churn", "production"), ModelUri.latest("churn")}) {
      ArtifactIntegrityException e = thrownBy(ArtifactIntegrityException.class,
          () -> registry().openArtifact(uri));
      assertThat(e.file()).as(uri.toString()).isEqualTo("config.json");
    }
  }

  @Test
  void damageIsDetectedEveryTimeNotOnlyOnce() {
    registerTwoVersions();
    try (ModelArtifact beforeDamage = registry().openArtifact("churn", 1)) {
      assertThat(beforeDamage.files()).hasSize(2);
    }
    fixture().corrupt(registry(), "churn", 1, "config.json");

    thrownBy(ArtifactIntegrityException.class, () -> registry().openArtifact("churn", 1));
    thrownBy(ArtifactIntegrityException.class, () -> registry().openArtifact("churn", 1));
  }

  @Test
  void otherVersionsStayReadable() {
    registerTwoVersions();
    fixture().corrupt(registry(), "churn", 1, "weights/model.bin");

    try (ModelArtifact artifact = registry().openArtifact("churn", 2)) {
      assertThat(ArtifactContract.read(artifact.file("weights/model.bin")))
          .isEqualTo(FILES.get("weights/model.bin"));
    }
    assertThat(registry().getVersion("churn", 1).artifacts()).hasSize(2);
  }

  private void registerTwoVersions() {
    for (int i = 0; i < 2; i++) {
      publish(RegistrationRequest.builder("churn")
          .artifact(newDirectory(FILES)).format(OPAQUE).build());
    }
  }
}
