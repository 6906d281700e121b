package dev.mlops.core.registry;

import dev.mlops.registry.NameRules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the stored documents straight from disk; {@link CachedMetadata} sits in front of it. */
final class MetadataStore {

  private final RegistryLayout layout;

  MetadataStore(RegistryLayout layout) {
    this.layout = layout;
  }

  /** The model's document, or null if the model does not exist (yet). */
  @Nullable ModelFile readModel(String name) throws IOException {
    return readIfExists(layout.modelFile(name), ModelFile.class);
  }

  /** The version's immutable document, or null if its directory is missing. */
  @Nullable VersionFile readVersion(String name, int version) throws IOException {
    return readIfExists(layout.versionFile(name, version), VersionFile.class);
  }

  /** The version's mutable state; a version never changed since publication has no state file. */
  VersionStateFile readState(String name, int version, VersionFile published) throws IOException {
    VersionStateFile state = readIfExists(layout.stateFile(name, version), VersionStateFile.class);
    return state != null ? state : VersionStateFile.initial(published);
  }

  /**
   * The names of the models that exist, sorted.
   *
   * @throws RegistryLayoutException if a model's directory is a symbolic link
   */
  List<String> modelNames() throws IOException {
    List<String> names = new ArrayList<>();
    RegistryLayout.requireKind(layout.models(), true);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.models())) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!NameRules.NAME_PATTERN.matcher(name).matches()) {
          continue;
        }
        RegistryLayout.requireKind(dir, true);
        // A model directory without its model file is a first registration still being published.
        if (Files.exists(dir.resolve(RegistryLayout.MODEL_FILE), LinkOption.NOFOLLOW_LINKS)) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    Collections.sort(names);
    return List.copyOf(names);
  }

  private <T> @Nullable T readIfExists(Path file, Class<T> type) throws IOException {
    byte[] bytes;
    try {
      layout.requireNoLinks(file);
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      return JsonCodec.parse(bytes, type);
    } catch (IOException | RuntimeException e) {
      throw new IOException("Cannot parse " + file + " (damaged or edited by hand?): " + e.getMessage(), e);
    }
  }
}
