package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.InvalidNameException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.NameRules;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Tags on models and on versions: setting, overwriting, deleting, and what is refused. */
abstract class TagContract extends ContractGroup {

  static final List<String> INVALID_KEYS =
      List.of("", "has space", "../up", "a/b", "-dash", "_under", "k\u00e9y", "x".repeat(129));

  TagContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void aModelTagCanBeSetAndOverwritten() {
    register("churn");

    registry().setModelTag("churn", "owner", "risk-team");
    registry().setModelTag("churn", "domain", "retention");
    assertThat(registry().getModel("churn").tags())
        .isEqualTo(Map.of("owner", "risk-team", "domain", "retention"));

    registry().setModelTag("churn", "owner", "growth-team");
    assertThat(registry().getModel("churn").tags())
        .isEqualTo(Map.of("owner", "growth-team", "domain", "retention"));
  }

  @Test
  void deletingAModelTagReportsWhetherItExisted() {
    register("churn");
    registry().setModelTag("churn", "owner", "risk-team");

    assertThat(registry().deleteModelTag("churn", "owner")).isTrue();
    assertThat(registry().getModel("churn").tags()).isEmpty();
    assertThat(registry().deleteModelTag("churn", "owner")).isFalse();
    assertThat(registry().deleteModelTag("churn", "never-set")).isFalse();
  }

  @Test
  void aVersionTagIsSetOnThatVersionOnly() {
    register("churn", b -> b.tag("stage", "candidate"));
    register("churn", b -> b.tag("stage", "candidate"));

    registry().setVersionTag("churn", 2, "reviewed-by", "ana");
    registry().setVersionTag("churn", 2, "stage", "approved");

    assertThat(registry().getVersion("churn", 2).tags())
        .isEqualTo(Map.of("stage", "approved", "reviewed-by", "ana"));
    assertThat(registry().getVersion("churn", 1).tags()).isEqualTo(Map.of("stage", "candidate"));
    assertThat(registry().getModel("churn").tags()).isEmpty();
  }

  @Test
  void deletingAVersionTagReportsWhetherItExisted() {
    register("churn", b -> b.tag("stage", "candidate"));

    assertThat(registry().deleteVersionTag("churn", 1, "stage")).isTrue();
    assertThat(registry().getVersion("churn", 1).tags()).isEmpty();
    assertThat(registry().deleteVersionTag("churn", 1, "stage")).isFalse();
  }

  @Test
  void modelTagsAndVersionTagsAreSeparate() {
    register("churn");
    registry().setModelTag("churn", "owner", "model-level");
    registry().setVersionTag("churn", 1, "owner", "version-level");

    assertThat(registry().deleteModelTag("churn", "owner")).isTrue();
    assertThat(registry().getVersion("churn", 1).tags()).isEqualTo(Map.of("owner", "version-level"));
  }

  @Test
  void tagsOfAMissingModelOrVersionAreNotFound() {
    register("churn");

    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().setModelTag("fraud", "k", "v")).reference()).isNull();
    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().deleteModelTag("fraud", "k")).reference()).isNull();
    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().setVersionTag("churn", 9, "k", "v")).reference()).contains("9");
    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().deleteVersionTag("churn", 9, "k")).reference()).contains("9");
    assertThat(thrownBy(ModelNotFoundException.class,
        () -> registry().setVersionTag("fraud", 1, "k", "v")).modelName()).isEqualTo("fraud");
  }

  @Test
  void invalidTagKeysAreRejectedAndChangeNothing() {
    register("churn");

    for (String key : INVALID_KEYS) {
      for (var call : List.<ThrowingCallable>of(
          () -> registry().setModelTag("churn", key, "v"),
          () -> registry().deleteModelTag("churn", key),
          () -> registry().setVersionTag("churn", 1, key, "v"),
          () -> registry().deleteVersionTag("churn", 1, key))) {
        InvalidNameException e = thrownBy(InvalidNameException.class, call);
        assertThat(e.kind()).as(key).isEqualTo("tag key");
        assertThat(e.value()).as(key).isEqualTo(key);
      }
    }
    assertThat(registry().getModel("churn").tags()).isEmpty();
    assertThat(registry().getVersion("churn", 1).tags()).isEmpty();
  }

  @Test
  void aTagValueMayHaveUpToTheMaximumLength() {
    register("churn");
    String longest = "v".repeat(NameRules.MAX_TAG_VALUE_LENGTH);

    registry().setModelTag("churn", "notes", longest);
    registry().setVersionTag("churn", 1, "notes", longest);

    assertThat(registry().getModel("churn").tags().get("notes")).isEqualTo(longest);
    assertThat(registry().getVersion("churn", 1).tags().get("notes")).isEqualTo(longest);
  }

  @Test
  void aLongerTagValueIsRejected() {
    register("churn");
    String tooLong = "v".repeat(NameRules.MAX_TAG_VALUE_LENGTH + 1);

    thrownBy(InvalidNameException.class, () -> registry().setModelTag("churn", "notes", tooLong));
    thrownBy(InvalidNameException.class, () -> registry().setVersionTag("churn", 1, "notes", tooLong));
    assertThat(registry().getModel("churn").tags()).isEmpty();
    assertThat(registry().getVersion("churn", 1).tags()).isEmpty();
  }

  @Test
  void tagValuesKeepAnyText() {
    register("churn");
    String value = "line one\nline two \u00e9\u00e8 \u2713 \"quoted\" {json: [1]} ../../etc";

    registry().setModelTag("churn", "free-text", value);
    registry().setVersionTag("churn", 1, "empty", "");

    assertThat(registry().getModel("churn").tags().get("free-text")).isEqualTo(value);
    assertThat(registry().getVersion("churn", 1).tags().get("empty")).isEqualTo("");
  }
}
