package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.testing.MutableClock;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionsTest {

  @TempDir Path dir;

  private RegistryFixture fixture;
  private Promotions promotions;
  private ModelVersion champion;
  private ModelVersion challenger;

  @BeforeEach
  void setUp() {
    fixture = new RegistryFixture(dir, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    promotions = Promotions.of(fixture.registry);
    champion = fixture.champion(Map.of("roc_auc", 0.84));
    challenger = fixture.register(Map.of("roc_auc", 0.87));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private AuditEntry lastAliasMove(String alias) {
    return fixture.audit().stream().filter(e -> alias.equals(e.key()))
        .reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void promotionMovesProductionWithItsReasonsInTheAuditLog() {
    PromotionResult result = promotions.promote("churn", challenger.version(), champion.version(),
        List.of("roc_auc 0.87 >= champion 0.84 + 0.01"));

    assertThat(result.promoted()).isTrue();
    assertThat(result.actualChampion()).isEqualTo(champion.version());
    assertThat(fixture.production()).isEqualTo(challenger.version());
    AuditEntry move = lastAliasMove("production");
    assertThat(move.action()).isEqualTo(AuditAction.SET_ALIAS);
    assertThat(move.before()).isEqualTo("1");
    assertThat(move.after()).isEqualTo("2");
    assertThat(move.reason()).isEqualTo("promoted version 2 over version 1: roc_auc 0.87 >= champion 0.84 + 0.01");
  }

  @Test
  void aLostCompareAndSetRaceLeavesTheOtherWritersChoiceAndIsRecorded() {
    ModelVersion other = fixture.register(Map.of("roc_auc", 0.9));
    fixture.registry.setAlias("churn", "production", other.version(), AliasPrecondition.any(), "hotfix");

    PromotionResult result = promotions.promote("churn", challenger.version(), champion.version(), List.of("better"));

    assertThat(result.promoted()).isFalse();
    assertThat(result.expectedChampion()).isEqualTo(1);
    assertThat(result.actualChampion()).isEqualTo(3);
    assertThat(fixture.production()).isEqualTo(3);
    assertThat(fixture.tags(challenger.version()).get(LifecycleTags.PROMOTION))
        .isEqualTo("not promoted: alias 'production' pointed to version 3 instead of version 1 (another writer"
            + " moved it first)");
  }

  @Test
  void aGateVerdictIsRecordedAsAuditedVersionTags() {
    promotions.recordVerdict(challenger, champion.version(), GateDecision.reject(List.of("a", "b")));

    assertThat(fixture.tags(challenger.version())).containsEntry(LifecycleTags.GATE, "rejected")
        .containsEntry(LifecycleTags.GATE_REASONS, "a; b").containsEntry(LifecycleTags.GATE_CHAMPION, "1");
    assertThat(fixture.audit()).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo(AuditAction.SET_TAG);
      assertThat(e.key()).isEqualTo(LifecycleTags.GATE_REASONS);
      assertThat(e.after()).isEqualTo("a; b");
    });
  }

  @Test
  void approvingTheStagedChallengerPromotesItAndRemovesTheStagingAlias() {
    promotions.stage("churn", challenger.version(), List.of("awaits a person"));
    assertThat(fixture.staging()).isEqualTo(challenger.version());

    PromotionResult result = promotions.approve("churn", challenger.version(), "alice", "looks right");

    assertThat(result.promoted()).isTrue();
    assertThat(fixture.production()).isEqualTo(challenger.version());
    assertThat(fixture.staging()).isNull();
    assertThat(fixture.tags(challenger.version())).containsEntry("approval", "approved")
        .containsEntry("approval.reason", "approved by alice: looks right");
    assertThat(lastAliasMove("production").reason()).isEqualTo("promoted version 2 over version 1: approved by alice:"
        + " looks right");
    assertThat(lastAliasMove("staging").action()).isEqualTo(AuditAction.DELETE_ALIAS);
  }

  @Test
  void rejectingTheStagedChallengerNeedsAReasonAndLeavesProductionAlone() {
    promotions.stage("churn", challenger.version(), List.of("awaits a person"));

    assertThatThrownBy(() -> promotions.reject("churn", challenger.version(), "bob", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a reason");
    promotions.reject("churn", challenger.version(), "bob", "leaks labels");

    assertThat(fixture.production()).isEqualTo(champion.version());
    assertThat(fixture.staging()).isNull();
    assertThat(fixture.tags(challenger.version())).containsEntry("approval", "rejected")
        .containsEntry("approval.reason", "rejected by bob: leaks labels");
    assertThat(lastAliasMove("staging").reason()).isEqualTo("rejected by bob: leaks labels");
  }

  @Test
  void onlyTheStagedChallengerCanBeApprovedOrRejected() {
    assertThatThrownBy(() -> promotions.approve("churn", challenger.version(), "alice", null))
        .isInstanceOf(ModelStateException.class).hasMessageContaining("alias 'staging' is not set");
    promotions.stage("churn", challenger.version(), List.of("awaits a person"));
    assertThatThrownBy(() -> promotions.reject("churn", champion.version(), "alice", "no"))
        .isInstanceOf(ModelStateException.class).hasMessageContaining("points to version 2");
    assertThat(fixture.production()).isEqualTo(champion.version());
  }
}
