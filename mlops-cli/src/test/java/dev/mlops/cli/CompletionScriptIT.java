package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion script the build writes beside the jar completes commands and options. */
class CompletionScriptIT {

  private static final Path SCRIPT = Path.of(System.getProperty("mlops.cli.jar", "target/mlops.jar"))
      .resolveSibling("mlops_completion");

  @TempDir
  Path dir;

  @Test
  void completesCommandsSubcommandsTheirOptionsAndFileNames() throws Exception {
    Files.writeString(dir.resolve("reference.csv"), "age\n1\n");
    assertThat(complete("mlops", "")).contains("models", "drift", "help");
    assertThat(complete("mlops", "--")).contains("--registry", "--verbose", "--help");
    assertThat(complete("mlops", "models", "")).contains("register", "tag", "download", "copy", "alias");
    assertThat(complete("mlops", "models", "alias", "--")).contains("--delete", "--expect", "--help");
    assertThat(complete("mlops", "drift", "--fa")).containsExactly("--fail-on-drift");
    assertThat(complete("mlops", "drift", "--reference", "ref")).containsExactly("reference.csv");
  }

  /** What bash offers for the last word, as after pressing TAB twice. */
  private List<String> complete(String... words) throws IOException, InterruptedException {
    String line = String.join(" ", words);
    String script = "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMP_LINE=\"$*\";"
        + " COMP_POINT=${#COMP_LINE}; _complete_mlops; printf '%s\\n' \"${COMPREPLY[@]}\"";
    List<String> command = new ArrayList<>(List.of("bash", "-c", script, "bash", SCRIPT.toString()));
    command.addAll(Arrays.asList(words));
    // Outside an interactive completion, compopt complains on stderr: only stdout is the answer.
    Process bash = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("completing '%s': %s", line, out).isZero();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void theScriptIsWrittenByTheBuild() throws IOException {
    assertThat(SCRIPT).isRegularFile();
    assertThat(Files.readString(SCRIPT)).contains("complete -F _complete_mlops");
  }
}
