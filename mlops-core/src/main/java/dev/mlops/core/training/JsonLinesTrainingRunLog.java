package dev.mlops.core.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.json.StoredJson;
import dev.mlops.training.TrainingRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrainingRunLog} in a file of JSON lines, one {@link TrainingRun} per line with
 * ISO-8601 instants. Appends hold an exclusive file lock (other processes) and a per-file monitor
 * (other threads and other instances on the same file in this process, which a file lock alone
 * would not exclude), and are forced to the device before they return.
 */
final class JsonLinesTrainingRunLog implements TrainingRunLog {

  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesTrainingRunLog.class);
  private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();
  private static final ObjectMapper MAPPER = StoredJson.newMapper();

  private final Path file;

  JsonLinesTrainingRunLog(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
  }

  @Override
  public void record(TrainingRun run) {
    byte[] line;
    try {
      line = (MAPPER.writeValueAsString(run) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new TrainingRunLogException(
          "Cannot write run " + run.runId() + " to the training run log " + file + " as JSON", e);
    }
    synchronized (MONITORS.computeIfAbsent(file, k -> new Object())) {
      try {
        Path parent = file.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          dropTornLine(channel);
          ByteBuffer buffer = ByteBuffer.wrap(line);
          long position = channel.size();
          while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
          }
          channel.force(true);
          Objects.requireNonNull(lock);
        }
      } catch (IOException e) {
        throw new TrainingRunLogException("Cannot append run " + run.runId()
            + " to the training run log " + file + ": " + e, e);
      }
    }
  }

  @Override
  public List<TrainingRun> runs(String modelName) {
    return runs().stream().filter(r -> r.modelName().equals(modelName)).toList();
  }

  @Override
  public List<TrainingRun> runs() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new TrainingRunLogException("Cannot read the training run log " + file + ": " + e, e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    // Whatever follows the last newline is an append that a crash cut short: it never completed,
    // so it is not part of the log.
    int end = text.lastIndexOf('\n') + 1;
    if (end < text.length()) {
      LOG.warn("Ignoring an incomplete last line ({} bytes) of the training run log {}",
          text.length() - end, file);
    }
    List<TrainingRun> runs = new ArrayList<>();
    int lineNumber = 0;
    for (int start = 0; start < end; ) {
      int newline = text.indexOf('\n', start);
      lineNumber++;
      String line = text.substring(start, newline);
      start = newline + 1;
      if (line.isBlank()) {
        continue;
      }
      try {
        runs.add(MAPPER.readValue(line, TrainingRun.class));
      } catch (IOException | IllegalArgumentException e) {
        throw new TrainingRunLogException("Line " + lineNumber + " of the training run log "
            + file + " is not a training run: " + e.getMessage(), e);
      }
    }
    return List.copyOf(runs);
  }

  private void dropTornLine(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0 || lastByte(channel, size) == '\n') {
      return;
    }
    long keep = size - 1;
    while (keep > 0 && lastByte(channel, keep) != '\n') {
      keep--;
    }
    LOG.warn("Removing an incomplete last line ({} bytes) from the training run log {}",
        size - keep, file);
    channel.truncate(keep);
  }

  private static byte lastByte(FileChannel channel, long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    channel.read(one, size - 1);
    return one.get(0);
  }

  @Override
  public String toString() {
    return "TrainingRunLog[" + file + "]";
  }
}
