package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.GateDecision;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.VersionConflictException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the production and staging aliases of a registry's models for the lifecycle, and records
 * every decision with its reasons in the registry's audit log.
 *
 * <ul>
 *   <li>{@link #promote} points {@code production} at a challenger with compare-and-set against the
 *       champion the decision was made against; if another writer moved the alias in between, the
 *       challenger is not promoted and the lost race is recorded.
 *   <li>{@link #stage} points {@code staging} at a challenger that awaits a person's approval.
 *   <li>{@link #approve} promotes the staged challenger and removes the staging alias;
 *       {@link #reject} records the rejection and removes the staging alias.
 * </ul>
 *
 * <p>Alias moves carry their reasons into the audit log. Decisions that move no alias (a gate's
 * verdict, a rejection, a lost race) are recorded as version tags ({@link LifecycleTags}), whose
 * changes the registry audits with their values.
 *
 * @since 0.1
 */
public final class Promotions {

  /** The alias of the version serving production, by default. */
  public static final String PRODUCTION = "production";

  /** The alias of a challenger awaiting approval, by default. */
  public static final String STAGING = "staging";

  private static final Logger LOG = LoggerFactory.getLogger(Promotions.class);

  private final ModelRegistry registry;
  private final String productionAlias;
  private final String stagingAlias;

  private Promotions(ModelRegistry registry, String productionAlias, String stagingAlias) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.productionAlias = NameRules.checkAlias(productionAlias);
    this.stagingAlias = NameRules.checkAlias(stagingAlias);
    if (productionAlias.equals(stagingAlias)) {
      throw new IllegalArgumentException("The production and staging aliases must differ but both are '"
          + productionAlias + "'");
    }
  }

  /**
   * Promotions over a registry with the aliases {@value #PRODUCTION} and {@value #STAGING}.
   *
   * @param registry the registry
   * @return the promotions
   */
  public static Promotions of(ModelRegistry registry) {
    return new Promotions(registry, PRODUCTION, STAGING);
  }

  /**
   * Promotions over a registry with other alias names.
   *
   * @param registry the registry
   * @param productionAlias the alias of the champion
   * @param stagingAlias the alias of a challenger awaiting approval
   * @return the promotions
   * @throws dev.mlops.registry.InvalidNameException if an alias is invalid
   * @throws IllegalArgumentException if both aliases are the same
   */
  public static Promotions of(ModelRegistry registry, String productionAlias, String stagingAlias) {
    return new Promotions(registry, productionAlias, stagingAlias);
  }

  /**
   * The alias of the champion.
   *
   * @return such as {@code production}
   */
  public String productionAlias() {
    return productionAlias;
  }

  /**
   * The alias of a challenger awaiting approval.
   *
   * @return such as {@code staging}
   */
  public String stagingAlias() {
    return stagingAlias;
  }

  /**
   * Records a gate's verdict on a challenger as version tags: the champion it was compared with,
   * the reasons, then the verdict.
   *
   * @param challenger the judged version
   * @param champion the champion version it was compared with, or null if there was none
   * @param decision the verdict
   * @throws dev.mlops.registry.ModelNotFoundException if the version does not exist
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public void recordVerdict(ModelVersion challenger, @Nullable Integer champion, GateDecision decision) {
    String name = challenger.name();
    int version = challenger.version();
    registry.setVersionTag(name, version, LifecycleTags.GATE_CHAMPION, champion == null ? "none" : champion.toString());
    registry.setVersionTag(name, version, LifecycleTags.GATE_REASONS, LifecycleTags.joined(decision.reasons()));
    registry.setVersionTag(name, version, LifecycleTags.GATE, switch (decision.verdict()) {
      case APPROVE -> "approved";
      case REJECT -> "rejected";
      case PENDING_APPROVAL -> "pending_approval";
    });
  }

  /**
   * Points the production alias at a challenger if it still points to {@code expectedChampion}.
   *
   * @param model the model
   * @param challenger the version to promote
   * @param expectedChampion the champion the decision was made against, or null if there was none
   * @param reasons why, recorded with the alias move
   * @return promoted, or not promoted because another writer moved the alias first (recorded as
   *     the version tag {@link LifecycleTags#PROMOTION})
   * @throws dev.mlops.registry.ModelNotFoundException if the model or version does not exist
   * @throws ModelStateException if the version is archived
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public PromotionResult promote(String model, int challenger, @Nullable Integer expectedChampion,
      List<String> reasons) {
    String over = expectedChampion == null ? "first production version" : "over version " + expectedChampion;
    String reason = "promoted version " + challenger + " " + over + ": " + String.join("; ", reasons);
    try {
      OptionalInt before = registry.setAlias(model, productionAlias, challenger,
          AliasPrecondition.of(expectedChampion), reason);
      LOG.info("Model '{}': {}", model, reason);
      return new PromotionResult(model, challenger, true, expectedChampion,
          before.isPresent() ? before.getAsInt() : null, reason);
    } catch (VersionConflictException e) {
      Integer actual = e.actualVersion();
      String lost = "not promoted: alias '" + productionAlias + "' pointed to "
          + (actual == null ? "nothing" : "version " + actual) + " instead of "
          + (expectedChampion == null ? "nothing" : "version " + expectedChampion)
          + " (another writer moved it first)";
      LOG.warn("Model '{}' version {}: {}", model, challenger, lost);
      registry.setVersionTag(model, challenger, LifecycleTags.PROMOTION, LifecycleTags.fit(lost));
      return new PromotionResult(model, challenger, false, expectedChampion, actual, lost);
    }
  }

  /**
   * Points the staging alias at a challenger that awaits a person's approval, replacing any
   * challenger staged before.
   *
   * @param model the model
   * @param challenger the version
   * @param reasons why, recorded with the alias move
   * @return the version staged before, if any
   * @throws dev.mlops.registry.ModelNotFoundException if the model or version does not exist
   * @throws ModelStateException if the version is archived
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public OptionalInt stage(String model, int challenger, List<String> reasons) {
    String reason = "awaiting approval: " + String.join("; ", reasons);
    OptionalInt before = registry.setAlias(model, stagingAlias, challenger, AliasPrecondition.any(), reason);
    LOG.info("Model '{}' version {} staged as '{}': {}", model, challenger, stagingAlias, reason);
    return before;
  }

  /**
   * A person approves the staged challenger: the production alias moves to it (compare-and-set
   * against where it points now), the version is tagged {@code approval=approved}, and the
   * staging alias is removed.
   *
   * @param model the model
   * @param version the staged version
   * @param actor who approves, recorded with the reason
   * @param reason why, or null
   * @return the promotion; not promoted if another writer moved the production alias meanwhile
   * @throws ModelStateException if the version is not the one the staging alias points to
   * @throws dev.mlops.registry.ModelNotFoundException if the model or version does not exist
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public PromotionResult approve(String model, int version, String actor, @Nullable String reason) {
    requireStaged(model, version, "approved");
    ModelVersion staged = registry.getVersion(model, version);
    Integer champion = registry.getModel(model).aliases().get(productionAlias);
    String judged = staged.tags().get(LifecycleTags.GATE_CHAMPION);
    String why = "approved by " + actor + (reason == null || reason.isBlank() ? "" : ": " + reason);
    String context = judged == null || judged.equals(String.valueOf(champion == null ? "none" : champion))
        ? why : why + " (the gate had judged it against " + ("none".equals(judged) ? "no champion"
            : "version " + judged) + ")";
    PromotionResult result = promote(model, version, champion, List.of(context));
    if (result.promoted()) {
      registry.setVersionTag(model, version, LifecycleTags.APPROVAL_REASON, LifecycleTags.fit(why));
      registry.setVersionTag(model, version, LifecycleTags.APPROVAL, "approved");
      unstage(model, version, why + "; promoted to " + productionAlias);
    }
    return result;
  }

  /**
   * A person rejects the staged challenger: the version is tagged {@code approval=rejected} with
   * the reason, and the staging alias is removed.
   *
   * @param model the model
   * @param version the staged version
   * @param actor who rejects
   * @param reason why, required
   * @throws IllegalArgumentException if the reason is blank
   * @throws ModelStateException if the version is not the one the staging alias points to
   * @throws dev.mlops.registry.ModelNotFoundException if the model or version does not exist
   * @throws dev.mlops.registry.RegistryStorageException if the registry cannot be written
   */
  public void reject(String model, int version, String actor, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("Rejecting version " + version + " of model '" + model
          + "' needs a reason, for the audit log");
    }
    requireStaged(model, version, "rejected");
    String why = "rejected by " + actor + ": " + reason;
    registry.setVersionTag(model, version, LifecycleTags.APPROVAL_REASON, LifecycleTags.fit(why));
    registry.setVersionTag(model, version, LifecycleTags.APPROVAL, "rejected");
    unstage(model, version, why);
    LOG.info("Model '{}' version {} {}", model, version, why);
  }

  private void requireStaged(String model, int version, String decision) {
    NameRules.checkVersion(model, version);
    Integer staged = registry.getModel(model).aliases().get(stagingAlias);
    if (staged == null || staged != version) {
      throw new ModelStateException("Version " + version + " of model '" + model + "' cannot be " + decision
          + ": it is not awaiting approval (alias '" + stagingAlias + "' "
          + (staged == null ? "is not set" : "points to version " + staged) + "). Only the staged challenger"
          + " is approved or rejected here; 'mlops models approve' moves an alias to any version.");
    }
  }

  private void unstage(String model, int version, String reason) {
    try {
      registry.deleteAlias(model, stagingAlias, AliasPrecondition.pointsTo(version), reason);
    } catch (VersionConflictException | dev.mlops.registry.ModelNotFoundException e) {
      // Someone staged another challenger or removed the alias meanwhile: theirs stands.
      LOG.debug("Alias '{}' of model '{}' no longer points to version {}: {}", stagingAlias, model, version,
          e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Promotions[" + registry.location() + ", production=" + productionAlias + ", staging="
        + stagingAlias + "]";
  }
}
