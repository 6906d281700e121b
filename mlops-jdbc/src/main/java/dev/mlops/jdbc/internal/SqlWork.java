package dev.mlops.jdbc.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Work done on one connection inside a transaction that {@link Database} opens, commits and rolls
 * back.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T extends @Nullable Object> {

  /**
   * Does the work.
   *
   * @param connection a connection with auto-commit off
   * @return the result
   * @throws SQLException if a statement fails
   * @throws IOException if reading or writing artifact bytes fails
   */
  T run(Connection connection) throws SQLException, IOException;
}
