package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.InvalidModelUriException;
import dev.mlops.registry.InvalidNameException;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Model names: every operation refuses names that break the naming rules, in particular names that
 * could escape a storage root, and accepts every name the rules allow.
 */
abstract class NameContract extends ContractGroup {

  static final List<String> INVALID_MODEL_NAMES = List.of(
      "", "..", "../escape", "a/b", "/absolute", "C:\\models", "a\\b", "with space", "-dash",
      ".hidden", "_under", "x".repeat(129), "nul\u0000byte", "caf\u00e9", "tab\tname");

  NameContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Test
  void invalidModelNamesAreRejectedByEveryOperation() {
    register("churn");

    for (String name : INVALID_MODEL_NAMES) {
      for (Map.Entry<String, ThrowingCallable> op : operationsOn(name).entrySet()) {
        InvalidNameException e =
            thrownBy(op.getKey() + " of '" + name + "'", InvalidNameException.class, op.getValue());
        assertThat(e.kind()).as(op.getKey() + " of '" + name + "'").isEqualTo("model name");
        assertThat(e.value()).as(op.getKey() + " of '" + name + "'").isEqualTo(name);
      }
    }
    assertThat(registry().listModels(PageRequest.first()).items())
        .extracting(RegisteredModel::name).containsExactly("churn");
  }

  @Test
  void aModelUriWithAnInvalidNameIsNotAModelUri() {
    register("churn");

    thrownBy(InvalidModelUriException.class, () -> registry().resolve("models:/../churn/1"));
    thrownBy(InvalidModelUriException.class, () -> registry().resolve("models:/a b@production"));
  }

  @Test
  void everyNameTheRulesAllowIsAccepted() {
    String longest = "m" + "0123456789".repeat(12) + "abcdefg";
    List<String> names = List.of(longest, "A.b_c-9", "9lives", "x", "UPPER", "dots.in.name");

    for (String name : names) {
      register(name);
      registry().setModelTag(name, "k", "v");
      registry().setAlias(name, "production", 1, AliasPrecondition.absent(), null);
      assertThat(registry().resolve("models:/" + name + "@production").name()).isEqualTo(name);
    }
    assertThat(longest).hasSize(128);
    assertThat(all(p -> registry().listModels(p))).extracting(RegisteredModel::name)
        .containsExactlyElementsOf(names.stream().sorted().toList());
  }

  private Map<String, ThrowingCallable> operationsOn(String name) {
    Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
    ops.put("getVersion", () -> registry().getVersion(name, 1));
    ops.put("getModel", () -> registry().getModel(name));
    ops.put("listVersions", () -> registry().listVersions(name, PageRequest.first()));
    ops.put("setModelTag", () -> registry().setModelTag(name, "k", "v"));
    ops.put("deleteModelTag", () -> registry().deleteModelTag(name, "k"));
    ops.put("setVersionTag", () -> registry().setVersionTag(name, 1, "k", "v"));
    ops.put("deleteVersionTag", () -> registry().deleteVersionTag(name, 1, "k"));
    ops.put("setAlias", () -> registry().setAlias(name, "production", 1, AliasPrecondition.any(), null));
    ops.put("deleteAlias", () -> registry().deleteAlias(name, "production", AliasPrecondition.any(), null));
    ops.put("archiveVersion", () -> registry().archiveVersion(name, 1, null));
    ops.put("openArtifact", () -> registry().openArtifact(name, 1).close());
    return ops;
  }
}
