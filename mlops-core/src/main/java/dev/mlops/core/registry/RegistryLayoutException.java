package dev.mlops.core.registry;

import dev.mlops.registry.RegistryStorageException;
import java.nio.file.Path;

/**
 * A file registry's directory holds something the registry never writes there: a symbolic link
 * where it keeps a directory or a file ({@code staging}, {@code models}, a model or version
 * directory, {@code audit.jsonl}, {@code journal.json}), or a directory, device or pipe where it
 * keeps a regular file. The registry changed or deleted nothing: it never follows such an entry and
 * never "repairs" it, because the link may lead to files outside the registry that are not its to
 * delete. Someone changed the directory by hand; restore the entry from a backup (or remove it if
 * it is debris) and try again.
 *
 * @since 0.1
 */
public class RegistryLayoutException extends RegistryStorageException {

  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * Creates the exception.
   *
   * @param path the entry at fault
   * @param problem what is wrong with it, such as "is a symbolic link to /srv/other"
   */
  public RegistryLayoutException(Path path, String problem) {
    super(path + " " + problem + ", but the file registry never puts that there. The registry"
        + " directory was changed outside mlops-java; nothing was changed or deleted. Restore "
        + path.getFileName() + " from a backup (or remove it if it is debris) and try again.", null);
    this.path = path.toString();
  }

  /**
   * The entry at fault.
   *
   * @return its absolute path
   */
  public Path path() {
    return Path.of(path);
  }
}
