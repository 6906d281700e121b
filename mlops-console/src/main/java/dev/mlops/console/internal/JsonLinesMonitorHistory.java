package dev.mlops.console.internal;

import dev.mlops.console.ConsoleDataException;
import dev.mlops.console.MonitorHistory;
import dev.mlops.core.monitor.MonitorSnapshotJson;
import dev.mlops.monitor.MonitorSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Monitor windows from a JSON Lines file of {@code mlops.monitor-snapshot} documents, read again
 * whenever the file's size or modification time changes.
 *
 * @since 0.1
 */
public final class JsonLinesMonitorHistory implements MonitorHistory {

  private final Path file;
  private @Nullable Loaded loaded;

  private record Loaded(long size, long modified, List<MonitorSnapshot> windows) {}

  /**
   * Creates the history.
   *
   * @param file the file
   */
  public JsonLinesMonitorHistory(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public List<String> models() {
    return all().stream().map(MonitorSnapshot::modelName).distinct().sorted().toList();
  }

  @Override
  public List<MonitorSnapshot> windows(String model) {
    return MonitorsHistory.ordered(all().stream().filter(s -> s.modelName().equals(model)).toList());
  }

  private synchronized List<MonitorSnapshot> all() {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new ConsoleDataException("Cannot read the monitor windows " + file + ": " + e, e);
    }
    long modified = attributes.lastModifiedTime().toMillis();
    Loaded current = loaded;
    if (current != null && current.size() == attributes.size() && current.modified() == modified) {
      return current.windows();
    }
    List<MonitorSnapshot> windows = read();
    loaded = new Loaded(attributes.size(), modified, windows);
    return windows;
  }

  private List<MonitorSnapshot> read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConsoleDataException("Cannot read the monitor windows " + file + ": " + e, e);
    }
    List<MonitorSnapshot> windows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        windows.add(MonitorSnapshotJson.fromJson(line));
      } catch (IllegalArgumentException e) {
        throw new ConsoleDataException("Monitor windows " + file + ", line " + (i + 1) + ": "
            + e.getMessage(), e);
      }
    }
    return List.copyOf(windows);
  }
}
