package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.Subscription;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Tests of the contract itself: every group is discovered for an implementation in another
 * package, and registries that each break one rule fail the tests that guard it.
 */
class ContractKitTest {

  @Test
  void everyGroupIsDiscoveredWithAllItsTestsForASubclassInAnotherPackage() {
    TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass("dev.mlops.testkit.usage.InMemoryModelRegistryContractTest"))
        .build());
    List<Class<?>> groups = Arrays.stream(ModelRegistryContract.class.getDeclaredClasses())
        .filter(c -> c.isAnnotationPresent(Nested.class))
        .toList();
    assertThat(groups).hasSize(15);

    for (Class<?> group : groups) {
      TestIdentifier container = allIdentifiers(plan).stream()
          .filter(id -> id.getSource()
              .filter(s -> s instanceof ClassSource cs && cs.getJavaClass() == group)
              .isPresent())
          .findFirst()
          .orElseThrow(() -> new AssertionError("group " + group.getSimpleName() + " was not discovered"));
      long declared = Arrays.stream(group.getSuperclass().getDeclaredMethods())
          .filter(m -> m.isAnnotationPresent(Test.class))
          .count();
      assertThat(declared).as(group.getSimpleName()).isPositive();
      assertThat(plan.getChildren(container)).as(group.getSimpleName())
          .filteredOn(TestIdentifier::isTest).hasSize((int) declared);
    }
  }

  @Test
  void aRegistryThatIgnoresAliasPreconditionsFailsTheCompareAndSetTests() {
    assertFails(IgnoresAliasPreconditions.class, ModelRegistryContract.Aliases.class,
        "theAbsentPreconditionFailsOnceTheAliasExistsAndReportsWhereItPoints",
        "aVersionPreconditionHoldsOnlyWhenTheAliasPointsThere",
        "thePreconditionIsCheckedBeforeTheNoOpRule");
    assertFails(IgnoresAliasPreconditions.class, ModelRegistryContract.Concurrency.class,
        "concurrentCompareAndSetOnOneAliasHasExactlyOneWinnerPerRound");
  }

  @Test
  void aRegistryWhoseLatestIncludesArchivedVersionsFailsTheLatestTests() {
    assertFails(LatestIncludesArchived.class, ModelRegistryContract.VersionLookup.class,
        "aLatestUriResolvesToTheNewestVersionThatIsNotArchived",
        "aLatestUriOfAModelWhoseVersionsAreAllArchivedIsNotFound");
  }

  @Test
  void aRegistryWhoseSubscriptionsNeverCloseFailsTheSubscriptionTest() {
    assertFails(SubscriptionsNeverClose.class, ModelRegistryContract.Events.class,
        "closingASubscriptionStopsDelivery");
  }

  @Test
  void aRegistryThatDropsFailingListenersFailsTheListenerTest() {
    assertFails(DropsFailingListeners.class, ModelRegistryContract.Events.class,
        "aListenerThatThrowsStaysSubscribedAndOthersStillReceive");
  }

  @Test
  void aRegistryThatRecordsNoOpTagChangesFailsTheNoOpTests() {
    assertFails(RecordsNoOpTagChanges.class, ModelRegistryContract.AuditLog.class,
        "operationsThatChangeNothingAppendNothing");
    assertFails(RecordsNoOpTagChanges.class, ModelRegistryContract.Events.class,
        "operationsThatChangeNothingEmitNothing");
  }

  @Test
  void aRegistryWithOffsetPageTokensFailsWhenModelsAreAddedWhileListing() {
    assertFails(OffsetPageTokens.class, ModelRegistryContract.Paging.class,
        "modelsAddedWhileListingNeitherRepeatNorHideTheOthers");
  }

  @Test
  void aRegistryThatNeverNoticesDamageFailsTheIntegrityTests() {
    assertFails(NeverNoticesDamage.class, ModelRegistryContract.Integrity.class,
        "aDamagedFileIsDetectedOnOpenAndNamedWithoutItsContent",
        "aDamagedFileIsDetectedThroughEveryKindOfUri",
        "damageIsDetectedEveryTimeNotOnlyOnce");
  }

  @Test
  void theIntegrityAndClockTestsAreSkippedWhenTheirHooksAreMissing() {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectNestedClass(List.of(WithoutHooks.class), ModelRegistryContract.Integrity.class),
            selectNestedClass(List.of(WithoutHooks.class), ModelRegistryContract.ClockAndActor.class))
        .execute();

    assertThat(results.testEvents().failed().count()).isZero();
    assertThat(results.testEvents().aborted().count()).isEqualTo(4 + 3);
    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
    assertThat(results.testEvents().aborted().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
            .orElseThrow().getMessage()))
        .allSatisfy(m -> assertThat(m).containsAnyOf("corruptArtifact", "createRegistry(Clock, String)"));
  }

  @Test
  void aReadOnlyRegistrySkipsTheChangeTestsAndPassesTheReadingOnes() {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(ReadOnlyView.class))
        .execute();

    assertThat(results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .isEmpty();
    assertThat(results.testEvents().succeeded().count()).isGreaterThan(20);
    for (Class<?> group : List.of(ModelRegistryContract.Registration.class,
        ModelRegistryContract.Aliases.class, ModelRegistryContract.Events.class)) {
      assertThat(results.testEvents().succeeded().stream().filter(e -> e.getTestDescriptor().getSource()
              .filter(s -> s instanceof MethodSource m && m.getClassName().equals(group.getName()))
              .isPresent()).count())
          .as(group.getSimpleName()).isZero();
    }
    assertThat(results.testEvents().aborted().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
            .orElseThrow().getMessage()))
        .anySatisfy(m -> assertThat(m).contains("setAlias").contains("ReadOnlyView"))
        .anySatisfy(m -> assertThat(m).contains("tests changes"));
  }

  /**
   * Runs the named tests of one group against a registry and asserts that each of them fails.
   * Events that a broken registry never delivers are awaited for a short time only.
   */
  private static void assertFails(
      Class<? extends ModelRegistryContract> registry, Class<?> group, String... tests) {
    String previous = System.setProperty(ModelRegistryContract.EVENT_DEADLINE_PROPERTY, "PT2S");
    EngineExecutionResults results;
    try {
      results = EngineTestKit.engine("junit-jupiter")
          .selectors(Arrays.stream(tests)
              .map(test -> selectNestedMethod(List.of(registry), group, test))
              .toArray(DiscoverySelector[]::new))
          .execute();
    } finally {
      if (previous == null) {
        System.clearProperty(ModelRegistryContract.EVENT_DEADLINE_PROPERTY);
      } else {
        System.setProperty(ModelRegistryContract.EVENT_DEADLINE_PROPERTY, previous);
      }
    }
    assertThat(results.testEvents().started().count()).as("tests run").isEqualTo(tests.length);
    assertThat(results.testEvents().failed().stream()
        .map(Event::getTestDescriptor)
        .map(d -> ((MethodSource) d.getSource().orElseThrow()).getMethodName()))
        .as("tests failed by %s", registry.getSimpleName())
        .containsExactlyInAnyOrder(tests);
  }

  private static List<TestIdentifier> allIdentifiers(TestPlan plan) {
    return plan.getRoots().stream()
        .flatMap(root -> plan.getDescendants(root).stream())
        .toList();
  }

  // ---- registries that each break one rule ----

  static class WithoutHooks extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
      return new InMemoryModelRegistry();
    }
  }

  /** An in-memory registry seen through a view that refuses every change. */
  static class ReadOnlyView extends ModelRegistryContract {
    private final InMemoryModelRegistry store = new InMemoryModelRegistry();

    @Override
    protected boolean supportsChanges() {
      return false;
    }

    @Override
    protected ModelVersion publish(ModelRegistry registry, RegistrationRequest request) {
      return store.register(request);
    }

    @Override
    protected ModelRegistry createRegistry() {
      return new ForwardingModelRegistry(store) {
        @Override
        public ModelVersion register(RegistrationRequest request) {
          throw refused(request.name());
        }

        @Override
        public void setModelTag(String name, String key, String value) {
          throw refused(name);
        }

        @Override
        public boolean deleteModelTag(String name, String key) {
          throw refused(name);
        }

        @Override
        public void setVersionTag(String name, int version, String key, String value) {
          throw refused(name);
        }

        @Override
        public boolean deleteVersionTag(String name, int version, String key) {
          throw refused(name);
        }

        @Override
        public OptionalInt setAlias(String n, String a, int v, AliasPrecondition e, String r) {
          throw refused(n);
        }

        @Override
        public int deleteAlias(String n, String a, AliasPrecondition e, String r) {
          throw refused(n);
        }

        @Override
        public ModelVersion archiveVersion(String name, int version, String reason) {
          throw refused(name);
        }

        private UnsupportedOperationException refused(String name) {
          NameRules.checkModelName(name);
          return new UnsupportedOperationException("this view is read-only");
        }
      };
    }
  }

  static class NeverNoticesDamage extends WithoutHooks {
    @Override
    protected void corruptArtifact(ModelRegistry r, String name, int version, String relativePath) {
      // Damage that the registry cannot see is the same as a registry that does not look.
    }
  }

  static class IgnoresAliasPreconditions extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
      return new ForwardingModelRegistry(new InMemoryModelRegistry()) {
        @Override
        public OptionalInt setAlias(String n, String a, int v, AliasPrecondition e, String r) {
          return delegate.setAlias(n, a, v, AliasPrecondition.any(), r);
        }
      };
    }
  }

  static class LatestIncludesArchived extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
      return new ForwardingModelRegistry(new InMemoryModelRegistry()) {
        @Override
        public ModelVersion resolve(ModelUri uri) {
          return uri.kind() == ModelUri.Kind.LATEST
              ? delegate.getVersion(uri.name(), delegate.getModel(uri.name()).latestVersion())
              : delegate.resolve(uri);
        }
      };
    }
  }

  static class SubscriptionsNeverClose extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
      return new ForwardingModelRegistry(new InMemoryModelRegistry()) {
        @Override
        public Subscription subscribe(RegistryListener listener) {
          delegate.subscribe(listener);
          return () -> { };
        }
      };
    }
  }

  static class DropsFailingListeners extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
      return new ForwardingModelRegistry(new InMemoryModelRegistry()) {
        @Override
        public Subscription subscribe(RegistryListener listener) {
          AtomicReference<Subscription> self = new AtomicReference<>();
          self.set(delegate.subscribe(event -> {
            try {
              listener.onEvent(event);
            } catch (RuntimeException e) {
              self.get().close();
              throw e;
            }
          }));
          return self.get();
        }
      };
    }
  }

  static class RecordsNoOpTagChanges extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
      return new ForwardingModelRegistry(new InMemoryModelRegistry()) {
        @Override
        public void setModelTag(String name, String key, String value) {
          if (Objects.equals(delegate.getModel(name).tags().get(key), value)) {
            delegate.deleteModelTag(name, key);
          }
          delegate.setModelTag(name, key, value);
        }
      };
    }
  }

  static class OffsetPageTokens extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
      return new ForwardingModelRegistry(new InMemoryModelRegistry()) {
        @Override
        public Page<RegisteredModel> listModels(PageRequest page) {
          int offset = page.pageToken() == null ? 0 : Integer.parseInt(page.pageToken());
          List<RegisteredModel> all = delegate.listModels(PageRequest.first(PageRequest.MAX_LIMIT)).items();
          int end = Math.min(offset + page.limit(), all.size());
          String next = end < all.size() ? Integer.toString(end) : null;
          return new Page<>(all.subList(Math.min(offset, end), end), next);
        }
      };
    }
  }
}
