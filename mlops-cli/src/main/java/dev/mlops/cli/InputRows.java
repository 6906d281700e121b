package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the input of {@code mlops predict}, CSV with a header or JSON Lines ({@code .jsonl}), and
 * converts each record's features, found by name, to the types of the model's signature: numbers
 * for float, double, int and long, {@code true}/{@code false} (or 1/0) for boolean, text for
 * strings and categories. An empty CSV cell or an absent JSON field is a missing feature; columns
 * the signature does not name are ignored.
 */
final class InputRows {
  private InputRows() {}

  /**
   * Reads and converts the whole input.
   *
   * @param file the input file; {@code .jsonl} for JSON Lines, anything else CSV
   * @param signature the model's signature
   * @param idColumn the id column, or null
   * @return the records in input order; a record that cannot be converted carries its error
   * @throws CliException if the file is missing or malformed, or lacks the id column
   */
  static List<InputRow> read(Path file, ModelSignature signature, @Nullable String idColumn) {
    return isJsonLines(file) ? readJsonLines(file, signature, idColumn) : readCsv(file, signature, idColumn);
  }

  static boolean isJsonLines(Path file) {
    return String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT).endsWith(".jsonl");
  }

  private static List<InputRow> readCsv(Path file, ModelSignature signature, @Nullable String idColumn) {
    CsvTable table = CsvTable.read(file);
    int id = idColumn == null ? -1 : table.column(idColumn);
    List<InputRow> rows = new ArrayList<>(table.rows().size());
    for (int r = 0; r < table.rows().size(); r++) {
      List<String> cells = table.rows().get(r);
      Map<String, @Nullable Object> raw = new LinkedHashMap<>();
      for (FieldSpec input : signature.inputs()) {
        int column = table.header().indexOf(input.name());
        String cell = column < 0 ? "" : cells.get(column).strip();
        raw.put(input.name(), cell.isEmpty() ? null : cell);
      }
      rows.add(convert(table.lines().get(r), id < 0 ? null : cells.get(id), signature, raw));
    }
    return rows;
  }

  private static List<InputRow> readJsonLines(
      Path file, ModelSignature signature, @Nullable String idColumn) {
    List<InputRow> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int line = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node = parseLine(file, line, text);
        String id = null;
        if (idColumn != null) {
          JsonNode value = node.get(idColumn);
          if (value == null || value.isNull()) {
            throw new CliException(file + " line " + line + " has no id field '" + idColumn + "'");
          }
          id = value.asText();
        }
        Map<String, @Nullable Object> raw = new LinkedHashMap<>();
        for (FieldSpec input : signature.inputs()) {
          JsonNode value = node.get(input.name());
          raw.put(input.name(), value == null || value.isNull() ? null : value);
        }
        rows.add(convert(line, id, signature, raw));
      }
    } catch (NoSuchFileException e) {
      throw new CliException("File not found: " + file);
    } catch (IOException e) {
      throw new CliException("Cannot read " + file + ": " + e, e);
    }
    return rows;
  }

  private static JsonNode parseLine(Path file, int line, String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      throw new CliException(file + " line " + line + " is not a JSON object: " + e.getMessage());
    }
    throw new CliException(file + " line " + line + " is not a JSON object");
  }

  private static InputRow convert(
      int line, @Nullable String id, ModelSignature signature, Map<String, @Nullable Object> raw) {
    Map<String, Object> features = new LinkedHashMap<>();
    for (FieldSpec input : signature.inputs()) {
      Object value = raw.get(input.name());
      if (value == null) {
        continue; // missing: the predictor rejects it unless the input is optional
      }
      try {
        features.put(input.name(), value(input.type(), value));
      } catch (IllegalArgumentException e) {
        return InputRow.invalid(line, id, input.name(), "feature '" + input.name() + "': '"
            + text(value) + "' is not " + expected(input.type()));
      }
    }
    return InputRow.valid(line, id, features);
  }

  private static Object value(DataType type, Object value) {
    String text = text(value);
    return switch (type) {
      case FLOAT32, FLOAT64 -> value instanceof JsonNode n && n.isNumber() ? n.doubleValue()
          : Double.parseDouble(number(text));
      case INT32, INT64 -> value instanceof JsonNode n && n.canConvertToExactIntegral()
          ? n.longValue() : Long.parseLong(number(text));
      case BOOLEAN -> bool(value, text);
      case STRING, CATEGORICAL -> text;
    };
  }

  private static String number(String text) {
    if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new IllegalArgumentException("not a number");
    }
    return text;
  }

  private static boolean bool(Object value, String text) {
    if (value instanceof JsonNode n && n.isBoolean()) {
      return n.booleanValue();
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  private static String text(Object value) {
    return value instanceof JsonNode n ? n.asText() : value.toString();
  }

  private static String expected(DataType type) {
    return switch (type) {
      case FLOAT32, FLOAT64 -> "a number";
      case INT32, INT64 -> "an integer";
      case BOOLEAN -> "true or false";
      case STRING, CATEGORICAL -> "text";
    };
  }
}
