package dev.mlops.testkit;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.Subscription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A closed registry refuses every operation with {@link IllegalStateException}. */
abstract class ClosedRegistryContract extends ContractGroup {

  ClosedRegistryContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Test
  void everyOperationOfAClosedRegistryIsAnIllegalState() {
    register("churn");
    if (fixture().supportsChanges()) {
      registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    }
    RegistrationRequest request = request("churn").build();
    ModelRegistry closed = registry();
    closed.close();

    Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
    ops.put("register", () -> closed.register(request));
    ops.put("getVersion", () -> closed.getVersion("churn", 1));
    ops.put("resolve", () -> closed.resolve(ModelUri.alias("churn", "production")));
    ops.put("resolve text", () -> closed.resolve("models:/churn/latest"));
    ops.put("getModel", () -> closed.getModel("churn"));
    ops.put("listModels", () -> closed.listModels(PageRequest.first()));
    ops.put("listVersions", () -> closed.listVersions("churn", PageRequest.first()));
    ops.put("setModelTag", () -> closed.setModelTag("churn", "k", "v"));
    ops.put("deleteModelTag", () -> closed.deleteModelTag("churn", "k"));
    ops.put("setVersionTag", () -> closed.setVersionTag("churn", 1, "k", "v"));
    ops.put("deleteVersionTag", () -> closed.deleteVersionTag("churn", 1, "k"));
    ops.put("setAlias", () -> closed.setAlias("churn", "staging", 1, AliasPrecondition.any(), null));
    ops.put("deleteAlias", () -> closed.deleteAlias("churn", "production", AliasPrecondition.any(), null));
    ops.put("archiveVersion", () -> closed.archiveVersion("churn", 1, null));
    ops.put("openArtifact", () -> closed.openArtifact("churn", 1).close());
    ops.put("openArtifact by URI", () -> closed.openArtifact(ModelUri.version("churn", 1)).close());
    ops.put("auditLog", () -> closed.auditLog(null, PageRequest.first()));
    ops.put("subscribe", () -> closed.subscribe(e -> { }));
    ops.forEach((name, op) -> thrownBy(name, IllegalStateException.class, op));
  }

  @Test
  void aSubscriptionMayBeClosedAfterItsRegistry() {
    Subscription subscription = registry().subscribe(new RecordingListener());
    registry().close();

    subscription.close();
    subscription.close();
  }
}
