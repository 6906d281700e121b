package dev.mlops.cli;

/** Who runs the command, as recorded with approvals and rejections. */
final class Actors {

  private Actors() {}

  /**
   * The operating-system user.
   *
   * @return the user name, or {@code unknown}
   */
  static String current() {
    String user = System.getProperty("user.name", "unknown");
    return user.isBlank() ? "unknown" : user;
  }
}
