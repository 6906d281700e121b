package dev.mlops.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the server; thread-safe once configured. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
