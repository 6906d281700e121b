package dev.mlops.cli;

import dev.mlops.core.monitor.FleetSnapshots;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops monitor}: what the fleet's monitors observed, read from the store they share (the
 * registry's PostgreSQL database). See docs/cli.md and docs/monitoring.md.
 *
 * @since 0.1
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "What the fleet's monitors observed, from the store they share.")
public final class MonitorCommand {

  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  /** Creates the command; picocli injects its parent. */
  public MonitorCommand() {}

  /**
   * Prints the fleet's current and last closed window of every version of a model.
   *
   * @param model the model name
   * @param json whether to print JSON
   * @return the exit code
   */
  @Command(name = "status",
      description = "The fleet's current and last closed window of each version of a model.")
  int status(
      @Parameters(paramLabel = "MODEL", description = "The model name.") String model,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    MlopsCommand mlops = Objects.requireNonNull(root, "root");
    PrintWriter out = Objects.requireNonNull(spec, "spec").commandLine().getOut();
    try (MonitorStore store = mlops.openMonitorStore();
        ModelRegistry registry = mlops.openRegistry()) {
      registry.getModel(model);
      List<MonitorSnapshot> snapshots = FleetSnapshots.builder(store).registry(registry).build()
          .currentAndLastClosed(model);
      Map<Integer, Map<String, Object>> versions = new TreeMap<>();
      for (MonitorSnapshot s : snapshots) {
        Map<String, Object> entry = versions.computeIfAbsent(s.version(), v -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("version", v);
          e.putAll(figures(null));
          e.put("lastClosedWindow", null);
          return e;
        });
        if (s.closed()) {
          entry.put("lastClosedWindow", figures(s));
        } else {
          entry.putAll(figures(s));
        }
      }
      if (json) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("model", model);
        document.put("versions", new ArrayList<>(versions.values()));
        out.println(Json.write(document));
      } else {
        print(out, model, store, versions.values());
      }
    }
    return Main.EXIT_OK;
  }

  /** One window's figures, in the JSON shape of docs/cli.md; zeros and nulls without a window. */
  private static Map<String, Object> figures(@Nullable MonitorSnapshot s) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("predictions", s == null ? 0 : s.predictions());
    f.put("labelled", s == null ? 0 : s.outcomes().joined());
    f.put("pendingLabels", s == null ? 0 : s.outcomes().pending());
    f.put("metrics", s == null ? Map.of() : new TreeMap<>(s.metrics()));
    f.put("driftShare", s == null || s.drift() == null ? null : s.drift().driftedShare());
    f.put("latencyP99Ms", s == null || s.latency().count() == 0 ? null
        : s.latency().p99().toNanos() / 1e6);
    f.put("windowStart", s == null ? null : s.windowStart().toString());
    f.put("windowEnd", s == null ? null : s.windowEnd().toString());
    return f;
  }

  @SuppressWarnings("unchecked")
  private static void print(PrintWriter out, String model, MonitorStore store,
      java.util.Collection<Map<String, Object>> versions) {
    if (versions.isEmpty()) {
      out.println("No recent fleet monitoring of model '" + model + "' in " + store.describe()
          + ": nothing was monitored in the current or last window (serve it with"
          + " mlops serve --monitor on this registry).");
      return;
    }
    out.printf("%-8s %-8s %12s %10s %8s %10s %10s  %s%n", "version", "window", "predictions",
        "labelled", "pending", "drift", "p99 ms", "metrics");
    for (Map<String, Object> v : versions) {
      row(out, v.get("version"), "current", v);
      Object closed = v.get("lastClosedWindow");
      if (closed != null) {
        row(out, v.get("version"), "closed", (Map<String, Object>) closed);
      }
    }
  }

  private static void row(PrintWriter out, @Nullable Object version, String window,
      Map<String, Object> f) {
    Object drift = f.get("driftShare");
    Object p99 = f.get("latencyP99Ms");
    out.printf("%-8s %-8s %12s %10s %8s %10s %10s  %s%n", version, window, f.get("predictions"),
        f.get("labelled"), f.get("pendingLabels"),
        drift == null ? "-" : String.format("%.2f", (Double) drift),
        p99 == null ? "-" : String.format("%.2f", (Double) p99), f.get("metrics"));
  }
}
