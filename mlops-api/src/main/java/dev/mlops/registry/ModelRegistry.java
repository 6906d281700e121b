package dev.mlops.registry;

import java.net.URI;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A versioned store of models: immutable published versions with their artifacts and metadata,
 * movable aliases, tags, an append-only audit log and change events.
 *
 * <p>Open one with {@link ModelRegistries#open(String)}. Implementations are thread-safe, and those
 * whose storage is shared (a directory, a database) are safe for many processes at once: version
 * numbers are allocated atomically, a half-published version is never visible, and alias changes
 * are compare-and-set.
 *
 * <p><b>Ordering.</b> Listings are sorted: models by name, versions by number, audit entries by
 * sequence, each ascending. Every mutation appends one {@link AuditEntry}; an operation that
 * changes nothing (setting a tag to its current value, archiving an archived version, pointing an
 * alias where it already points) appends nothing and emits no event.
 *
 * <p><b>Events.</b> {@link #subscribe(RegistryListener)} delivers every change after it is durable,
 * in the order changes were made, on a thread the registry owns (never the caller's). A listener
 * that throws is logged and stays subscribed. Changes made by another process sharing the storage
 * are delivered once this registry notices them (the file registry polls; see its documentation).
 *
 * @since 0.1
 */
public interface ModelRegistry extends AutoCloseable {

  /**
   * Where this registry stores its data.
   *
   * @return the location it was opened with, such as {@code file:/var/mlops}
   */
  URI location();

  /**
   * Publishes a new version: copies the artifact in, computing size and SHA-256 of every file,
   * allocates the next version number of the model (creating the model with version 1 if it is
   * new), and makes the version visible atomically with its metadata.
   *
   * <p>The model file of a format the SDK reads is checked first (the SDK's registries do;
   * plug-ins should): an {@link ModelFormat#ONNX} file must parse and keep any external data among
   * the artifact's own files, and a {@link ModelFormat#TORCHSCRIPT} file must be a TorchScript
   * archive. For ONNX, a given signature must agree with the graph, and a request without one gets
   * the signature inferred from the graph (inputs, outputs, types, shapes and class labels). The
   * model file of another format is checked by the {@link
   * dev.mlops.registry.spi.ArtifactInspector} installed for it, if any (such as {@code
   * mlops-xgboost}'s for {@link ModelFormat#XGBOOST}).
   *
   * @param request the artifact and metadata
   * @return the published version, status {@link ModelVersionStatus#READY}, with no aliases
   * @throws InvalidArtifactException if the artifact does not exist, is empty, is neither a
   *     regular file nor a directory, contains a symbolic link leading outside it, or its model
   *     file does not parse, refers to data outside the artifact, or is refused by its format's
   *     inspector
   * @throws InvalidSignatureException if the given signature contradicts the model file (an ONNX
   *     graph, or a file checked by an inspector), naming the first input or output that differs
   * @throws RegistryStorageException if the storage cannot be written; nothing becomes visible
   */
  ModelVersion register(RegistrationRequest request);

  /**
   * Reads one version.
   *
   * @param name the model name
   * @param version the version number
   * @return the version, archived or not, as it is now
   * @throws ModelNotFoundException if the model or the version does not exist
   * @throws InvalidNameException if the name is invalid
   * @throws IllegalArgumentException if the version is not positive
   * @throws RegistryStorageException if the storage cannot be read
   */
  ModelVersion getVersion(String name, int version);

  /**
   * Finds the version a model URI refers to now: the fixed version, the version the alias points
   * to, or the newest version that is not archived.
   *
   * @param uri the reference
   * @return the version
   * @throws ModelNotFoundException if the model, version or alias does not exist, or every version
   *     is archived for a {@code latest} URI
   * @throws RegistryStorageException if the storage cannot be read
   */
  ModelVersion resolve(ModelUri uri);

  /**
   * Parses and resolves a model URI.
   *
   * @param uri such as {@code models:/churn@production}
   * @return the version
   * @throws InvalidModelUriException if the text is not a model URI
   * @throws ModelNotFoundException if what it names does not exist
   * @throws RegistryStorageException if the storage cannot be read
   */
  default ModelVersion resolve(String uri) {
    return resolve(ModelUri.parse(uri));
  }

  /**
   * Reads a model.
   *
   * @param name the model name
   * @return the model with its aliases and tags
   * @throws ModelNotFoundException if the model does not exist
   * @throws InvalidNameException if the name is invalid
   * @throws RegistryStorageException if the storage cannot be read
   */
  RegisteredModel getModel(String name);

  /**
   * Lists models, sorted by name.
   *
   * @param page which page
   * @return the page
   * @throws IllegalArgumentException if the page token did not come from this listing
   * @throws RegistryStorageException if the storage cannot be read
   */
  Page<RegisteredModel> listModels(PageRequest page);

  /**
   * Lists the versions of a model, archived ones included, sorted by version number.
   *
   * @param name the model name
   * @param page which page
   * @return the page
   * @throws ModelNotFoundException if the model does not exist
   * @throws IllegalArgumentException if the page token did not come from this listing
   * @throws RegistryStorageException if the storage cannot be read
   */
  Page<ModelVersion> listVersions(String name, PageRequest page);

  /**
   * Sets a tag on a model.
   *
   * @param name the model name
   * @param key the tag key
   * @param value the value
   * @throws ModelNotFoundException if the model does not exist
   * @throws InvalidNameException if the key is invalid or the value too long
   * @throws RegistryStorageException if the storage cannot be written
   */
  void setModelTag(String name, String key, String value);

  /**
   * Deletes a tag from a model.
   *
   * @param name the model name
   * @param key the tag key
   * @return true if the tag existed and was deleted, false if there was no such tag
   * @throws ModelNotFoundException if the model does not exist
   * @throws InvalidNameException if the key is invalid
   * @throws RegistryStorageException if the storage cannot be written
   */
  boolean deleteModelTag(String name, String key);

  /**
   * Sets a tag on a version.
   *
   * @param name the model name
   * @param version the version number
   * @param key the tag key
   * @param value the value
   * @throws ModelNotFoundException if the model or version does not exist
   * @throws InvalidNameException if the key is invalid or the value too long
   * @throws RegistryStorageException if the storage cannot be written
   */
  void setVersionTag(String name, int version, String key, String value);

  /**
   * Deletes a tag from a version.
   *
   * @param name the model name
   * @param version the version number
   * @param key the tag key
   * @return true if the tag existed and was deleted, false if there was no such tag
   * @throws ModelNotFoundException if the model or version does not exist
   * @throws InvalidNameException if the key is invalid
   * @throws RegistryStorageException if the storage cannot be written
   */
  boolean deleteVersionTag(String name, int version, String key);

  /**
   * Points an alias at a version, if the alias currently satisfies {@code expected}
   * (compare-and-set). Creates the alias if it does not exist.
   *
   * @param name the model name
   * @param alias the alias, such as {@code production}
   * @param version the version to point to
   * @param expected what the alias must point to now for the change to go ahead
   * @param reason why, recorded in the audit log; may be null
   * @return the version the alias pointed to before, or empty if it did not exist
   * @throws ModelNotFoundException if the model or version does not exist
   * @throws ModelStateException if the version is archived
   * @throws VersionConflictException if the alias does not satisfy {@code expected}
   * @throws InvalidNameException if the alias is invalid
   * @throws RegistryStorageException if the storage cannot be written
   */
  OptionalInt setAlias(
      String name, String alias, int version, AliasPrecondition expected, @Nullable String reason);

  /**
   * Deletes an alias, if it currently satisfies {@code expected}.
   *
   * @param name the model name
   * @param alias the alias
   * @param expected {@link AliasPrecondition#any()} or the version the alias must point to
   * @param reason why, recorded in the audit log; may be null
   * @return the version the alias pointed to
   * @throws ModelNotFoundException if the model or the alias does not exist
   * @throws VersionConflictException if the alias does not satisfy {@code expected}
   * @throws IllegalArgumentException if {@code expected} is {@link AliasPrecondition#absent()}
   * @throws RegistryStorageException if the storage cannot be written
   */
  int deleteAlias(String name, String alias, AliasPrecondition expected, @Nullable String reason);

  /**
   * Archives a version: it stays readable by number but is skipped by {@code latest} and cannot be
   * an alias target. Archiving an archived version changes nothing.
   *
   * @param name the model name
   * @param version the version number
   * @param reason why, recorded in the audit log; may be null
   * @return the version, now archived
   * @throws ModelNotFoundException if the model or version does not exist
   * @throws ModelStateException if an alias still points to the version; move it first
   * @throws RegistryStorageException if the storage cannot be written
   */
  ModelVersion archiveVersion(String name, int version, @Nullable String reason);

  /**
   * Opens a version's artifact after verifying the size and SHA-256 of every file. Corrupted bytes
   * are never handed out.
   *
   * @param name the model name
   * @param version the version number
   * @return the verified artifact; the caller closes it
   * @throws ModelNotFoundException if the model or version does not exist
   * @throws ArtifactIntegrityException if a file is missing, has the wrong size or checksum
   * @throws RegistryStorageException if the storage cannot be read
   */
  ModelArtifact openArtifact(String name, int version);

  /**
   * Resolves a model URI and opens that version's verified artifact.
   *
   * @param uri the reference
   * @return the verified artifact; the caller closes it
   * @throws ModelNotFoundException if what the URI names does not exist
   * @throws ArtifactIntegrityException if a file is missing, has the wrong size or checksum
   * @throws RegistryStorageException if the storage cannot be read
   */
  default ModelArtifact openArtifact(ModelUri uri) {
    ModelVersion v = resolve(uri);
    return openArtifact(v.name(), v.version());
  }

  /**
   * Reads the audit log, oldest first.
   *
   * @param modelName only entries about this model, or null for all
   * @param page which page
   * @return the page
   * @throws IllegalArgumentException if the page token did not come from this listing
   * @throws RegistryStorageException if the storage cannot be read
   */
  Page<AuditEntry> auditLog(@Nullable String modelName, PageRequest page);

  /**
   * Subscribes a listener to every change from now on, including changes made by other processes
   * sharing the storage (see the class documentation for delivery guarantees).
   *
   * @param listener the listener
   * @return the subscription; close it to stop delivery
   * @throws IllegalStateException if the registry is closed
   */
  Subscription subscribe(RegistryListener listener);

  /**
   * Releases the registry's threads and connections. Stored data is untouched. Further calls throw
   * {@link IllegalStateException}.
   */
  @Override
  void close();
}
