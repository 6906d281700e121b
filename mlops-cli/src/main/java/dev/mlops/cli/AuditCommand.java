package dev.mlops.cli;

import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops audit [NAME]}: prints the registry's audit log, oldest first.
 *
 * @since 0.1
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Print the audit log, oldest first, of one model or of all.")
public final class AuditCommand implements Callable<Integer> {
  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this model's entries.")
  private @Nullable String name;

  @Option(names = "--json", description = "Print a JSON array.")
  private boolean json;

  /** Creates the command; picocli sets its options. */
  public AuditCommand() {}

  /**
   * Prints the log.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    PrintWriter out = Objects.requireNonNull(spec, "spec").commandLine().getOut();
    try (ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry()) {
      if (name != null) {
        registry.getModel(name);
      }
      List<AuditEntry> entries = ModelsCommand.all(page -> registry.auditLog(name, page));
      if (json) {
        out.println(Json.write(entries.stream().map(Json::audit).toList()));
      } else {
        entries.forEach(e -> out.println(line(e)));
      }
    }
    return Main.EXIT_OK;
  }

  private static String line(AuditEntry e) {
    StringBuilder text = new StringBuilder().append(e.sequence()).append('\t').append(e.timestamp())
        .append('\t').append(e.actor()).append('\t').append(e.action()).append('\t')
        .append(e.modelName());
    if (e.version() != null) {
      text.append('/').append(e.version());
    }
    if (e.key() != null) {
      text.append('\t').append(e.key()).append(": ").append(e.before()).append(" -> ").append(e.after());
    }
    if (e.reason() != null) {
      text.append("\t(").append(e.reason()).append(')');
    }
    return text.toString();
  }
}
