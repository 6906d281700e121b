package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.opentest4j.TestAbortedException;

/**
 * The base of every group of contract tests: access to the test's fixture and the helpers the
 * groups share (artifact sources, registration, paging through listings, waiting for events).
 * Each group is an abstract class here and a {@code @Nested} inner class of
 * {@link ModelRegistryContract}, so that the groups are discovered for every implementation that
 * extends the contract.
 */
abstract class ContractGroup {

  /** The tag key the marker change of {@link #eventsBeforeMarker} uses. */
  static final String MARKER_TAG = "contract-marker";

  private static final int MAX_PAGES = 10_000;

  private final Supplier<ContractFixture> fixture;

  ContractGroup(Supplier<ContractFixture> fixture) {
    this.fixture = fixture;
  }

  final ContractFixture fixture() {
    return fixture.get();
  }

  final ModelRegistry registry() {
    return fixture().registry();
  }

  /**
   * Whether this group's subject is change (registering, tagging, moving aliases...), so that it
   * cannot run against a read-only registry. The default is false.
   */
  boolean testsChanges() {
    return false;
  }

  @BeforeEach
  final void skipChangeTestsOfReadOnlyRegistries() {
    if (testsChanges() && !fixture().supportsChanges()) {
      Assumptions.abort(getClass().getSimpleName() + " tests changes, and the registry under test"
          + " is read-only (supportsChanges() is false)");
    }
  }

  /** Skips the calling test for a read-only registry, whose audit log has nothing to list. */
  final void requireChanges(String why) {
    Assumptions.assumeTrue(fixture().supportsChanges(),
        () -> "This test needs a registry that records changes: " + why);
  }

  // ---- artifact sources ----

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] content) {
    return HexFormat.of().formatHex(ArtifactChecksums.sha256().digest(content));
  }

  static ArtifactRef ref(String path, byte[] content) {
    return new ArtifactRef(path, content.length, sha256(content));
  }

  /** A file with this name and content, alone in a new directory. */
  final Path newFile(String fileName, byte[] content) {
    Path file = fixture().newDirectory().resolve(fileName);
    write(file, content);
    return file;
  }

  /** A new directory holding these files (relative path to content). */
  final Path newDirectory(Map<String, byte[]> files) {
    Path dir = fixture().newDirectory().resolve("artifact");
    files.forEach((path, content) -> write(dir.resolve(path), content));
    return dir;
  }

  static void write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void symbolicLink(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
    } catch (UnsupportedOperationException | IOException e) {
      Assumptions.abort("This file system cannot create symbolic links: " + e);
    }
  }

  // ---- registration ----

  /**
   * A format the SDK does not read, for tests about storing bytes: registries check the files of
   * the formats the SDK reads (an ONNX file must parse), not those of other formats.
   */
  static final ModelFormat OPAQUE = ModelFormat.of("opaque");

  /** A request for a version of the model with a small, valid ONNX artifact of unique content. */
  final RegistrationRequest.Builder request(String model) {
    byte[] content = OnnxTestModels.addWeights(new float[] {1, 2, 3, 4},
        "weights of " + model + " #" + fixture().nextNumber());
    return RegistrationRequest.builder(model)
        .artifact(newFile("model.onnx", content))
        .format(ModelFormat.ONNX);
  }

  /**
   * Puts a version into the registry through the implementation's publishing hook (registration,
   * unless the registry is read-only): for tests whose subject is not registration itself.
   */
  final ModelVersion publish(RegistrationRequest request) {
    return fixture().publish(request);
  }

  final ModelVersion register(String model) {
    return publish(request(model).build());
  }

  final ModelVersion register(String model, UnaryOperator<RegistrationRequest.Builder> details) {
    return publish(details.apply(request(model)).build());
  }

  /** Registers {@code count} (at least one) versions of the model; returns the last. */
  final ModelVersion registerVersions(String model, int count) {
    ModelVersion last = register(model);
    for (int i = 1; i < count; i++) {
      last = register(model);
    }
    return last;
  }

  // ---- listings ----

  /** Every page of a listing, following tokens to the end. */
  static <T> List<Page<T>> pages(Function<PageRequest, Page<T>> listing, int limit) {
    return pagesFrom(listing, PageRequest.first(limit));
  }

  /** Every page of a listing from the given request on, following tokens to the end. */
  static <T> List<Page<T>> pagesFrom(Function<PageRequest, Page<T>> listing, PageRequest start) {
    List<Page<T>> pages = new ArrayList<>();
    PageRequest request = start;
    while (true) {
      Page<T> page = listing.apply(request);
      pages.add(page);
      if (!page.hasNext()) {
        return pages;
      }
      if (pages.size() > MAX_PAGES) {
        fail("The listing did not end after " + MAX_PAGES + " pages of " + start.limit()
            + "; does the page token advance?");
      }
      request = request.next(nextToken(page));
    }
  }

  /**
   * The token of the page after this one, which the contract expects there.
   *
   * @throws AssertionError if the page has no next-page token
   */
  static String nextToken(Page<?> page) {
    String token = page.nextPageToken();
    if (token == null) {
      throw new AssertionError("Expected a page after this one of " + page.items().size()
          + " items, but it has no next-page token");
    }
    return token;
  }


  /** Every item of a listing, in order. */
  static <T> List<T> all(Function<PageRequest, Page<T>> listing) {
    return pages(listing, 1000).stream().flatMap(p -> p.items().stream()).toList();
  }

  final List<AuditEntry> auditLog() {
    return all(p -> registry().auditLog(null, p));
  }

  final List<AuditEntry> auditLog(String model) {
    return all(p -> registry().auditLog(model, p));
  }

  final List<ModelVersion> versions(String model) {
    return all(p -> registry().listVersions(model, p));
  }

  // ---- expectations ----

  /** Runs the call, asserts it throws the given type, and returns the exception. */
  static <T extends Throwable> T thrownBy(Class<T> type, ThrowingCallable call) {
    return thrownBy("the call", type, call);
  }

  /** As {@link #thrownBy(Class, ThrowingCallable)}, naming the call in a failure. */
  static <T extends Throwable> T thrownBy(String what, Class<T> type, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    if (t instanceof TestAbortedException skipped) {
      throw skipped;
    }
    assertThat(t).as("what %s throws", what).isInstanceOf(type);
    return type.cast(t);
  }

  /** Asserts that the model does not exist and nothing at all was recorded about it. */
  final void assertNoTraceOf(String model) {
    assertThat(thrownBy(ModelNotFoundException.class, () -> registry().getModel(model)).modelName())
        .isEqualTo(model);
    assertThat(auditLog(model)).isEmpty();
  }

  // ---- events ----

  final RecordingListener subscribe() {
    RecordingListener listener = new RecordingListener();
    registry().subscribe(listener);
    return listener;
  }

  /**
   * Makes one more change (a model tag with a unique value) and waits for its event; returns the
   * events that arrived before it. Since events arrive in the order of the changes, whatever an
   * earlier operation emitted has arrived by then.
   */
  final List<RegistryEvent> eventsBeforeMarker(RecordingListener listener, String model) {
    String value = "marker-" + fixture().nextNumber();
    registry().setModelTag(model, MARKER_TAG, value);
    return listener.awaitMatching(
        e -> e instanceof RegistryEvent.TagChanged t && MARKER_TAG.equals(t.key())
            && value.equals(t.value()),
        "the marker event " + MARKER_TAG + "=" + value);
  }
}
