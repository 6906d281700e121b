package dev.mlops.jdbc;

import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Another application instance, run as a separate JVM by the fleet tests. Modes:
 * {@code register URL SCHEMA MODEL THREADS COUNT DIR} registers COUNT versions from each of THREADS
 * threads and prints {@code VERSION n}; {@code watch URL SCHEMA} prints {@code READY}, then
 * {@code ALIAS name version} for every alias event until its input closes; {@code roundtrip URL
 * SCHEMA FILE} registers FILE, reads it back verified and prints {@code OK}.
 */
public final class FleetMember {

  private FleetMember() {}

  public static void main(String[] args) throws Exception {
    String url = args[1];
    String schema = args[2];
    JdbcModelRegistry.Builder builder = JdbcModelRegistry.builder(url).user("postgres")
        .schema(schema).poolSize(8);
    switch (args[0]) {
      case "register" -> register(builder, args[3], Integer.parseInt(args[4]),
          Integer.parseInt(args[5]), Path.of(args[6]));
      case "watch" -> watch(builder.pollInterval(Duration.ofMinutes(10)));
      case "roundtrip" -> roundtrip(builder, Path.of(args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void register(JdbcModelRegistry.Builder builder, String model, int threads,
      int count, Path dir) throws Exception {
    try (JdbcModelRegistry registry = builder.open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          List<Integer> versions = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            Path f = Files.writeString(Files.createTempFile(dir, "w", ".onnx"),
                ProcessHandle.current().pid() + "-" + thread + "-" + i);
            versions.add(registry.register(RegistrationRequest.builder(model).artifact(f)
                .format(Artifacts.OPAQUE).build()).version());
          }
          return versions;
        }));
      }
      for (Future<List<Integer>> r : results) {
        for (int v : r.get()) {
          System.out.println("VERSION " + v);
        }
      }
      pool.shutdown();
    }
  }

  private static void watch(JdbcModelRegistry.Builder builder) throws Exception {
    try (JdbcModelRegistry registry = builder.open()) {
      registry.subscribe(e -> {
        if (e instanceof RegistryEvent.AliasMoved a) {
          System.out.println("ALIAS " + a.alias() + " " + a.newVersion());
          System.out.flush();
        }
      });
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // Runs until the parent closes our input.
      }
    }
  }

  private static void roundtrip(JdbcModelRegistry.Builder builder, Path file) throws Exception {
    try (JdbcModelRegistry registry = builder.open()) {
      ModelVersion v = registry.register(RegistrationRequest.builder("big").artifact(file)
          .format(Artifacts.OPAQUE).build());
      try (ModelArtifact artifact = registry.openArtifact("big", v.version())) {
        long size = Files.size(artifact.file(v.artifacts().get(0).path()));
        System.out.println("OK " + size + " " + Runtime.getRuntime().maxMemory());
      }
    }
  }
}
