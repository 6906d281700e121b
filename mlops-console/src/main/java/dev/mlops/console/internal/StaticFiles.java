package dev.mlops.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's style sheet and script, read from the class path once. A request names one of
 * them by its exact name; nothing else is ever looked up, on the class path or the file system.
 */
final class StaticFiles {

  private static final Map<String, String> TYPES = Map.of(
      "console.css", "text/css; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8");

  private final Map<String, byte[]> files;

  StaticFiles() {
    Map<String, byte[]> loaded = new HashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = StaticFiles.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("The console's " + name + " is missing from its jar");
        }
        loaded.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the console's " + name, e);
      }
    }
    this.files = Map.copyOf(loaded);
  }

  /**
   * Answers {@code GET /static/NAME}.
   *
   * @param name the requested name
   * @return the file, or a 404
   */
  Answer answer(String name) {
    byte[] body = files.get(name);
    String type = TYPES.get(name);
    if (body == null || type == null) {
      return ErrorPage.bare(404, "No such file");
    }
    return new Answer(200, type, body, Map.of("Cache-Control", "no-cache"), List.of());

  }
}
