package dev.mlops.console.internal;

import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.drift.DriftReport;
import dev.mlops.registry.NameRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The stored drift reports: a directory with one sub-directory per model, named after it, holding
 * {@code mlops.drift-report} documents ({@code DriftReportJson}) as {@code *.json} files.
 *
 * <p>A request names a report by model and file name, never by path: the model must be a valid
 * model name and the file a plain name ending in {@code .json}; both are looked up only as
 * entries of the directory, symbolic links are not followed, and a resolved file must lie inside
 * the directory. Parsed reports are kept while the file's size and modification time stay the
 * same.
 */
final class DriftReportFiles {

  /** What a report file may be called. */
  static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.json");

  private static final long MAX_BYTES = 32L * 1024 * 1024;
  private static final int MAX_CACHED = 2000;

  private final Path root;
  private final Map<Path, Entry> cache = new ConcurrentHashMap<>();

  /**
   * One stored report.
   *
   * @param model the model
   * @param file the file name
   * @param modified when the file was last written
   * @param size the file's size in bytes
   * @param report the report, or null if it could not be read
   * @param error why it could not be read, or null
   */
  record Entry(String model, String file, Instant modified, long size, @Nullable DriftReport report,
      @Nullable String error) {}

  /**
   * Creates the reader.
   *
   * @param root the directory
   */
  DriftReportFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * The directory, for messages.
   *
   * @return its path
   */
  Path root() {
    return root;
  }

  /**
   * The models that have a report directory.
   *
   * @return model names, sorted
   */
  List<String> models() {
    List<String> models = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return models;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (NameRules.NAME_PATTERN.matcher(name).matches()
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          models.add(name);
        }
      }
    } catch (IOException e) {
      throw new HttpProblem(500, "Cannot list the drift reports in " + root + ": " + e.getMessage());
    }
    models.sort(null);
    return models;
  }

  /**
   * The reports of a model, each read (or the reason it could not be).
   *
   * @param model the model name
   * @return the reports, by file name
   * @throws HttpProblem 404 if the name is not a model name
   */
  List<Entry> reports(String model) {
    Path directory = modelDirectory(model);
    List<Entry> entries = new ArrayList<>();
    if (directory == null) {
      return entries;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (FILE_NAME.matcher(name).matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          entries.add(read(model, name, file));
        }
      }
    } catch (IOException e) {
      throw new HttpProblem(500, "Cannot list the drift reports in " + directory + ": " + e.getMessage());
    }
    entries.sort((a, b) -> a.file().compareTo(b.file()));
    if (cache.size() > MAX_CACHED) {
      cache.clear();
    }
    return entries;
  }

  /**
   * One report.
   *
   * @param model the model name
   * @param file the file name
   * @return the report (or why it could not be read)
   * @throws HttpProblem 404 if there is no such report
   */
  Entry report(String model, String file) {
    if (!FILE_NAME.matcher(file).matches()) {
      throw HttpProblem.notFound("'" + file + "' is not the name of a drift report file (NAME.json)");
    }
    Path directory = modelDirectory(model);
    Path path = directory == null ? null : directory.resolve(file);
    if (path == null || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || !inside(path)) {
      throw HttpProblem.notFound("Model '" + model + "' has no drift report '" + file + "' in " + root);
    }
    return read(model, file, path);
  }

  private @Nullable Path modelDirectory(String model) {
    if (!NameRules.NAME_PATTERN.matcher(model).matches()) {
      throw HttpProblem.notFound("'" + model + "' is not a model name");
    }
    Path directory = root.resolve(model);
    return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && inside(directory) ? directory : null;
  }

  private boolean inside(Path path) {
    try {
      return path.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private Entry read(String model, String name, Path file) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return new Entry(model, name, Instant.EPOCH, 0, null, "cannot be read: " + e.getMessage());
    }
    Instant modified = attributes.lastModifiedTime().toInstant();
    Entry cached = cache.get(file);
    if (cached != null && cached.modified().equals(modified) && cached.size() == attributes.size()) {
      return cached;
    }
    Entry entry;
    if (attributes.size() > MAX_BYTES) {
      entry = new Entry(model, name, modified, attributes.size(), null, "is larger than "
          + Formats.bytes(MAX_BYTES) + " (" + Formats.bytes(attributes.size()) + ")");
    } else {
      try {
        DriftReport report = DriftReportJson.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        entry = new Entry(model, name, modified, attributes.size(), report, null);
      } catch (IOException e) {
        entry = new Entry(model, name, modified, attributes.size(), null, "cannot be read: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        entry = new Entry(model, name, modified, attributes.size(), null,
            "is not a drift report: " + e.getMessage());
      }
    }
    cache.put(file, entry);
    return entry;
  }
}
