package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeVersionTest {

  @TempDir Path tmp;

  @Test
  void anExplicitVersionWins() {
    assertThat(CodeVersion.resolve("1.2.3", CodeVersionTest.class, tmp)).isEqualTo("1.2.3");
  }

  @Test
  void withoutManifestVersionOrGitItIsUnknown() {
    for (Path d = tmp.toAbsolutePath(); d != null; d = d.getParent()) {
      assumeFalse(Files.exists(d.resolve(".git")), "the temporary directory is inside a git tree");
    }
    // Test classes come from a directory, not a jar, so they have no Implementation-Version.
    assertThat(CodeVersion.resolve(null, CodeVersionTest.class, tmp)).isEqualTo("unknown");
  }

  @Test
  void insideAGitWorkTreeItIsGitDescribe() throws Exception {
    assumeTrue(git(tmp, "init", "-q"), "git is not installed");
    Files.writeString(tmp.resolve("a.txt"), "a");
    assumeTrue(git(tmp, "add", "a.txt"));
    assumeTrue(git(tmp, "-c", "user.name=t", "-c", "user.email=t@example.org",
        "commit", "-q", "-m", "first"));

    String clean = CodeVersion.resolve(null, CodeVersionTest.class, tmp);
    Files.writeString(tmp.resolve("a.txt"), "changed");
    String dirty = CodeVersion.resolve(null, CodeVersionTest.class, tmp);

    assertThat(clean).matches("[0-9a-f]{7,40}");
    assertThat(dirty).isEqualTo(clean + "-dirty");
  }

  private static boolean git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
