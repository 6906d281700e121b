package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A {@code Deployment} in one process following an alias moved by another, through the database. */
@RequiresPostgres
class DeploymentAcrossProcessesTest {

  @Test
  void anAliasMovedByOneProcessIsServedByADeploymentInAnotherThroughNotifications(PostgresCluster pg)
      throws Exception {
    String schema = PostgresCluster.newSchema("deploy");
    try (JdbcModelRegistry mover = pg.registry(schema).open()) {
      mover.register(ChurnModels.request("churn", 1));
      mover.register(ChurnModels.request("churn", 2));
      mover.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
      // The member polls only every 10 minutes, and this test ends long before its first poll: a
      // swap seen at all came through NOTIFY. How fast is printed, not asserted.
      try (ChildJvm member = ChildJvm.start(ServingMember.class,
          List.of("-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true"),
          pg.jdbcUrl(), schema, "churn")) {
        assertThat(member.awaitLine("READY ", 180)).as("%s", member.output())
            .isEqualTo("READY 1");

        long start = System.nanoTime();
        mover.setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "promote");
        String swapped = member.awaitLine("SWAPPED ", 30);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(swapped).as("%s", member.output()).isEqualTo("SWAPPED 1 2");
        System.out.println("Alias move served by a deployment in another process after " + millis
            + " ms");
        Awaiting.until(() -> member.output().contains("SERVING 2"), 30_000);

        member.closeInput();
        String done = member.awaitLine("DONE ", 60);
        assertThat(done).as("%s", member.output()).isNotNull();
        String[] counts = done.split(" ");
        assertThat(Long.parseLong(counts[1])).as("calls served").isPositive();
        assertThat(Long.parseLong(counts[2])).as("failed or wrong calls: %s", member.output())
            .isZero();
        assertThat(member.await(60)).as("exit code: %s", member.output()).isZero();
      }
    }
  }
}
