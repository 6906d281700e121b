package dev.mlops.jdbc;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.testkit.ModelRegistryContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The PostgreSQL registry passes the whole registry contract. Each registry gets a schema of its
 * own; schemas are emptied and reused by later tests, because creating one costs far more than
 * emptying it.
 */
@RequiresPostgres
class JdbcModelRegistryContractTest extends ModelRegistryContract {

  private static final Deque<String> EMPTIED_LATER = new ArrayDeque<>();

  private final Map<ModelRegistry, String> schemas = new IdentityHashMap<>();
  private final List<String> used = new ArrayList<>();

  @Override
  protected ModelRegistry createRegistry() {
    return open(null, null);
  }

  @Override
  protected ModelRegistry createRegistry(Clock clock, String actor) {
    return open(clock, actor);
  }

  @AfterEach
  void returnSchemas() {
    // Runs before the contract closes the registries; the schemas are emptied when next handed out.
    synchronized (EMPTIED_LATER) {
      EMPTIED_LATER.addAll(used);
    }
  }

  private ModelRegistry open(Clock clock, String actor) {
    String schema = schema();
    JdbcModelRegistry.Builder builder = PostgresExtension.cluster().registry(schema);
    if (clock != null) {
      builder.clock(clock).actor(actor);
    }
    JdbcModelRegistry registry = builder.open();
    synchronized (schemas) {
      schemas.put(registry, schema);
      used.add(schema);
    }
    return registry;
  }

  private static String schema() {
    String reused;
    synchronized (EMPTIED_LATER) {
      reused = EMPTIED_LATER.poll();
    }
    if (reused == null) {
      return PostgresCluster.newSchema("contract");
    }
    try {
      PostgresExtension.cluster().execute("TRUNCATE " + reused + ".models, " + reused
          + ".model_tags, " + reused + ".versions, " + reused + ".version_tags, " + reused
          + ".aliases, " + reused + ".version_files, " + reused + ".artifact_blobs, " + reused
          + ".artifact_chunks, " + reused + ".audit_log RESTART IDENTITY CASCADE",
          "UPDATE " + reused + ".audit_sequence SET last_sequence = 0");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot empty schema " + reused, e);
    }
    return reused;
  }

  @Override
  protected void corruptArtifact(ModelRegistry registry, String name, int version,
      String relativePath) {
    String schema;
    synchronized (schemas) {
      schema = schemas.get(registry);
    }
    try (Connection c = PostgresExtension.cluster().connect();
        PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".artifact_chunks"
            + " SET data = set_byte(data, 0, (get_byte(data, 0) + 1) % 256)"
            + " WHERE chunk_no = 0 AND blob_id = (SELECT blob_id FROM " + schema + ".version_files"
            + " WHERE model_name = ? AND version = ? AND path = ?)")) {
      ps.setString(1, name);
      ps.setInt(2, version);
      ps.setString(3, relativePath);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("No stored chunk for " + name + "/" + version + "/" + relativePath);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
