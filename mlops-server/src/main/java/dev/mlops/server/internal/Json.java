package dev.mlops.server.internal;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON mapper of the server; thread-safe once configured. Its parse errors quote at most
 * a short prefix of the offending token and none of the raw request, since they go back to the
 * client.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .errorReportConfiguration(ErrorReportConfiguration.builder()
          .maxErrorTokenLength(Excerpt.PREFIX).maxRawContentLength(0).build())
      .build());

  private Json() {}
}
