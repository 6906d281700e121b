package dev.mlops.jdbc.internal;

import dev.mlops.core.registry.internal.ArtifactSource;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;

/** Where new artifact bytes are written: the database (the default) or an external file store. */
public interface ArtifactStore {

  /**
   * Streams one source file into the store, computing its size and SHA-256 on the way. Database
   * writes happen on {@code connection}, inside the publishing transaction.
   *
   * @param connection the publishing transaction's connection
   * @param source the file to read
   * @return where it was stored, with its size and checksum
   * @throws SQLException if a database write fails
   * @throws IOException if reading the source or writing the store fails
   */
  StoredFile put(Connection connection, ArtifactSource.SourceFile source)
      throws SQLException, IOException;

  /**
   * Streams a stored file's bytes, unverified, to {@code out}; the caller verifies them.
   *
   * @param connection a connection in a transaction (database chunks are read with a cursor)
   * @param file the stored file
   * @param out where the bytes go
   * @throws SQLException if a database read fails
   * @throws IOException if the bytes cannot be read or written, or the file is missing
   */
  void copyTo(Connection connection, StoredFile file, OutputStream out)
      throws SQLException, IOException;
}
