package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.PageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the next open does with a journal a crashed writer left: replay it if its audit entry is
 * not in the log yet, drop it if it is (the mutation completed), drop it if it cannot be replayed.
 */
class JournalRecoveryTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;

  private Path root;

  private FileModelRegistry open() {
    return FileModelRegistry.builder().root(root).pollInterval(Duration.ZERO).open();
  }

  private ModelFile registerOneVersion() throws IOException {
    root = tmp.resolve("registry");
    try (FileModelRegistry registry = open()) {
      registry.register(Artifacts.request(tmp, "churn", "w"));
    }
    return JsonCodec.read(root.resolve("models/churn/model.json"), ModelFile.class);
  }

  private void leaveJournal(long sequence, ModelFile model, JournalFile.Move move) throws IOException {
    AuditLine entry = new AuditLine(sequence, NOW, "crashed", AuditAction.SET_TAG, "churn", null, "stage",
        null, "canary", null);
    JournalFile journal = new JournalFile(entry, move,
        List.of(new JournalFile.Write("models/churn/model.json", JsonCodec.tree(model))));
    Files.write(root.resolve("journal.json"), JsonCodec.pretty(journal));
  }

  @Test
  void aJournalWhoseEntryIsNotLoggedIsReplayedOnOpen() throws IOException {
    ModelFile model = registerOneVersion();
    leaveJournal(2, model.withTag("stage", "canary", NOW), null);
    try (FileModelRegistry registry = open()) {
      assertThat(registry.getModel("churn").tags()).containsEntry("stage", "canary");
      List<AuditEntry> log = registry.auditLog(null, PageRequest.first()).items();
      assertThat(log).extracting(AuditEntry::sequence).containsExactly(1L, 2L);
      assertThat(log.get(1).actor()).isEqualTo("crashed");
    }
    assertThat(root.resolve("journal.json")).doesNotExist();
  }

  @Test
  void aJournalWhoseEntryIsAlreadyLoggedIsOnlyRemovedNeverReplayed() throws IOException {
    ModelFile model = registerOneVersion();
    leaveJournal(1, model.withTag("stale", "content", NOW), null);
    try (FileModelRegistry registry = open()) {
      assertThat(registry.getModel("churn").tags()).isEmpty();
      assertThat(registry.auditLog(null, PageRequest.first()).items()).hasSize(1);
    }
    assertThat(root.resolve("journal.json")).doesNotExist();
  }

  @Test
  void aJournalWhoseStagedVersionVanishedIsDroppedWithoutEffect() throws IOException {
    ModelFile model = registerOneVersion();
    leaveJournal(2, model.withLatestVersion(2, NOW),
        new JournalFile.Move("staging/gone", "models/churn/versions/2"));
    try (FileModelRegistry registry = open()) {
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(1);
      assertThat(registry.auditLog(null, PageRequest.first()).items()).hasSize(1);
      assertThat(registry.register(Artifacts.request(tmp, "churn", "next")).version()).isEqualTo(2);
    }
  }

  @Test
  void anUnreadableJournalIsDiscarded() throws IOException {
    registerOneVersion();
    Files.writeString(root.resolve("journal.json"), "{\"entry\": {\"seq");
    try (FileModelRegistry registry = open()) {
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(1);
    }
    assertThat(root.resolve("journal.json")).doesNotExist();
  }
}
