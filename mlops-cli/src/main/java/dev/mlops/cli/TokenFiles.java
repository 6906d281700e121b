package dev.mlops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a secret kept in a file, so that it never appears on a command line. */
final class TokenFiles {

  private TokenFiles() {}

  /**
   * Reads a file holding one token on one line.
   *
   * @param file the file
   * @param option the option that named it, for the message
   * @return the token, trimmed
   * @throws IOException if the file cannot be read
   * @throws CliException if it holds no token or more than one line
   */
  static String read(Path file, String option) throws IOException {
    String token = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (token.isEmpty() || token.contains("\n")) {
      throw new CliException(option + " " + file + " must hold one token on one line");
    }
    return token;
  }
}
