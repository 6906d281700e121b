package dev.mlops.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written whole or not at all: the content goes to a new temporary file in the target's
 * directory, which {@link #commit()} renames over the target; {@link #close()} without a commit
 * deletes it, leaving an older target untouched.
 *
 * <p>Only a regular file or a new path is ever replaced: a device, a FIFO, a socket or a directory
 * is refused before anything is written (a rename would otherwise swap {@code /dev/full} for a
 * regular file when run as root). A symbolic link is followed, as a shell's redirection does: the
 * file it points to is replaced, the link stays. The temporary file is created as any new file is,
 * with the permissions the umask leaves, and takes the permissions of the file it replaces.
 */
final class AtomicOutput implements Closeable {
  private final Path target;
  private final Path temporary;
  private boolean committed;

  private AtomicOutput(Path target, Path temporary) {
    this.target = target;
    this.temporary = temporary;
  }

  /**
   * Checks that a path may be written, before any work is done.
   *
   * @param path the output path as the user gave it
   * @param option the option that named it, for messages
   * @param input the input file, which the output must not be
   * @return the path to replace: the file a symbolic link points to, else the path itself
   * @throws CliException if the path names something other than a regular file or a new path in
   *     an existing directory, or is the input file (also through links or {@code ..})
   * @throws IOException if the file system cannot be read
   */
  static Path check(Path path, String option, Path input) throws IOException {
    Path target = path;
    if (Files.isSymbolicLink(path)) {
      if (!Files.exists(path)) {
        throw new CliException(option + " " + path + " is a symbolic link to a missing file;"
            + " name a regular file or a new path");
      }
      target = path.toRealPath();
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      BasicFileAttributes attributes =
          Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        throw new CliException(option + " " + path + " is " + kind(attributes)
            + ", not a regular file; mlops writes only regular files: name a new path or an"
            + " existing regular file");
      }
      if (Files.exists(input) && Files.isSameFile(target, input)) {
        throw new CliException(option + " " + path + " is the input file " + input
            + "; write the output to another file");
      }
    } else {
      Path directory = target.toAbsolutePath().getParent();
      if (directory == null || !Files.isDirectory(directory)) {
        throw new CliException(option + " " + path + ": the directory " + directory
            + " does not exist");
      }
    }
    return target;
  }

  /**
   * Creates the temporary file beside a target that {@link #check} accepted.
   *
   * @param target the path {@link #check} returned
   * @return the output, to write to {@link #temporary()} or through {@link #open()}
   * @throws IOException if the temporary file cannot be created
   */
  static AtomicOutput create(Path target) throws IOException {
    // check() made sure that the target's directory exists.
    Path directory = Objects.requireNonNull(target.toAbsolutePath().getParent(),
        "the output's directory");

    while (true) {
      Path temporary = directory.resolve("." + target.getFileName() + "."
          + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
      try {
        // No explicit permissions: a new file gets what the umask leaves, as with any program.
        Files.newByteChannel(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      AtomicOutput output = new AtomicOutput(target, temporary);
      try {
        output.keepPermissionsOfTheReplacedFile();
      } catch (IOException | RuntimeException e) {
        output.close();
        throw e;
      }
      return output;
    }
  }

  /**
   * The file the output replaces once committed, for messages.
   *
   * @return the path {@link #check} returned
   */
  Path target() {
    return target;
  }

  /**
   * The temporary file, for writers that open files by path.
   *
   * @return its path, in the target's directory
   */
  Path temporary() {
    return temporary;
  }

  /**
   * Opens the temporary file for writing from its start.
   *
   * @return a stream the caller closes before {@link #commit()}
   * @throws IOException if it cannot be opened
   */
  OutputStream open() throws IOException {
    return Files.newOutputStream(temporary, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Forces the written content to the disk and renames the temporary file over the target.
   *
   * @throws CliException if the target was replaced by something other than a regular file
   *     meanwhile
   * @throws IOException if the file cannot be synced or renamed
   */
  void commit() throws IOException {
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new CliException(target + " is no longer a regular file; the output was not written");
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /**
   * Deletes the temporary file unless it was committed.
   *
   * @throws IOException if it cannot be deleted
   */
  @Override
  public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(temporary);
    }
  }

  private void keepPermissionsOfTheReplacedFile() throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      view.setPermissions(Files.getPosixFilePermissions(target));
    } catch (NoSuchFileException e) {
      // A new path: the umask's permissions stand.
    }
  }

  private static String kind(BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    return attributes.isOther() ? "a device, FIFO or socket" : "not a regular file";
  }
}
