package dev.mlops.jdbc;

import dev.mlops.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link PostgresCluster}, or skips them with the reason when PostgreSQL's
 * server programs are not installed.
 */
final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

  static final String MISSING = PostgresServer.MISSING;

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(PostgresCluster.findBinDir().isPresent(), MISSING);
  }

  /** The shared cluster, skipping the calling test when PostgreSQL is missing. */
  static PostgresCluster cluster() {
    Optional<Path> bin = PostgresCluster.findBinDir();
    Assumptions.assumeTrue(bin.isPresent(), MISSING);
    return PostgresCluster.shared(bin.get());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == PostgresCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return cluster();
  }
}
