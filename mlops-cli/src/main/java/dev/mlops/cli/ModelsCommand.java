package dev.mlops.cli;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops models ...}: registering, listing, showing, aliasing, tagging, approving, rolling
 * back, archiving, verifying, downloading and copying model versions.
 *
 * <p>Approval is recorded in two places: {@code approve} moves the {@code production} alias (or
 * {@code --alias}) to the version, compare-and-set against the alias's current value, with the
 * reason in the audit log, and tags the version {@code approval=approved}; {@code reject} tags it
 * {@code approval=rejected} (and {@code approval.reason} when given) and moves no alias.
 *
 * @since 0.1
 */
@Command(name = "models",
    description = "Register, list, show, alias, tag, approve, roll back, archive, verify, download and copy"
        + " models.",
    subcommands = {TagCommand.class, DownloadCommand.class, CopyCommand.class})
public final class ModelsCommand {
  /** The alias {@code approve} and {@code rollback} move unless told otherwise. */
  static final String PRODUCTION = "production";

  /** The version tag that records an approval decision. */
  static final String APPROVAL_TAG = "approval";

  /** The version tag that records the reason of a rejection. */
  static final String APPROVAL_REASON_TAG = "approval.reason";

  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  /** Creates the command; picocli injects its parent. */
  public ModelsCommand() {}

  /**
   * Registers a version.
   *
   * @param name the model name
   * @param file the artifact file or directory
   * @param format the format, or null to infer it from the file name
   * @param signatureFile a signature file, or null
   * @param metrics metrics, or null
   * @param params parameters, or null
   * @param tags version tags, or null
   * @param alias an alias to point at the new version, or null
   * @param description a description, or null
   * @param referenceData a CSV of the training data to store the reference profile of, or null
   * @param json whether to print JSON
   * @return the exit code
   */
  @Command(name = "register", description = "Register a new version of a model and print it.")
  int register(
      @Parameters(paramLabel = "NAME", description = "The model name.") String name,
      @Option(names = "--file", required = true, paramLabel = "PATH",
          description = "The artifact: a file, or a directory of files.") Path file,
      @Option(names = "--format", paramLabel = "FORMAT",
          description = "onnx, torchscript, djl or xgboost (default: inferred from .onnx, .pt, "
              + ".json or .ubj).")
      @Nullable String format,
      @Option(names = "--signature", paramLabel = "FILE", description = "A signature JSON file.")
      @Nullable Path signatureFile,
      @Option(names = "--metric", paramLabel = "K=V", description = "A metric (repeatable).")
      @Nullable Map<String, Double> metrics,
      @Option(names = "--param", paramLabel = "K=V", description = "A parameter (repeatable).")
      @Nullable Map<String, String> params,
      @Option(names = "--tag", paramLabel = "K=V", description = "A version tag (repeatable).")
      @Nullable Map<String, String> tags,
      @Option(names = "--alias", paramLabel = "ALIAS",
          description = "Point this alias at the new version.") @Nullable String alias,
      @Option(names = "--description", paramLabel = "TEXT") @Nullable String description,
      @Option(names = "--reference-data", paramLabel = "TRAIN.csv",
          description = "The training data: its profile is stored with the version, for drift"
              + " (the signature's inputs, or every column).") @Nullable Path referenceData,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    if (!Files.exists(file)) {
      throw new CliException("Artifact not found: " + file);
    }
    ModelSignature signature = signatureFile == null ? null : SignatureFile.read(signatureFile);
    Path artifact = referenceData == null ? file
        : ReferenceData.withProfile(file, ReferenceData.profile(referenceData, signature));
    try {
      return register(name, artifact, format == null ? inferFormat(file) : ModelFormat.of(format),
          signature, metrics, params, tags, alias, description, json);
    } finally {
      if (referenceData != null) {
        ReferenceData.delete(artifact);
      }
    }
  }

  private int register(String name, Path artifact, ModelFormat format,
      @Nullable ModelSignature signature, @Nullable Map<String, Double> metrics,
      @Nullable Map<String, String> params, @Nullable Map<String, String> tags,
      @Nullable String alias, @Nullable String description, boolean json) {
    RegistrationRequest.Builder request = RegistrationRequest.builder(name)
        .artifact(artifact)
        .format(format);
    if (signature != null) {
      request.signature(signature);
    }
    request.metrics(metrics == null ? Map.of() : metrics);
    request.params(params == null ? Map.of() : params);
    if (tags != null) {
      tags.forEach(request::tag);
    }
    if (description != null) {
      request.description(description);
    }
    try (ModelRegistry registry = Objects.requireNonNull(root, "root").openOrCreateRegistry()) {
      ModelVersion v = registry.register(request.build());
      if (alias != null) {
        registry.setAlias(name, alias, v.version(), AliasPrecondition.any(), "set at registration");
        v = registry.getVersion(name, v.version());
      }
      printVersion(v, json);
    }
    return Main.EXIT_OK;
  }

  /**
   * Lists the registered models.
   *
   * @param json whether to print a JSON array
   * @return the exit code
   */
  @Command(name = "list", description = "List the registered models.")
  int list(@Option(names = "--json", description = "Print a JSON array.") boolean json) {
    try (ModelRegistry registry = registry()) {
      List<RegisteredModel> models = all(registry::listModels);
      if (json) {
        out().println(Json.write(models.stream().map(Json::model).toList()));
      } else {
        for (RegisteredModel m : models) {
          out().printf("%s\tlatest=%d\taliases=%s%n", m.name(), m.latestVersion(), m.aliases());
        }
      }
    }
    return Main.EXIT_OK;
  }

  /**
   * Lists a model's versions.
   *
   * @param name the model name
   * @param json whether to print a JSON array
   * @return the exit code
   */
  @Command(name = "versions", description = "List the versions of a model.")
  int versions(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--json", description = "Print a JSON array.") boolean json) {
    try (ModelRegistry registry = registry()) {
      List<ModelVersion> versions = all(page -> registry.listVersions(name, page));
      if (json) {
        out().println(Json.write(versions.stream().map(Json::version).toList()));
      } else {
        versions.forEach(v -> out().println(summary(v)));
      }
    }
    return Main.EXIT_OK;
  }

  /**
   * Shows one version.
   *
   * @param uri the model URI
   * @param json whether to print JSON
   * @return the exit code
   */
  @Command(name = "show", description = "Show the version a model URI resolves to.")
  int show(
      @Parameters(paramLabel = "MODEL_URI",
          description = "models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest.")
      String uri,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    try (ModelRegistry registry = registry()) {
      printVersion(registry.resolve(ModelUri.parse(uri)), json);
    }
    return Main.EXIT_OK;
  }

  /**
   * Points an alias at a version, or deletes it.
   *
   * @param name the model name
   * @param alias the alias
   * @param version the version, or null with {@code --delete}
   * @param delete whether to delete the alias
   * @param expect the version the alias must point to now, {@code none} for unset, or null for
   *     any
   * @param reason the reason for the audit log, or null
   * @return the exit code
   */
  @Command(name = "alias", description = "Point an alias at a version, or delete it with --delete.")
  int alias(
      @Parameters(paramLabel = "NAME") String name,
      @Parameters(paramLabel = "ALIAS") String alias,
      @Parameters(paramLabel = "VERSION", arity = "0..1",
          description = "The version to point to; none with --delete.") @Nullable Integer version,
      @Option(names = "--delete", description = "Delete the alias.") boolean delete,
      @Option(names = "--expect", paramLabel = "VERSION|none",
          description = "Only if the alias points to this version now ('none': is unset).")
      @Nullable String expect,
      @Option(names = "--reason", paramLabel = "TEXT") @Nullable String reason) {
    if (delete == (version != null)) {
      throw usageError("alias", delete
          ? "--delete deletes the alias; give no VERSION" : "Missing required parameter: 'VERSION' (or --delete)");
    }
    AliasPrecondition expected = precondition(expect);
    if (delete && expected.kind() == AliasPrecondition.Kind.ABSENT) {
      throw usageError("alias", "--expect none cannot be combined with --delete: an alias that is unset cannot"
          + " be deleted");
    }
    try (ModelRegistry registry = registry()) {
      if (version == null) {
        int was = registry.deleteAlias(name, alias, expected, reason);
        out().println("models:/" + name + "@" + alias + " deleted (was " + was + ")");
      } else {
        OptionalInt before = registry.setAlias(name, alias, version, expected, reason);
        out().println(moved(name, alias, before, version));
      }
    }
    return Main.EXIT_OK;
  }

  /**
   * Moves an alias back to the version it pointed to before its latest move.
   *
   * @param name the model name
   * @param alias the alias
   * @param reason the reason for the audit log, or null
   * @return the exit code
   */
  @Command(name = "rollback",
      description = "Move an alias back to the version it pointed to before its latest move.")
  int rollback(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = PRODUCTION,
          description = "The alias (default: ${DEFAULT-VALUE}).") String alias,
      @Option(names = "--reason", paramLabel = "TEXT") @Nullable String reason) {
    try (ModelRegistry registry = registry()) {
      Integer current = registry.getModel(name).aliases().get(alias);
      if (current == null) {
        throw new CliException("Alias '" + alias + "' of model '" + name
            + "' is not set; there is nothing to roll back");
      }
      int previous = previousTarget(registry, name, alias, current);
      OptionalInt before = registry.setAlias(name, alias, previous, AliasPrecondition.pointsTo(current),
          reason == null ? "rollback from version " + current : reason);
      out().println(moved(name, alias, before, previous));
    }
    return Main.EXIT_OK;
  }

  /**
   * Approves a version: moves the alias to it (compare-and-set) and tags it approved.
   *
   * @param name the model name
   * @param version the version
   * @param alias the alias to move
   * @param reason the reason for the audit log, or null
   * @return the exit code
   */
  @Command(name = "approve",
      description = "Approve a version: move the production alias to it and tag it approval=approved.")
  int approve(
      @Parameters(paramLabel = "NAME") String name,
      @Parameters(paramLabel = "VERSION") int version,
      @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = PRODUCTION,
          description = "The alias to move (default: ${DEFAULT-VALUE}).") String alias,
      @Option(names = "--reason", paramLabel = "TEXT") @Nullable String reason) {
    try (ModelRegistry registry = registry()) {
      registry.getVersion(name, version);
      Integer current = registry.getModel(name).aliases().get(alias);
      OptionalInt before = registry.setAlias(name, alias, version, AliasPrecondition.of(current),
          reason == null ? "approved" : "approved: " + reason);
      registry.setVersionTag(name, version, APPROVAL_TAG, "approved");
      out().println(moved(name, alias, before, version));
    }
    return Main.EXIT_OK;
  }

  /**
   * Rejects a version: tags it {@code approval=rejected}.
   *
   * @param name the model name
   * @param version the version
   * @param reason the reason, stored in the {@code approval.reason} tag, or null
   * @return the exit code
   */
  @Command(name = "reject",
      description = "Reject a version: tag it approval=rejected (and approval.reason).")
  int reject(
      @Parameters(paramLabel = "NAME") String name,
      @Parameters(paramLabel = "VERSION") int version,
      @Option(names = "--reason", paramLabel = "TEXT") @Nullable String reason) {
    try (ModelRegistry registry = registry()) {
      ModelVersion v = registry.getVersion(name, version);
      registry.setVersionTag(name, version, APPROVAL_TAG, "rejected");
      if (reason != null) {
        registry.setVersionTag(name, version, APPROVAL_REASON_TAG, reason);
      }
      out().println("Rejected " + v.uri());
      if (!v.aliases().isEmpty()) {
        err().println("mlops: warning: " + v.uri() + " is still the target of " + v.aliases()
            + "; move them with 'mlops models rollback' or 'mlops models alias'");
      }
    }
    return Main.EXIT_OK;
  }

  /**
   * Archives a version.
   *
   * @param name the model name
   * @param version the version
   * @param reason the reason for the audit log, or null
   * @return the exit code
   */
  @Command(name = "archive", description = "Archive a version (it can no longer be aliased).")
  int archive(
      @Parameters(paramLabel = "NAME") String name,
      @Parameters(paramLabel = "VERSION") int version,
      @Option(names = "--reason", paramLabel = "TEXT") @Nullable String reason) {
    try (ModelRegistry registry = registry()) {
      ModelVersion v = registry.archiveVersion(name, version, reason);
      out().println("Archived " + v.uri());
    }
    return Main.EXIT_OK;
  }

  /**
   * Re-checks the checksums of a version's artifact files and loads the model.
   *
   * @param uri the model URI
   * @param checksumsOnly whether to skip loading the model
   * @return the exit code
   */
  @Command(name = "verify",
      description = "Re-check the checksums of a version's artifact files and load the model.")
  int verify(
      @Parameters(paramLabel = "MODEL_URI") String uri,
      @Option(names = "--checksums-only", description = "Check the files but do not load the model.")
      boolean checksumsOnly) {
    try (ModelRegistry registry = registry();
        ModelArtifact artifact = registry.openArtifact(ModelUri.parse(uri))) {
      ModelVersion v = artifact.version();
      out().println("Verified " + v.uri() + ": " + v.artifacts().size()
          + " file(s), sizes and SHA-256 checksums match");
      if (!checksumsOnly) {
        DjlPredictors.builder().registry(registry).poolSize(1).build().load(artifact).close();
        out().println("Loaded " + v.uri() + " (" + v.format() + ")");
      }
    }
    return Main.EXIT_OK;
  }

  private ModelRegistry registry() {
    return Objects.requireNonNull(root, "root").openRegistry();
  }

  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "spec");
  }

  /** A usage error of a subcommand, reported with the subcommand's usage and exit code 2. */
  private ParameterException usageError(String subcommand, String message) {
    return new ParameterException(spec().commandLine().getSubcommands().get(subcommand), message);
  }

  private PrintWriter out() {
    return spec().commandLine().getOut();
  }

  private PrintWriter err() {
    return spec().commandLine().getErr();
  }

  private void printVersion(ModelVersion v, boolean json) {
    out().println(json ? Json.write(Json.version(v)) : describe(v));
  }

  private static ModelFormat inferFormat(Path file) {
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".onnx")) {
      return ModelFormat.ONNX;
    }
    if (lower.endsWith(".pt") || lower.endsWith(".pth")) {
      return ModelFormat.TORCHSCRIPT;
    }
    if (lower.endsWith(".ubj") || lower.endsWith(".json")) {
      // XGBoost's two formats; registration checks that the file really is an XGBoost model.
      return ModelFormat.XGBOOST;
    }
    throw new CliException("Cannot infer the format of " + file
        + " from its name (.onnx, .pt, .json or .ubj); pass --format onnx|torchscript|djl|xgboost");
  }

  /**
   * Reads {@code --expect}.
   *
   * @param expect a version number, {@code none}, or null for any
   * @return the precondition
   * @throws CliException if the text is neither
   */
  static AliasPrecondition precondition(@Nullable String expect) {
    if (expect == null) {
      return AliasPrecondition.any();
    }
    if (expect.equalsIgnoreCase("none")) {
      return AliasPrecondition.absent();
    }
    try {
      return AliasPrecondition.pointsTo(Integer.parseInt(expect));
    } catch (IllegalArgumentException e) {
      throw new CliException("--expect must be a version number or 'none', not '" + expect + "'");
    }
  }

  /** The version the alias pointed to before the latest audited move to {@code current}. */
  private static int previousTarget(ModelRegistry registry, String name, String alias, int current) {
    AuditEntry latest = null;
    for (AuditEntry e : all(page -> registry.auditLog(name, page))) {
      if (e.action() == AuditAction.SET_ALIAS && alias.equals(e.key())
          && String.valueOf(current).equals(e.after())) {
        latest = e;
      }
    }
    if (latest == null || latest.before() == null) {
      throw new CliException("Alias '" + alias + "' of model '" + name + "' points to version "
          + current + " and the audit log records no earlier version; use 'mlops models alias'");
    }
    return Integer.parseInt(latest.before());
  }

  /**
   * Reads every page of a listing.
   *
   * @param lister one page of the listing
   * @return the items of all pages, in order
   */
  static <T> List<T> all(Function<PageRequest, Page<T>> lister) {
    List<T> items = new ArrayList<>();
    PageRequest request = PageRequest.first(1000);
    while (true) {
      Page<T> page = lister.apply(request);
      items.addAll(page.items());
      if (page.nextPageToken() == null) {
        return items;
      }
      request = request.next(page.nextPageToken());
    }
  }

  private static String moved(String name, String alias, OptionalInt before, int version) {
    return "models:/" + name + "@" + alias + " -> " + version
        + (before.isPresent() ? " (was " + before.getAsInt() + ")" : " (was unset)");
  }

  private static String summary(ModelVersion v) {
    return v.uri() + "\t" + v.format() + "\t" + v.status().name().toLowerCase(Locale.ROOT)
        + "\taliases=" + new java.util.TreeSet<>(v.aliases()) + "\t" + v.createdAt();
  }

  private static String describe(ModelVersion v) {
    StringBuilder text = new StringBuilder(summary(v)).append('\n');
    v.artifacts().forEach(a -> text.append("  file ").append(a.path()).append("  ")
        .append(a.size()).append(" bytes  sha256 ").append(a.sha256()).append('\n'));
    if (!v.metrics().isEmpty()) {
      text.append("  metrics ").append(new java.util.TreeMap<>(v.metrics())).append('\n');
    }
    if (!v.tags().isEmpty()) {
      text.append("  tags ").append(new java.util.TreeMap<>(v.tags())).append('\n');
    }
    if (v.signature() != null) {
      text.append("  signature ").append(Json.write(SignatureFile.toJson(v.signature()))).append('\n');
    }
    return text.append("  created by ").append(v.createdBy()).toString();
  }
}
