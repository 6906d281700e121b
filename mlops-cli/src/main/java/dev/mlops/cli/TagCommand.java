package dev.mlops.cli;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.NameRules;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlops models tag TARGET [K=V...] [--delete KEY]...}: sets and deletes tags of a model
 * (TARGET is its name) or of a version (TARGET is a model URI; an alias or {@code latest} means
 * the version it resolves to now). Every change is one audit entry.
 *
 * @since 0.1
 */
@Command(name = "tag",
    description = "Set (K=V) and delete (--delete KEY) tags of a model or of a version.")
public final class TagCommand implements Callable<Integer> {
  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME|MODEL_URI",
      description = "A model name for model tags; models:/NAME/VERSION (or @ALIAS, /latest) for version tags.")
  private String target = "";

  @Parameters(index = "1..*", paramLabel = "K=V", description = "A tag to set.")
  private Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--delete", paramLabel = "KEY", description = "A tag to delete (repeatable).")
  private List<String> delete = new ArrayList<>();

  /** Creates the command; picocli sets its arguments. */
  public TagCommand() {}

  /**
   * Applies the changes and prints one line for each.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    CommandSpec command = Objects.requireNonNull(spec, "spec");
    if (set.isEmpty() && delete.isEmpty()) {
      throw new ParameterException(command.commandLine(), "Give at least one tag to set (K=V) or to delete (--delete KEY)");
    }
    // Every key and value is checked first, so that a bad one changes nothing.
    set.forEach(NameRules::checkTagValue);
    set.keySet().forEach(NameRules::checkTagKey);
    delete.forEach(NameRules::checkTagKey);
    PrintWriter out = command.commandLine().getOut();
    try (ModelRegistry registry = MlopsCommand.of(command).openRegistry()) {
      if (target.startsWith(ModelUri.SCHEME + ":")) {
        ModelVersion v = registry.resolve(ModelUri.parse(target));
        String where = v.uri().toString();
        set.forEach((key, value) -> {
          registry.setVersionTag(v.name(), v.version(), key, value);
          out.println(where + " tag " + key + "=" + value);
        });
        delete.forEach(key -> out.println(deleted(where, key,
            registry.deleteVersionTag(v.name(), v.version(), key))));
      } else {
        String name = NameRules.checkModelName(target);
        set.forEach((key, value) -> {
          registry.setModelTag(name, key, value);
          out.println(name + " tag " + key + "=" + value);
        });
        delete.forEach(key -> out.println(deleted(name, key, registry.deleteModelTag(name, key))));
      }
    }
    return Main.EXIT_OK;
  }

  private static String deleted(String where, String key, boolean existed) {
    return where + " tag " + key + (existed ? " deleted" : " was not set");
  }
}
