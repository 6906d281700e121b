package dev.mlops.core.registry.internal;

import dev.mlops.registry.InvalidArtifactException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of an artifact given for registration, validated before anything is copied: a regular
 * file (stored under its file name) or a directory (every file in it, under its relative path).
 *
 * <p>Symbolic links inside a directory are followed only when they lead to a regular file inside the
 * directory; a link leading outside it, or to a directory, is rejected, so registering can never
 * read (and publish) files the caller did not mean to hand over.
 *
 * @param root the real path of the source as given
 * @param files the files, sorted by relative path
 */
public record ArtifactSource(Path root, List<SourceFile> files) {

  /**
   * One file to copy in.
   *
   * @param relativePath the path inside the artifact, '/'-separated
   * @param location where to read it (the real path, links resolved)
   * @param size its size when scanned
   */
  public record SourceFile(String relativePath, Path location, long size) {}

  /** Copies the file list. */
  public ArtifactSource {
    files = List.copyOf(files);
  }

  /**
   * Scans and validates an artifact source.
   *
   * @param fileOrDirectory the source given by the caller
   * @return the validated files
   * @throws InvalidArtifactException if the source does not exist, is neither a regular file nor a
   *     directory, holds no files, or holds a link leading outside it or to a directory
   */
  public static ArtifactSource scan(Path fileOrDirectory) {
    Path given = fileOrDirectory.toAbsolutePath().normalize();
    if (!Files.exists(given)) {
      throw new InvalidArtifactException(given.toString(), "it does not exist");
    }
    Path root;
    try {
      root = given.toRealPath();
    } catch (IOException e) {
      throw new InvalidArtifactException(given.toString(), "it cannot be read: " + e.getMessage());
    }
    if (Files.isRegularFile(root)) {
      return new ArtifactSource(root, List.of(file(root, given.getFileName().toString())));
    }
    if (!Files.isDirectory(root)) {
      throw new InvalidArtifactException(given.toString(), "it is neither a regular file nor a directory");
    }
    List<SourceFile> files = walk(root, given);
    if (files.isEmpty()) {
      throw new InvalidArtifactException(given.toString(), "the directory contains no files");
    }
    files.sort(Comparator.comparing(SourceFile::relativePath));
    return new ArtifactSource(root, files);
  }

  /**
   * The total size of the files.
   *
   * @return bytes
   */
  public long totalSize() {
    return files.stream().mapToLong(SourceFile::size).sum();
  }

  private static List<SourceFile> walk(Path root, Path given) {
    List<SourceFile> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) throws IOException {
          String rel = relative(root, p, given);
          if (attrs.isSymbolicLink()) {
            files.add(followLink(root, p, rel, given));
          } else if (attrs.isRegularFile()) {
            files.add(file(p, rel));
          } else {
            throw new InvalidArtifactException(given.resolve(rel).toString(),
                "it is neither a regular file nor a directory");
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new InvalidArtifactException(given.toString(), "it cannot be read: " + e.getMessage());
    }
    return files;
  }

  private static SourceFile followLink(Path root, Path link, String rel, Path given) throws IOException {
    Path target;
    try {
      target = link.toRealPath();
    } catch (IOException e) {
      throw new InvalidArtifactException(given.resolve(rel).toString(), "it is a broken symbolic link");
    }
    if (!target.startsWith(root)) {
      throw new InvalidArtifactException(given.resolve(rel).toString(),
          "it is a symbolic link to " + target + ", outside the artifact directory");
    }
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArtifactException(given.resolve(rel).toString(),
          "it is a symbolic link to a directory; only links to files inside the artifact are allowed");
    }
    return new SourceFile(rel, target, Files.size(target));
  }

  private static SourceFile file(Path p, String rel) {
    try {
      return new SourceFile(rel, p, Files.size(p));
    } catch (IOException e) {
      throw new InvalidArtifactException(p.toString(), "it cannot be read: " + e.getMessage());
    }
  }

  private static String relative(Path root, Path p, Path given) {
    List<String> parts = new ArrayList<>();
    for (Path segment : root.relativize(p)) {
      String s = segment.toString();
      if (s.contains("\\") || s.isEmpty() || s.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidArtifactException(given.resolve(root.relativize(p)).toString(),
            "file names may not contain backslashes or control characters");
      }
      parts.add(s);
    }
    return String.join("/", parts);
  }
}
