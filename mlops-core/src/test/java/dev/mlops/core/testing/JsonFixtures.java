package dev.mlops.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reference values written by the test scripts as JSON test resources, and their arrays. */
public final class JsonFixtures {

  private JsonFixtures() {}

  /** Reads a test resource such as {@code /comparison/reference.json}. */
  public static JsonNode read(String resource) {
    try (InputStream in = JsonFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test resources");
      }
      return JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  public static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }

  /** Booleans written as {@code true}/{@code false} or as 1/0. */
  public static boolean[] booleans(JsonNode array) {
    boolean[] values = new boolean[array.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = array.get(i);
      values[i] = v.isBoolean() ? v.asBoolean() : v.asInt() == 1;
    }
    return values;
  }
}
