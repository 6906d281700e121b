package dev.mlops.apidump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiDumpTest {

  private static final String EXPERIMENTAL =
      """
      package dev.mlops;
      @java.lang.annotation.Documented
      @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
      public @interface Experimental {}
      """;

  private static final String NULLABLE =
      """
      package lib;
      @java.lang.annotation.Documented
      @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
      @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)
      public @interface Nullable {}
      """;

  private static final String SINK =
      """
      package lib;
      public abstract class Sink<T extends Comparable<? super T>> implements AutoCloseable {
        public static final int LIMIT = 3;
        protected int pending;
        int packagePrivate;
        private int hidden;
        public Sink() {}
        protected Sink(String name) {}
        public abstract void send(String message) throws java.io.IOException;
        public <E extends Exception> @Nullable T first(java.util.List<? extends T> items, String... tags) throws E {
          return null;
        }
        @Deprecated(forRemoval = true)
        public void old() {}
        void notApi() {}
        private void alsoNotApi() {}
        public interface Listener { void heard(String message); }
        static class PackagePrivateNested { public void notApi() {} }
        public enum Mode { FAST, SAFE }
        public record Point(int x, int y) {}
      }
      """;

  private static final String SEALED =
      """
      package lib;
      public final class Closed { protected void notApiInAFinalClass() {} }
      class Hidden { public void notApi() {} }
      """;

  private static final String INTERNAL =
      """
      package lib.internal;
      public class Engine { public void run() {} }
      """;

  private static final String YOUNG =
      """
      @dev.mlops.Experimental
      package lib.young;
      """;

  private static final String YOUNG_TYPE =
      """
      package lib.young;
      public class Estimator { public double estimate() { return 0; } }
      """;

  @TempDir Path dir;

  @Test
  void dumpListsThePublicAndProtectedApiOfExportedPackagesWithFullSignatures() throws Exception {
    Path classes = compile("v1", Map.of(
        "lib/Nullable.java", NULLABLE, "lib/Sink.java", SINK, "lib/Closed.java", SEALED,
        "lib/internal/Engine.java", INTERNAL));

    String dump = ApiDump.dump(classes, List.of());

    assertThat(dump).contains(
        "public abstract class lib.Sink<T extends java.lang.Comparable<? super T>>"
            + " implements java.lang.AutoCloseable\n",
        "  public static final int LIMIT\n",
        "  protected int pending\n",
        "  public Sink()\n",
        "  protected Sink(java.lang.String)\n",
        "  public abstract void send(java.lang.String) throws java.io.IOException\n",
        "  public <E extends java.lang.Exception> @lib.Nullable T first(java.util.List<? extends T>,"
            + " java.lang.String...) throws E\n",
        "  @java.lang.Deprecated(forRemoval=true) public void old()\n",
        "public interface lib.Sink$Listener\n  abstract void heard(java.lang.String)\n",
        "public enum lib.Sink$Mode\n",
        "public record lib.Sink$Point\n  public Point(int, int)\n",
        "public final class lib.Closed\n");
    assertThat(dump).doesNotContain(
        "packagePrivate", "hidden", "notApi", "PackagePrivateNested", "lib.Hidden", "lib.internal");
  }

  @Test
  void dumpRecordsTheExperimentalMarkerOfAPackage() throws Exception {
    Path classes = compile("v1", Map.of(
        "dev/mlops/Experimental.java", EXPERIMENTAL,
        "lib/young/package-info.java", YOUNG, "lib/young/Estimator.java", YOUNG_TYPE));

    assertThat(ApiDump.dump(classes, List.of()))
        .contains("package lib.young @dev.mlops.Experimental\n\npublic class lib.young.Estimator\n");
  }

  @Test
  void onlyTheUnqualifiedExportsOfAModuleDescriptorAreApi() throws Exception {
    Path classes = compile("v1", Map.of(
        "module-info.java", "module lib { exports lib; exports lib.shared to java.base; }",
        "lib/Nullable.java", NULLABLE,
        "lib/shared/Pages.java", "package lib.shared; public class Pages { public void next() {} }",
        "lib/other/Open.java", "package lib.other; public class Open { public void run() {} }"));

    assertThat(ApiDump.dump(classes, List.of()))
        .contains("public @interface lib.Nullable")
        .doesNotContain("lib.shared", "lib.other");
  }

  @Test
  void checkFailsWithTheDifferenceAndTheCommandThatAcceptsItUntilTheDumpIsRewritten() throws Exception {
    Path dump = dir.resolve("api/demo.api");
    Path before = compile("v1", Map.of("lib/Sink.java",
        "package lib; public class Sink { public void send(String m) {} public void flush() {} }"));
    Path after = compile("v2", Map.of("lib/Sink.java",
        "package lib; public class Sink { public void send(String m, int p) {} public void flush() {} }"));
    assertThat(run(before, dump, true).status).isZero();
    String committed = Files.readString(dump);

    Result check = run(after, dump, false);

    assertThat(check.status).isEqualTo(1);
    assertThat(check.err).contains(
        "The API of demo differs from " + dump,
        "  lib.Sink:\n    - public void send(java.lang.String)\n    + public void send(java.lang.String, int)\n",
        "mvn -B -pl demo verify -DskipTests -Dapi.accept");
    assertThat(check.err).doesNotContain("flush");
    assertThat(Files.readString(dump)).isEqualTo(committed);

    assertThat(run(after, dump, true).status).isZero();
    assertThat(Files.readString(dump)).contains("public void send(java.lang.String, int)");
    assertThat(run(after, dump, false).status).isZero();
  }

  @Test
  void anAdditionFailsTheCheckToo() throws Exception {
    Path dump = dir.resolve("api/demo.api");
    Path before = compile("v1", Map.of("lib/Sink.java", "package lib; public class Sink {}"));
    Path after = compile("v2", Map.of("lib/Sink.java", "package lib; public class Sink { public void send() {} }"));
    run(before, dump, true);

    Result check = run(after, dump, false);

    assertThat(check.status).isEqualTo(1);
    assertThat(check.err).contains("    + public void send()\n", "(0 lines removed or changed, 1 added)");
  }

  @Test
  void aDumpEditedByHandFailsTheCheckEvenWhereItsApiIsTheSame() throws Exception {
    Path dump = dir.resolve("api/demo.api");
    Path classes = compile("v1", Map.of("lib/Sink.java", "package lib; public class Sink {}"));
    run(classes, dump, true);
    Files.writeString(dump, Files.readString(dump).replace("# API of demo", "# The API of demo"));

    Result check = run(classes, dump, false);

    assertThat(check.status).isEqualTo(1);
    assertThat(check.err).contains("only comments or blank lines differ", "-Dapi.accept");
  }

  @Test
  void aMissingDumpFailsTheCheckAndSaysHowToCreateIt() throws Exception {
    Path classes = compile("v1", Map.of("lib/Sink.java", "package lib; public class Sink {}"));

    Result check = run(classes, dir.resolve("api/demo.api"), false);

    assertThat(check.status).isEqualTo(1);
    assertThat(check.err).contains("has no dump yet", "-Dapi.accept");
    assertThat(dir.resolve("api/demo.api")).doesNotExist();
  }

  @Test
  void aClassThatCannotBeLoadedIsAnErrorNamingIt() throws Exception {
    Path classes = compile("v1", Map.of(
        "lib/Base.java", "package lib; public class Base {}",
        "lib/Sink.java", "package lib; public class Sink extends Base {}"));
    Files.delete(classes.resolve("lib/Base.class"));

    Result check = run(classes, dir.resolve("api/demo.api"), true);

    assertThat(check.status).isEqualTo(2);
    assertThat(check.err).contains("cannot read the API of demo", "lib/Base");
  }

  private Result run(Path classes, Path dump, boolean accept) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ApiDump.run(new String[] {"--module", "demo", "--classes", classes.toString(),
        "--dump", dump.toString(), "--accept", Boolean.toString(accept)},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int status, String err) {}

  private Path compile(String version, Map<String, String> sources) throws IOException {
    Path source = dir.resolve(version + "-src");
    Path classes = dir.resolve(version + "-classes");
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn"));
    for (Map.Entry<String, String> file : sources.entrySet()) {
      Path path = source.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
      arguments.add(path.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = compiler.run(null, null, errors, arguments.toArray(String[]::new));
    assertThat(status).as("compiling the fixture: %s", errors).isZero();
    return classes;
  }
}
