package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password in {@code --registry} never reaches stderr, with or without {@code --verbose}. */
class RegistryPasswordIT {

  private static final String SECRET = "s3cret-7789";

  @TempDir
  Path dir;

  @Test
  void aPasswordInTheRegistryUriIsMaskedInEveryError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    MlopsProcess mlops = new MlopsProcess(dir);
    String[] registries = {
        // unreachable, with the password as user-info and as a parameter
        "jdbc:postgresql://app:" + SECRET + "@127.0.0.1:" + closedPort + "/mlops",
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/mlops?user=app&password=" + SECRET,
        // not a URI at all (an unescaped space in the password)
        "jdbc:postgresql://app:" + SECRET + " x@127.0.0.1:" + closedPort + "/mlops"};
    for (String registry : registries) {
      for (String verbose : new String[] {"--verbose", "--registry"}) {
        MlopsProcess.Result r = verbose.equals("--verbose")
            ? mlops.run("--verbose", "--registry", registry, "models", "list")
            : mlops.run("--registry", registry, "models", "list");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("mlops: ").doesNotContain(SECRET);
        assertThat(r.out()).doesNotContain(SECRET);
      }
    }
  }
}
