package dev.mlops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidArtifactException;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.registry.VersionConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModelRegistryTest {

  private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

  @TempDir Path tmp;

  private Path root;
  private final MutableClock clock = new MutableClock(START);
  private FileModelRegistry registry;
  private final List<FileModelRegistry> opened = new ArrayList<>();

  @BeforeEach
  void openRegistry() {
    root = tmp.resolve("registry");
    registry = open(Duration.ZERO);
  }

  @AfterEach
  void closeRegistries() {
    opened.forEach(FileModelRegistry::close);
  }

  private FileModelRegistry open(Duration pollInterval) {
    FileModelRegistry r = FileModelRegistry.builder().root(root).clock(clock).actor("alice")
        .pollInterval(pollInterval).open();
    opened.add(r);
    return r;
  }

  private ModelVersion register(String model, String content) {
    return registry.register(Artifacts.request(tmp, model, content));
  }

  private Path stored(String model, int version, String file) {
    return root.resolve("models").resolve(model).resolve("versions").resolve(Integer.toString(version))
        .resolve("artifact").resolve(file);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Nested
  class Publishing {

    @Test
    void registeringTwiceAllocatesConsecutiveVersionsStartingAtOne() {
      assertThat(register("churn", "a").version()).isEqualTo(1);
      assertThat(register("churn", "b").version()).isEqualTo(2);
      assertThat(register("fraud", "c").version()).isEqualTo(1);
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(2);
    }

    @Test
    void aVersionIsStoredAsPrettyPrintedJsonBesideItsArtifactFiles() throws IOException {
      register("churn", "weights");
      Path versionDir = root.resolve("models/churn/versions/1");
      String json = Files.readString(versionDir.resolve("version.json"));
      assertThat(json).contains("\"name\" : \"churn\"").contains("\"createdAt\" : \"2026-03-01T09:00:00Z\"")
          .contains("\"createdBy\" : \"alice\"").contains("\n  ");
      assertThat(Files.readString(versionDir.resolve("artifact/model.onnx"))).isEqualTo("weights");
      JsonNode model = new ObjectMapper().readTree(root.resolve("models/churn/model.json").toFile());
      assertThat(model.get("latestVersion").asInt()).isEqualTo(1);
    }

    @Test
    void storedArtifactFilesAreReadOnly() throws IOException {
      register("churn", "weights");
      // Checked on the permission bits: the superuser may write to anything.
      assertThat(Files.getPosixFilePermissions(stored("churn", 1, "model.onnx"))).doesNotContain(
          PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void aDirectoryArtifactKeepsItsNestedLayout() throws IOException {
      Path dir = Files.createDirectories(tmp.resolve("model/tokenizer"));
      Files.writeString(tmp.resolve("model/weights.bin"), "w");
      Files.writeString(dir.resolve("vocab.txt"), "v");
      ModelVersion v = registry.register(RegistrationRequest.builder("nlp").artifact(tmp.resolve("model"))
          .format(Artifacts.OPAQUE).build());
      assertThat(v.artifacts()).extracting(a -> a.path()).containsExactly("tokenizer/vocab.txt", "weights.bin");
      assertThat(stored("nlp", 1, "tokenizer/vocab.txt")).hasContent("v");
    }

    @Test
    void readingAVersionBackGivesExactlyWhatRegisteringReturned() {
      ModelSignature signature = ModelSignature.of(
          List.of(FieldSpec.scalar("age", DataType.FLOAT32), FieldSpec.categorical("plan", List.of("a", "b"))),
          List.of(FieldSpec.tensor("p", DataType.FLOAT32, -1, 2)))
          .withInputExample(List.of(Map.of("age", 31.5, "plan", "a")));
      RegistrationRequest request = RegistrationRequest.builder("churn")
          .artifact(Artifacts.file(tmp, "w")).format(Artifacts.OPAQUE).signature(signature)
          .metric("auc", 0.8125).param("epochs", "20").tag("team", "growth").description("first")
          .lineage(Lineage.builder().seed(42).codeVersion("abc").parentVersion(3)
              .trainingTime(START.minusSeconds(60), START).environment("djl", "0.36.0").build())
          .build();
      ModelVersion registered = registry.register(request);
      assertThat(registered.status()).isEqualTo(ModelVersionStatus.READY);
      assertThat(registered.createdAt()).isEqualTo(START);
      assertThat(registered.createdBy()).isEqualTo("alice");
      assertThat(registry.getVersion("churn", 1)).isEqualTo(registered);
      registry.close();
      assertThat(open(Duration.ZERO).getVersion("churn", 1)).isEqualTo(registered);
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheArtifactIsRejectedAndNothingIsPublished() throws IOException {
      Path dir = Files.createDirectories(tmp.resolve("escape"));
      Files.writeString(dir.resolve("ok.bin"), "x");
      Files.createSymbolicLink(dir.resolve("passwd"), Files.writeString(tmp.resolve("secret"), "s"));
      RegistrationRequest request = RegistrationRequest.builder("churn").artifact(dir).format(ModelFormat.ONNX).build();
      assertThatThrownBy(() -> registry.register(request)).isInstanceOf(InvalidArtifactException.class)
          .hasMessageContaining("passwd").hasMessageContaining("outside");
      assertThatThrownBy(() -> registry.getModel("churn")).isInstanceOf(ModelNotFoundException.class);
      try (Stream<Path> staging = Files.list(root.resolve("staging"))) {
        assertThat(staging).isEmpty();
      }
      assertThat(registry.auditLog(null, PageRequest.first()).items()).isEmpty();
    }

    @Test
    void aFileWhoseSizeTheKernelReportsAsZeroIsStoredWithEveryByteRead() throws IOException {
      // procfs files have a stat size of 0 but content; a copy that trusts the size stores nothing.
      Path environ = Path.of("/proc/self/environ");
      Assumptions.assumeTrue(Files.isReadable(environ) && Files.size(environ) == 0, "needs Linux procfs");
      byte[] content = Files.readAllBytes(environ);
      assertThat(content).isNotEmpty();
      ModelVersion v = registry.register(RegistrationRequest.builder("procfs").artifact(environ)
          .format(Artifacts.OPAQUE).build());
      assertThat(v.artifacts()).singleElement().satisfies(ref -> {
        assertThat(ref.size()).isEqualTo(content.length);
        assertThat(ref.sha256()).isEqualTo(HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(content)));
      });
      assertThat(Files.readAllBytes(stored("procfs", 1, "environ"))).isEqualTo(content);
      try (ModelArtifact artifact = registry.openArtifact("procfs", 1)) {
        assertThat(artifact.directory().resolve("environ")).hasBinaryContent(content);
      }
    }

    @Test
    void devicesPipesAndDirectoriesGivenAsFilesAreRefusedNamingTheFile() throws Exception {
      Path fifo = tmp.resolve("pipe");
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
      Assumptions.assumeTrue(mkfifo.waitFor() == 0, "needs mkfifo");
      Path device = Path.of("/dev/zero");
      Assumptions.assumeTrue(Files.exists(device), "needs /dev/zero");
      for (Path special : List.of(fifo, device)) {
        assertThatThrownBy(() -> registry.register(RegistrationRequest.builder("special").artifact(special)
            .format(ModelFormat.ONNX).build())).as(special.toString())
            .isInstanceOf(InvalidArtifactException.class).hasMessageContaining(special.toString())
            .hasMessageContaining("neither a regular file nor a directory");
      }
      // The same inside a directory artifact, and a link to a device from one.
      Path dir = Files.createDirectories(tmp.resolve("with-device"));
      Files.writeString(dir.resolve("weights.bin"), "w");
      Files.createSymbolicLink(dir.resolve("zero"), device);
      assertThatThrownBy(() -> registry.register(RegistrationRequest.builder("special").artifact(dir)
          .format(ModelFormat.ONNX).build())).isInstanceOf(InvalidArtifactException.class)
          .hasMessageContaining(dir.resolve("zero").toString());
      assertThatThrownBy(() -> registry.getModel("special")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void stagingIsEmptyAfterASuccessfulRegistration() throws IOException {
      register("churn", "a");
      try (Stream<Path> staging = Files.list(root.resolve("staging"))) {
        assertThat(staging).isEmpty();
      }
    }
  }

  @Nested
  class Integrity {

    @Test
    void anIntactArtifactIsServedFromTheStoredDirectoryUntilClosed() throws IOException {
      register("churn", "weights");
      ModelArtifact artifact = registry.openArtifact("churn", 1);
      assertThat(artifact.directory()).isEqualTo(stored("churn", 1, ""));
      try (var in = artifact.open("model.onnx")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("weights");
      }
      artifact.close();
      assertThatThrownBy(artifact::directory).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFlippedByteIsDetectedNamingTheFile() throws IOException {
      register("churn", "weights");
      Path file = writable(stored("churn", 1, "model.onnx"));
      byte[] bytes = Files.readAllBytes(file);
      bytes[3] ^= 0x01;
      Files.write(file, bytes);
      assertThatThrownBy(() -> registry.openArtifact("churn", 1))
          .isInstanceOfSatisfying(ArtifactIntegrityException.class, e -> {
            assertThat(e.file()).isEqualTo("model.onnx");
            assertThat(e.version()).isEqualTo(1);
          })
          .hasMessageContaining("SHA-256");
    }

    @Test
    void aTruncatedFileIsDetected() throws IOException {
      register("churn", "weights");
      Path file = writable(stored("churn", 1, "model.onnx"));
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(3);
      }
      assertThatThrownBy(() -> registry.openArtifact("churn", 1)).isInstanceOf(ArtifactIntegrityException.class)
          .hasMessageContaining("model.onnx").hasMessageContaining("size is 3 bytes");
    }

    @Test
    void aDeletedFileIsDetected() throws IOException {
      register("churn", "weights");
      Files.delete(stored("churn", 1, "model.onnx"));
      assertThatThrownBy(() -> registry.openArtifact("churn", 1)).isInstanceOf(ArtifactIntegrityException.class)
          .hasMessageContaining("model.onnx").hasMessageContaining("missing");
    }

    @Test
    void aFileReplacedByASymbolicLinkIsDetected() throws IOException {
      register("churn", "weights");
      Path file = stored("churn", 1, "model.onnx");
      Path copy = Files.writeString(tmp.resolve("elsewhere.onnx"), "weights");
      Files.delete(file);
      Files.createSymbolicLink(file, copy);
      assertThatThrownBy(() -> registry.openArtifact("churn", 1)).isInstanceOf(ArtifactIntegrityException.class)
          .hasMessageContaining("model.onnx");
    }

    @Test
    void damageToOneVersionDoesNotAffectAnother() throws IOException {
      register("churn", "one");
      register("churn", "two");
      Files.delete(stored("churn", 1, "model.onnx"));
      try (ModelArtifact artifact = registry.openArtifact("churn", 2)) {
        assertThat(artifact.file("model.onnx")).hasContent("two");
      }
    }

    private Path writable(Path file) {
      assertThat(file.toFile().setWritable(true)).isTrue();
      return file;
    }
  }

  @Nested
  class Format {

    @Test
    void aNewRegistryCarriesAFormatMarker() throws IOException {
      JsonNode marker = new ObjectMapper().readTree(root.resolve("mlops-registry.json").toFile());
      assertThat(marker.get("format").asInt()).isEqualTo(1);
    }

    @Test
    void aRegistryInANewerFormatIsRefusedWithAClearMessage() throws IOException {
      registry.close();
      Path marker = root.resolve("mlops-registry.json");
      Files.writeString(marker, Files.readString(marker).replace("\"format\" : 1", "\"format\" : 2"));
      assertThatThrownBy(() -> open(Duration.ZERO)).isInstanceOf(RegistryStorageException.class)
          .hasMessageContaining("format 2").hasMessageContaining("Upgrade mlops-java");
    }

    @Test
    void aNonEmptyDirectoryThatIsNotARegistryIsRefusedAndLeftUntouched() throws IOException {
      Path home = Files.createDirectories(tmp.resolve("home"));
      Files.writeString(home.resolve("notes.txt"), "mine");
      assertThatThrownBy(() -> FileModelRegistry.open(home)).isInstanceOf(RegistryStorageException.class)
          .hasMessageContaining("not a file model registry").hasMessageContaining("notes.txt");
      try (Stream<Path> entries = Files.list(home)) {
        assertThat(entries).containsExactly(home.resolve("notes.txt"));
      }
    }

    @Test
    void reopeningKeepsVersionsAliasesTagsAndTheAuditSequence() {
      register("churn", "a");
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
      registry.setModelTag("churn", "team", "growth");
      registry.close();
      FileModelRegistry again = open(Duration.ZERO);
      assertThat(again.getModel("churn").aliases()).containsEntry("production", 1);
      assertThat(again.getModel("churn").tags()).containsEntry("team", "growth");
      again.setModelTag("churn", "team", "retention");
      assertThat(again.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::sequence)
          .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void closedRegistriesRefuseCallsAndMayBeClosedAgain() {
      registry.close();
      registry.close();
      assertThatThrownBy(() -> registry.getModel("churn")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> registry.subscribe(e -> {})).isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Semantics {

    @Test
    void aliasesMoveByCompareAndSetAndANoOpRecordsNothing() {
      register("churn", "a");
      register("churn", "b");
      assertThat(registry.setAlias("churn", "prod", 1, AliasPrecondition.absent(), null)).isEmpty();
      assertThatThrownBy(() -> registry.setAlias("churn", "prod", 2, AliasPrecondition.pointsTo(2), null))
          .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(1));
      assertThat(registry.setAlias("churn", "prod", 1, AliasPrecondition.any(), null)).hasValue(1);
      assertThat(registry.setAlias("churn", "prod", 2, AliasPrecondition.pointsTo(1), "better")).hasValue(1);
      List<AuditEntry> log = registry.auditLog("churn", PageRequest.first()).items();
      assertThat(log).extracting(AuditEntry::action).containsExactly(AuditAction.REGISTER_VERSION,
          AuditAction.REGISTER_VERSION, AuditAction.SET_ALIAS, AuditAction.SET_ALIAS);
      AuditEntry move = log.get(3);
      assertThat(move.before()).isEqualTo("1");
      assertThat(move.after()).isEqualTo("2");
      assertThat(move.reason()).isEqualTo("better");
      assertThat(move.actor()).isEqualTo("alice");
    }

    @Test
    void anAbsentPreconditionFailsOnceTheAliasExistsEvenIfSetByAnotherInstanceAndChangesNothing() {
      FileModelRegistry other = open(Duration.ZERO);
      register("churn", "a");
      register("churn", "b");
      // The other instance reads (and caches) the model while the alias does not exist yet.
      assertThat(other.getModel("churn").aliases()).isEmpty();
      registry.setAlias("churn", "prod", 1, AliasPrecondition.absent(), null);
      for (FileModelRegistry r : List.of(registry, other)) {
        assertThatThrownBy(() -> r.setAlias("churn", "prod", 2, AliasPrecondition.absent(), "race"))
            .isInstanceOfSatisfying(VersionConflictException.class, e -> {
              assertThat(e.actualVersion()).isEqualTo(1);
              assertThat(e.expected()).isEqualTo(AliasPrecondition.absent());
            });
      }
      assertThat(registry.getModel("churn").aliases()).containsExactly(Map.entry("prod", 1));
      assertThat(registry.auditLog("churn", PageRequest.first()).items()).extracting(AuditEntry::action)
          .containsExactly(AuditAction.REGISTER_VERSION, AuditAction.REGISTER_VERSION, AuditAction.SET_ALIAS);
    }

    @Test
    void archivingGuardsAliasesAndLatestSkipsArchivedVersions() {
      register("churn", "a");
      register("churn", "b");
      registry.setAlias("churn", "prod", 2, AliasPrecondition.absent(), null);
      assertThatThrownBy(() -> registry.archiveVersion("churn", 2, null)).isInstanceOf(ModelStateException.class)
          .hasMessageContaining("prod");
      registry.setAlias("churn", "prod", 1, AliasPrecondition.pointsTo(2), null);
      assertThat(registry.archiveVersion("churn", 2, "bad").status()).isEqualTo(ModelVersionStatus.ARCHIVED);
      assertThat(registry.resolve("models:/churn/latest").version()).isEqualTo(1);
      assertThatThrownBy(() -> registry.setAlias("churn", "prod", 2, AliasPrecondition.any(), null))
          .isInstanceOf(ModelStateException.class);
      long entries = registry.auditLog(null, PageRequest.first()).items().size();
      registry.archiveVersion("churn", 2, "again");
      assertThat(registry.auditLog(null, PageRequest.first()).items()).hasSize((int) entries);
    }

    @Test
    void everyMutationMovesTheModelsUpdatedAtToTheClocksTime() {
      register("churn", "a");
      clock.advance(Duration.ofMinutes(5));
      registry.setVersionTag("churn", 1, "validated", "yes");
      assertThat(registry.getModel("churn").updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
      assertThat(registry.getModel("churn").createdAt()).isEqualTo(START);
      assertThat(registry.getVersion("churn", 1).tags()).containsEntry("validated", "yes");
      assertThat(registry.deleteVersionTag("churn", 1, "missing")).isFalse();
      assertThat(registry.deleteVersionTag("churn", 1, "validated")).isTrue();
    }

    @Test
    void missingThingsAreReportedByName() {
      assertThatThrownBy(() -> registry.getModel("none")).isInstanceOfSatisfying(ModelNotFoundException.class,
          e -> assertThat(e.reference()).isNull());
      register("churn", "a");
      assertThatThrownBy(() -> registry.getVersion("churn", 2)).isInstanceOf(ModelNotFoundException.class)
          .hasMessageContaining("version 2");
      assertThatThrownBy(() -> registry.deleteAlias("churn", "prod", AliasPrecondition.any(), null))
          .isInstanceOfSatisfying(ModelNotFoundException.class,
              e -> assertThat(e.reference()).isEqualTo("alias 'prod'"));
      registry.archiveVersion("churn", 1, null);
      assertThatThrownBy(() -> registry.resolve("models:/churn/latest"))
          .isInstanceOfSatisfying(ModelNotFoundException.class,
              e -> assertThat(e.reference()).isEqualTo("version that is not archived"));
    }

    @Test
    void listingsPageWithOpaqueTokensAndRejectForeignOnes() {
      for (String m : List.of("c", "a", "b")) {
        register(m, m);
      }
      register("a", "a2");
      register("a", "a3");
      Page<RegisteredModel> first = registry.listModels(PageRequest.first(2));
      assertThat(first.items()).extracting(RegisteredModel::name).containsExactly("a", "b");
      assertThat(registry.listModels(PageRequest.first(2).next(first.nextPageToken())).items()).hasSize(1);
      Page<ModelVersion> versions = registry.listVersions("a", PageRequest.first(2));
      assertThat(versions.items()).extracting(ModelVersion::version).containsExactly(1, 2);
      Page<ModelVersion> rest = registry.listVersions("a", PageRequest.first(2).next(versions.nextPageToken()));
      assertThat(rest.items()).extracting(ModelVersion::version).containsExactly(3);
      assertThat(rest.hasNext()).isFalse();
      Page<AuditEntry> audit = registry.auditLog("a", PageRequest.first(2));
      assertThat(audit.items()).extracting(AuditEntry::sequence).containsExactly(2L, 4L);
      assertThat(registry.auditLog("a", PageRequest.first(2).next(audit.nextPageToken())).items())
          .extracting(AuditEntry::sequence).containsExactly(5L);

      String versionToken = versions.nextPageToken();
      assertThatThrownBy(() -> registry.listVersions("b", PageRequest.first(2).next(versionToken)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did not come from the listing of versions of b");
      assertThatThrownBy(() -> registry.listModels(PageRequest.first(2).next(versionToken)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> registry.auditLog(null, PageRequest.first(2).next("not*base64")))
          .isInstanceOf(IllegalArgumentException.class);
      String auditToken = audit.nextPageToken();
      assertThatThrownBy(() -> registry.auditLog(null, PageRequest.first(2).next(auditToken)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class AuditLogFile {

    @Test
    void eachMutationIsOneJsonLineAndNoOpsAddNone() throws IOException {
      register("churn", "a");
      registry.setModelTag("churn", "team", "growth");
      registry.setModelTag("churn", "team", "growth");
      assertThat(registry.deleteModelTag("churn", "nope")).isFalse();
      registry.setAlias("churn", "prod", 1, AliasPrecondition.any(), null);
      registry.setAlias("churn", "prod", 1, AliasPrecondition.any(), null);
      List<String> lines = Files.readAllLines(root.resolve("audit.jsonl"));
      assertThat(lines).hasSize(3);
      JsonNode first = new ObjectMapper().readTree(lines.get(0));
      assertThat(first.get("sequence").asLong()).isEqualTo(1);
      assertThat(first.get("action").asText()).isEqualTo("REGISTER_VERSION");
      assertThat(first.get("after").asText()).isEqualTo("1");
      assertThat(first.get("timestamp").asText()).isEqualTo("2026-03-01T09:00:00Z");
    }

    @Test
    void aTornLastLineIsIgnoredOnOpenAndRepairedByTheNextWriter() throws IOException {
      register("churn", "a");
      registry.setModelTag("churn", "k", "v");
      registry.close();
      Files.writeString(root.resolve("audit.jsonl"), "{\"sequence\":3,\"timestamp\":\"2026-0",
          StandardOpenOption.APPEND);
      FileModelRegistry again = open(Duration.ZERO);
      assertThat(again.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::sequence)
          .containsExactly(1L, 2L);
      again.setModelTag("churn", "k", "w");
      assertThat(again.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::sequence)
          .containsExactly(1L, 2L, 3L);
      for (String line : Files.readAllLines(root.resolve("audit.jsonl"))) {
        assertThat(new ObjectMapper().readTree(line).get("sequence")).isNotNull();
      }
    }

    @Test
    void aTornLineAppearingWhileOpenIsSkippedByReadersAndCutByTheNextWriter() throws IOException {
      register("churn", "a");
      Files.writeString(root.resolve("audit.jsonl"), "{\"seq", StandardOpenOption.APPEND);
      assertThat(registry.auditLog(null, PageRequest.first()).items()).hasSize(1);
      assertThat(registry.getModel("churn").latestVersion()).isEqualTo(1);
      register("churn", "b");
      assertThat(registry.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::sequence)
          .containsExactly(1L, 2L);
    }

    @Test
    void aDamagedLineInTheMiddleIsSkippedWithoutBreakingTheRest() throws IOException {
      register("churn", "a");
      register("churn", "b");
      registry.close();
      Path log = root.resolve("audit.jsonl");
      List<String> lines = new ArrayList<>(Files.readAllLines(log));
      lines.add(1, "garbage");
      Files.write(log, lines);
      FileModelRegistry again = open(Duration.ZERO);
      again.register(Artifacts.request(tmp, "churn", "c"));
      assertThat(again.auditLog(null, PageRequest.first()).items()).extracting(AuditEntry::sequence)
          .containsExactly(1L, 2L, 3L);
    }

    @Test
    void aDamagedLastLineIsCutOffOnOpenLikeATornOne() throws IOException {
      register("churn", "a");
      registry.close();
      Files.writeString(root.resolve("audit.jsonl"), "\u0000\u0000\u0000\n", StandardOpenOption.APPEND);
      FileModelRegistry again = open(Duration.ZERO);
      again.register(Artifacts.request(tmp, "churn", "b"));
      assertThat(Files.readAllLines(root.resolve("audit.jsonl"))).hasSize(2)
          .allSatisfy(line -> assertThat(line).startsWith("{\"sequence\""));
    }
  }

  @Nested
  class SharedDirectory {

    @Test
    void anotherInstanceSeesChangesOnItsNextReadDespiteItsCache() {
      FileModelRegistry other = open(Duration.ZERO);
      register("churn", "a");
      register("churn", "b");
      assertThat(other.getModel("churn").aliases()).isEmpty();
      assertThat(other.resolve("models:/churn/latest").version()).isEqualTo(2);
      registry.setAlias("churn", "prod", 2, AliasPrecondition.absent(), null);
      registry.setAlias("churn", "prod", 1, AliasPrecondition.pointsTo(2), null);
      registry.archiveVersion("churn", 2, null);
      assertThat(other.getModel("churn").aliases()).containsEntry("prod", 1);
      assertThat(other.getVersion("churn", 1).aliases()).containsExactly("prod");
      assertThat(other.getVersion("churn", 2).status()).isEqualTo(ModelVersionStatus.ARCHIVED);
      assertThat(other.resolve("models:/churn/latest").version()).isEqualTo(1);
    }

    @Test
    void aCachedListingShowsTagsAndAliasesChangedByAnotherInstanceOnItsNextRead() {
      FileModelRegistry other = open(Duration.ZERO);
      register("churn", "a");
      register("churn", "b");
      registry.setAlias("churn", "prod", 1, AliasPrecondition.absent(), null);
      assertThat(other.listVersions("churn", PageRequest.first(10)).items())
          .extracting(ModelVersion::aliases).containsExactly(Set.of("prod"), Set.of());
      registry.setVersionTag("churn", 2, "validated", "yes");
      registry.setAlias("churn", "prod", 2, AliasPrecondition.pointsTo(1), null);
      List<ModelVersion> listed = other.listVersions("churn", PageRequest.first(10)).items();
      assertThat(listed).extracting(ModelVersion::aliases).containsExactly(Set.of(), Set.of("prod"));
      assertThat(listed.get(1).tags()).containsEntry("validated", "yes");
      assertThat(listed.get(0).tags()).doesNotContainKey("validated");
    }

    @Test
    void withTheCacheOffReadsGiveTheSameAnswersAsWithIt() {
      FileModelRegistry uncached = FileModelRegistry.builder().root(root).clock(clock).actor("alice")
          .pollInterval(Duration.ZERO).cacheSize(0).open();
      opened.add(uncached);
      register("churn", "a");
      register("churn", "b");
      registry.setAlias("churn", "prod", 2, AliasPrecondition.absent(), null);
      registry.setVersionTag("churn", 1, "validated", "yes");
      registry.archiveVersion("churn", 1, null);
      PageRequest all = PageRequest.first(10);
      assertThat(uncached.listVersions("churn", all).items())
          .isEqualTo(registry.listVersions("churn", all).items()).hasSize(2);
      assertThat(uncached.resolve("models:/churn@prod")).isEqualTo(registry.resolve("models:/churn@prod"));
      assertThat(uncached.listModels(all).items()).isEqualTo(registry.listModels(all).items()).hasSize(1);
      assertThat(uncached.getVersion("churn", 1).status()).isEqualTo(ModelVersionStatus.ARCHIVED);
    }

    @Test
    void threadsOfTwoInstancesInOneJvmShareTheLockAndGetDistinctConsecutiveVersions() throws Exception {
      FileModelRegistry other = open(Duration.ZERO);
      List<Thread> threads = new ArrayList<>();
      List<Integer> versions = new CopyOnWriteArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      for (FileModelRegistry r : List.of(registry, other)) {
        for (int t = 0; t < 3; t++) {
          Path source = Artifacts.file(tmp, "thread " + threads.size());
          Thread thread = new Thread(() -> {
            try {
              for (int i = 0; i < 3; i++) {
                versions.add(r.register(RegistrationRequest.builder("shared").artifact(source)
                    .format(Artifacts.OPAQUE).build()).version());
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          });
          threads.add(thread);
          thread.start();
        }
      }
      for (Thread thread : threads) {
        thread.join(Duration.ofSeconds(60).toMillis());
      }
      assertThat(failures).isEmpty();
      assertThat(versions).containsExactlyInAnyOrderElementsOf(
          IntStream.rangeClosed(1, 18).boxed().toList());
      assertThat(other.getModel("shared").latestVersion()).isEqualTo(18);
    }

    @Test
    void aListenerOfAnotherInstanceHearsAnAliasMoveThroughPolling() throws InterruptedException {
      register("churn", "a");
      FileModelRegistry follower = open(Duration.ofMillis(50));
      List<RegistryEvent> heard = new CopyOnWriteArrayList<>();
      follower.subscribe(heard::add);
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "go");
      await(() -> !heard.isEmpty());
      assertThat(heard).containsExactly(new RegistryEvent.AliasMoved("churn", "production", null, 1));
    }

    @Test
    void listenersHearEveryChangeOnceAndInOrderWhetherMadeHereOrElsewhere() throws InterruptedException {
      FileModelRegistry other = open(Duration.ofMillis(20));
      List<RegistryEvent> here = new CopyOnWriteArrayList<>();
      List<RegistryEvent> there = new CopyOnWriteArrayList<>();
      registry.subscribe(here::add);
      other.subscribe(there::add);
      ModelVersion v1 = register("churn", "a");
      other.getModel("churn");
      registry.setVersionTag("churn", 1, "ok", "yes");
      registry.setAlias("churn", "prod", 1, AliasPrecondition.absent(), null);
      registry.deleteAlias("churn", "prod", AliasPrecondition.pointsTo(1), null);
      registry.archiveVersion("churn", 1, null);
      List<RegistryEvent> expected = List.of(new RegistryEvent.VersionRegistered(v1),
          new RegistryEvent.TagChanged("churn", 1, "ok", "yes"),
          new RegistryEvent.AliasMoved("churn", "prod", null, 1),
          new RegistryEvent.AliasMoved("churn", "prod", 1, null),
          new RegistryEvent.VersionArchived("churn", 1));
      await(() -> here.size() >= expected.size() && there.size() >= expected.size());
      Thread.sleep(100);
      assertThat(here).containsExactlyElementsOf(expected);
      assertThat(there).containsExactlyElementsOf(expected);
    }
  }

  @Nested
  class Staging {

    @Test
    void abandonedStagingEntriesAreRemovedOnOpen() throws IOException {
      registry.close();
      Path staging = root.resolve("staging");
      Files.createDirectories(staging.resolve("dead/artifact"));
      Files.writeString(staging.resolve("dead/artifact/model.onnx"), "half");
      Files.writeString(staging.resolve("dead.lock"), "");
      Files.createDirectories(staging.resolve("orphan"));
      Files.writeString(staging.resolve("0123.tmp"), "{");
      open(Duration.ZERO);
      try (Stream<Path> entries = Files.list(staging)) {
        assertThat(entries).isEmpty();
      }
    }
  }
}
