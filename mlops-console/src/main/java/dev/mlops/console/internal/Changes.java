package dev.mlops.console.internal;

import dev.mlops.core.lifecycle.PromotionResult;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.VersionConflictException;
import org.jspecify.annotations.Nullable;

/**
 * The changes a console allows, each a form posted by a signed-in user: moving or setting an
 * alias (compare-and-set against the version the page showed, so a move made meanwhile by
 * someone else is never overwritten) and approving or rejecting the version awaiting approval
 * (the lifecycle's {@code Promotions}, as {@code mlops approve} and {@code mlops reject}). The
 * audit log records each change, with the console user in its reason; approvals and rejections
 * also name them in the version's approval tags.
 */
final class Changes {

  private static final int MAX_REASON = 500;

  private Changes() {}

  /**
   * {@code POST /models/NAME/aliases/ALIAS}: points an existing alias at another version if it
   * still points to the version the page showed ({@code expected}).
   */
  static Answer moveAlias(Exchange exchange, ConsoleSettings settings, String model, String alias) {
    requireAllowed(settings);
    int version = version(exchange.requiredForm("version", "version"));
    String expected = exchange.requiredForm(ChangeForms.EXPECTED, "expected version");
    AliasPrecondition precondition = expected.equals("none") ? AliasPrecondition.absent()
        : AliasPrecondition.pointsTo(version(expected));
    return setAlias(exchange, settings, model, alias, version, precondition);
  }

  /** {@code POST /models/NAME/aliases}: sets an alias that does not exist yet. */
  static Answer newAlias(Exchange exchange, ConsoleSettings settings, String model) {
    requireAllowed(settings);
    String alias = exchange.requiredForm("alias", "alias");
    int version = version(exchange.requiredForm("version", "version"));
    return setAlias(exchange, settings, model, alias, version, AliasPrecondition.absent());
  }

  private static Answer setAlias(Exchange exchange, ConsoleSettings settings, String model,
      String alias, int version, AliasPrecondition precondition) {
    NameRules.checkAlias(alias);
    String reason = "moved by " + exchange.principal().actor() + " in the web console"
        + suffix(reason(exchange));
    try {
      settings.registry().setAlias(model, alias, version, precondition, reason);
    } catch (VersionConflictException e) {
      Integer actual = e.actualVersion();
      throw new HttpProblem(409, "Alias '" + alias + "' of model '" + model + "' was not "
          + (precondition.kind() == AliasPrecondition.Kind.ABSENT ? "set" : "moved") + ": it "
          + (actual == null ? "is not set" : "points to version " + actual) + " now, not "
          + (precondition.kind() == AliasPrecondition.Kind.ABSENT ? "unset"
              : "version " + precondition.version())
          + " as the page showed (it changed meanwhile). Reload the page and decide again.");
    }
    return Answer.seeOther(Urls.withQuery(Urls.path("models", model), "changed", alias) + "#aliases");
  }

  /** {@code POST /models/NAME/versions/N/approve}: approves the version awaiting approval. */
  static Answer approve(Exchange exchange, ConsoleSettings settings, String model, int version) {
    requireAllowed(settings);
    PromotionResult result = settings.promotions()
        .approve(model, version, exchange.principal().actor(), reason(exchange));
    if (!result.promoted()) {
      throw new HttpProblem(409, "Version " + version + " of model '" + model + "' was "
          + result.reason() + ". Reload the page and decide again.");
    }
    return Answer.seeOther(Urls.path("models", model, "versions", version));
  }

  /** {@code POST /models/NAME/versions/N/reject}: rejects the version awaiting approval. */
  static Answer reject(Exchange exchange, ConsoleSettings settings, String model, int version) {
    requireAllowed(settings);
    String reason = reason(exchange);
    if (reason == null) {
      throw HttpProblem.badRequest("Rejecting version " + version + " of model '" + model
          + "' needs a reason, for the audit log");
    }
    settings.promotions().reject(model, version, exchange.principal().actor(), reason);
    return Answer.seeOther(Urls.path("models", model, "versions", version));
  }

  private static void requireAllowed(ConsoleSettings settings) {
    if (!settings.allowChanges()) {
      throw HttpProblem.forbidden("This console is read-only: start it with changes allowed"
          + " (mlops ui --allow-changes with a token) to move aliases or approve versions");
    }
  }

  private static @Nullable String reason(Exchange exchange) {
    String reason = exchange.form("reason");
    if (reason != null && reason.length() > MAX_REASON) {
      throw HttpProblem.badRequest("A reason may have up to " + MAX_REASON + " characters but has "
          + reason.length());
    }
    return reason;
  }

  private static String suffix(@Nullable String reason) {
    return reason == null ? "" : ": " + reason;
  }

  /**
   * A version number from a form or path.
   *
   * @param text the text
   * @return the version
   * @throws HttpProblem 400 if it is not a positive number
   */
  static int version(String text) {
    if (!text.matches("[1-9][0-9]{0,8}")) {
      throw HttpProblem.badRequest("'" + Pages.excerpt(text) + "' is not a version number");
    }
    return Integer.parseInt(text);
  }
}
