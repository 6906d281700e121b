package dev.mlops.console;

import static dev.mlops.console.ConsoleSecurityTest.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.lifecycle.LifecycleTags;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.PageRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The changes a console with changes allowed makes, and what the audit log records of them. */
class ConsoleChangesTest {

  static final String ALICE = basic("alice", "wonderland");

  @TempDir Path directory;
  ConsoleFixture fixture;
  ModelConsole console;
  ConsoleClient alice;

  @BeforeEach
  void start() throws Exception {
    fixture = new ConsoleFixture(directory);
    console = fixture.console().basicAuthUser("alice", "wonderland").allowChanges().start();
    alice = new ConsoleClient(console);
  }

  @AfterEach
  void stop() {
    console.close();
    fixture.registry.close();
  }

  @Test
  void movingAnAliasIsCompareAndSetAgainstTheVersionThePageShowed() {
    String page = alice.get("/models/churn", "Authorization", ALICE).body();
    assertThat(page).contains("class=\"change move-alias\"", "name=\"expected\" value=\"2\"");
    // someone else moves production while alice looks at the page
    fixture.registry.setAlias("churn", "production", 1, AliasPrecondition.pointsTo(2), "rollback");

    HttpResponse<String> lost = alice.post("/models/churn/aliases/production",
        Map.of("version", "3", "expected", "2", "reason", "better"), "Authorization", ALICE);
    assertThat(lost.statusCode()).isEqualTo(409);
    assertThat(lost.body()).contains("was not moved: it points to version 1 now, not version 2 as the page showed");
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 1);

    HttpResponse<String> moved = alice.post("/models/churn/aliases/production",
        Map.of("version", "3", "expected", "1", "reason", "better accuracy"), "Authorization", ALICE);
    assertThat(moved.statusCode()).isEqualTo(303);
    assertThat(moved.headers().firstValue("Location")).hasValue("/models/churn?changed=production#aliases");
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 3);
    AuditEntry entry = last(AuditAction.SET_ALIAS);
    assertThat(entry.key()).isEqualTo("production");
    assertThat(entry.before()).isEqualTo("1");
    assertThat(entry.after()).isEqualTo("3");
    assertThat(entry.reason()).isEqualTo("moved by ui:alice in the web console: better accuracy");
    assertThat(alice.get("/models/churn?changed=production", "Authorization", ALICE).body())
        .contains("Alias &#39;production&#39; points to version 3 now.",
            "moved by ui:alice in the web console: better accuracy");
  }

  @Test
  void aNewAliasIsSetOnlyWhereThereIsNoneYet() {
    alice.get("/models/fraud", "Authorization", ALICE);
    HttpResponse<String> set = alice.post("/models/fraud/aliases", Map.of("alias", "champion", "version", "1"),
        "Authorization", ALICE);
    assertThat(set.statusCode()).isEqualTo(303);
    assertThat(fixture.registry.getModel("fraud").aliases()).containsEntry("champion", 1);
    HttpResponse<String> again = alice.post("/models/fraud/aliases", Map.of("alias", "champion", "version", "1"),
        "Authorization", ALICE);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("was not set: it points to version 1 now, not unset");
    HttpResponse<String> badName = alice.post("/models/fraud/aliases", Map.of("alias", "latest", "version", "1"),
        "Authorization", ALICE);
    assertThat(badName.statusCode()).isEqualTo(400);
  }

  @Test
  void approvingTheVersionAwaitingApprovalPromotesItWithTheActor() {
    String page = alice.get("/models/churn", "Authorization", ALICE).body();
    assertThat(page).contains("Approve v3", "Reject v3");
    HttpResponse<String> approved = alice.post("/models/churn/versions/3/approve",
        Map.of("reason", "reviewed the report"), "Authorization", ALICE);
    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 3)
        .doesNotContainKey("staging");
    var v3 = fixture.registry.getVersion("churn", 3);
    assertThat(v3.tags()).containsEntry(LifecycleTags.APPROVAL, "approved")
        .containsEntry(LifecycleTags.APPROVAL_REASON, "approved by ui:alice: reviewed the report");
    assertThat(last(AuditAction.SET_ALIAS).reason()).startsWith("promoted version 3 over version 2: "
        + "approved by ui:alice: reviewed the report");
    assertThat(alice.get("/models/churn/versions/3", "Authorization", ALICE).body())
        .contains("badge approval-approved", "approved by ui:alice: reviewed the report");
  }

  @Test
  void rejectingNeedsAReasonAndKeepsProduction() {
    alice.get("/models/churn/versions/3", "Authorization", ALICE);
    assertThat(alice.post("/models/churn/versions/3/reject", Map.of(), "Authorization", ALICE).statusCode())
        .isEqualTo(400);
    HttpResponse<String> rejected = alice.post("/models/churn/versions/3/reject",
        Map.of("reason", "drift in the holdout"), "Authorization", ALICE);
    assertThat(rejected.statusCode()).isEqualTo(303);
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 2)
        .doesNotContainKey("staging");
    assertThat(fixture.registry.getVersion("churn", 3).tags())
        .containsEntry(LifecycleTags.APPROVAL, "rejected")
        .containsEntry(LifecycleTags.APPROVAL_REASON, "rejected by ui:alice: drift in the holdout");
    assertThat(last(AuditAction.DELETE_ALIAS).reason()).isEqualTo("rejected by ui:alice: drift in the holdout");
  }

  @Test
  void onlyTheVersionAwaitingApprovalCanBeApproved() {
    alice.get("/models/churn/versions/1", "Authorization", ALICE);
    HttpResponse<String> refused = alice.post("/models/churn/versions/1/approve", Map.of(), "Authorization", ALICE);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("it is not awaiting approval");
    assertThat(fixture.registry.getModel("churn").aliases()).containsEntry("production", 2);
  }

  private AuditEntry last(AuditAction action) {
    List<AuditEntry> entries = fixture.registry.auditLog("churn", new PageRequest(1000, null)).items()
        .stream().filter(e -> e.action() == action).toList();
    return entries.get(entries.size() - 1);
  }
}
