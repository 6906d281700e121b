/**
 * A model registry in PostgreSQL, shared by every instance of an application: open it with
 * {@code ModelRegistries.open("jdbc:postgresql://host:5432/db", options)} or
 * {@link dev.mlops.jdbc.JdbcModelRegistry#builder(String)}. Versions are allocated under a row lock
 * in the publishing transaction, artifacts are stored in the database in chunks (or in an external
 * file store), alias changes are compare-and-set, and every instance hears of every change through
 * LISTEN/NOTIFY with polling as the fallback. See {@code docs/jdbc-registry.md}.
 */
@NullMarked
package dev.mlops.jdbc;

import org.jspecify.annotations.NullMarked;
