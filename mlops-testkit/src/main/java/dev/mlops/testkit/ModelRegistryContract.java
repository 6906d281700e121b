package dev.mlops.testkit;

import dev.mlops.registry.ArtifactIntegrityException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility kit for {@link ModelRegistry} implementations: an abstract JUnit 5 suite that
 * checks every behaviour the registry contract promises and that does not depend on how data is
 * stored. An implementation extends it and supplies a factory:
 *
 * <pre>{@code
 * class MyRegistryContractTest extends ModelRegistryContract {
 *   @TempDir Path root;
 *
 *   @Override
 *   protected ModelRegistry createRegistry() {
 *     return ModelRegistries.open("my:" + root.resolve("r" + System.nanoTime()));
 *   }
 * }
 * }</pre>
 *
 * <p>The tests are grouped in {@link Nested} classes (registration, version lookup, paging, tags,
 * model files, aliases, archiving, artifacts, integrity, audit log, events, concurrency, names,
 * closed registry, clock and actor), which JUnit discovers for every subclass. Each test gets a fresh
 * registry from {@link #createRegistry()} and the contract closes it afterwards.
 *
 * <p><b>What the contract checks</b>, beyond the Javadoc of {@link ModelRegistry}: a model is
 * created by its first registration and numbers its versions 1, 2, 3...; failures (invalid
 * artifact, lost compare-and-set, archived target, missing model) change nothing, append no audit
 * entry and emit no event; neither do operations that change nothing (setting a tag to its value,
 * deleting a missing tag, pointing an alias where it points, archiving an archived version);
 * {@code setAlias} checks its precondition before the no-op rule; {@code latest} is the highest
 * version that is not archived; missing things raise {@code ModelNotFoundException} whose
 * {@code reference()} is null for a missing model, names the version for a missing version,
 * is {@code "alias 'NAME'"} for a missing alias and {@code "version that is not archived"} for
 * a {@code latest} with nothing left; page tokens are opaque and a token that did not come from
 * the listing is an {@code IllegalArgumentException}; listings continue after the last item
 * returned, so items added meanwhile are neither repeated nor hide others; the audit log has one
 * entry per change (a registration's {@code after} is its version number, alias entries carry
 * version numbers, archive entries carry statuses) and a model's {@code updatedAt} is the time of
 * its latest entry; events are delivered once per change, in order, on a registry thread, after
 * the change is visible; and every operation of a closed registry throws
 * {@code IllegalStateException}.
 *
 * <p><b>Optional hooks.</b> Tests that need more than a fresh registry call hooks whose default
 * implementations abort the test (reported as skipped, naming the missing hook) rather than fail:
 * {@link #createRegistry(Clock, String)} for the clock and actor tests and
 * {@link #corruptArtifact(ModelRegistry, String, int, String)} for the integrity tests. Override
 * them to run those tests too.
 *
 * <p><b>Read-only registries.</b> A registry whose content comes from elsewhere (a directory of
 * model files, a catalogue another system maintains) may refuse changes with
 * {@link UnsupportedOperationException}. Its suite overrides {@link #supportsChanges()} to return
 * false and {@link #publish(ModelRegistry, RegistrationRequest)} to put the versions the tests need
 * into the registry's backing store. The groups whose subject is change (registration, tags,
 * aliases, archiving, audit log, events, concurrency, clock and actor) are then skipped, and so is
 * any other test that calls an operation the registry refuses with
 * {@link UnsupportedOperationException}, with a message naming the operation. Every other reading
 * test runs: version lookup, paging, artifacts, integrity, names and the closed registry.
 *
 * <p>Every test has a generous time limit so that a deadlocked implementation fails instead of
 * hanging the build; asynchronous results are awaited with deadlines, never fixed sleeps. An event
 * that has not arrived 20 seconds after the change fails its test; the system property
 * {@value #EVENT_DEADLINE_PROPERTY} (an ISO-8601 duration such as {@code PT1M}) changes that.
 *
 * @since 0.1
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class ModelRegistryContract {

  /**
   * The system property that sets how long the event tests wait for an event, as an ISO-8601
   * duration ({@code PT20S} unless set).
   */
  public static final String EVENT_DEADLINE_PROPERTY = "mlops.testkit.eventDeadline";

  private @Nullable ContractFixture fixture;

  /** For subclasses. */
  protected ModelRegistryContract() {}

  /**
   * Creates the registry a test runs against: fresh, empty, private to the test, opened with
   * default options (so that its actor is the {@code user.name} system property) and a clock that
   * follows real time. The contract closes it after the test.
   *
   * @return a new, empty, open registry
   */
  protected abstract ModelRegistry createRegistry();

  /**
   * Creates a fresh, empty registry that takes every timestamp from {@code clock} and records
   * {@code actor} as the actor (the {@value ModelRegistries#OPTION_ACTOR} option). The contract
   * closes it after the test. The default aborts the clock and actor tests, which then show as
   * skipped.
   *
   * @param clock the clock for version, model and audit timestamps
   * @param actor who is acting
   * @return a new, empty, open registry
   */
  protected ModelRegistry createRegistry(Clock clock, String actor) {
    return Assumptions.abort(getClass().getSimpleName() + " does not override"
        + " createRegistry(Clock, String), so the clock and actor tests cannot run");
  }

  /**
   * Damages one stored artifact file of a published version behind the registry's back (for
   * example by flipping a byte of the stored copy), so that the integrity tests can check that
   * {@link ModelRegistry#openArtifact(String, int)} detects it with an
   * {@link ArtifactIntegrityException}. The change must alter the file's checksum. The default
   * aborts the integrity tests, which then show as skipped.
   *
   * @param registry the registry under test (as returned by {@link #createRegistry()})
   * @param name the model name
   * @param version the version number
   * @param relativePath the artifact file, as in {@link dev.mlops.registry.ArtifactRef#path()}
   */
  protected void corruptArtifact(ModelRegistry registry, String name, int version, String relativePath) {
    Assumptions.abort(getClass().getSimpleName() + " does not override corruptArtifact(ModelRegistry,"
        + " String, int, String), so the artifact integrity tests cannot run");
  }

  /**
   * Whether the registry under test accepts changes through its API. The default is true; a
   * read-only registry returns false (see the class documentation) and then a change operation
   * that throws {@link UnsupportedOperationException} skips the test that called it instead of
   * failing it.
   *
   * @return false for a read-only registry
   */
  protected boolean supportsChanges() {
    return true;
  }

  /**
   * Puts a new version into the registry under test, for the tests that need versions to read.
   * The default registers it through {@link ModelRegistry#register(RegistrationRequest)}. A
   * read-only registry writes the artifact into its backing store in its own layout and returns
   * the version as the registry now reads it; where the request cannot be represented (a
   * directory artifact in a one-file-per-version store, say) it aborts the test with
   * {@link Assumptions#abort(String)}.
   *
   * @param registry the registry under test
   * @param request the version to publish: the next version of the request's model
   * @return the published version as {@link ModelRegistry#getVersion(String, int)} returns it
   */
  protected ModelVersion publish(ModelRegistry registry, RegistrationRequest request) {
    return registry.register(request);
  }

  @BeforeEach
  final void openRegistry(@TempDir Path workDir) {
    fixture = new ContractFixture(this, workDir);
  }

  @AfterEach
  final void closeRegistries() {
    if (fixture != null) {
      fixture.close();
      fixture = null;
    }
  }

  private ContractFixture fixture() {
    if (fixture == null) {
      throw new IllegalStateException("The contract's fixture is only available inside a test");
    }
    return fixture;
  }

  @Nested
  @DisplayName("registering versions")
  class Registration extends RegistrationContract {
    Registration() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("model files checked at registration")
  class ModelFiles extends ModelFileContract {
    ModelFiles() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("version numbers, lookup and model URIs")
  class VersionLookup extends VersionLookupContract {
    VersionLookup() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("paged listings")
  class Paging extends PagingContract {
    Paging() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("model and version tags")
  class Tags extends TagContract {
    Tags() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("aliases with compare-and-set")
  class Aliases extends AliasContract {
    Aliases() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("archiving versions")
  class Archiving extends ArchiveContract {
    Archiving() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("opening artifacts")
  class Artifacts extends ArtifactContract {
    Artifacts() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("artifact integrity")
  class Integrity extends IntegrityContract {
    Integrity() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("audit log")
  class AuditLog extends AuditContract {
    AuditLog() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("events")
  class Events extends EventContract {
    Events() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("many threads at once")
  class Concurrency extends ConcurrencyContract {
    Concurrency() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("model names")
  class Names extends NameContract {
    Names() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("a closed registry")
  class ClosedRegistry extends ClosedRegistryContract {
    ClosedRegistry() {
      super(ModelRegistryContract.this::fixture);
    }
  }

  @Nested
  @DisplayName("clock and actor")
  class ClockAndActor extends ClockAndActorContract {
    ClockAndActor() {
      super(ModelRegistryContract.this::fixture);
    }
  }
}
