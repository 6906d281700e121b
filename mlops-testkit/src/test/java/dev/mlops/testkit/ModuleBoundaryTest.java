package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's jars on a module path, as an application that uses modules sees them: the
 * supported packages are readable, {@code internal} packages are not, and the registry providers
 * are found through {@code provides}/{@code uses}. The other tests run on the class path, where
 * module boundaries do not apply.
 */
class ModuleBoundaryTest {

  private static final String CONSUMER = "app.consumer";

  private static String modulePath = "";

  @TempDir Path dir;

  @BeforeAll
  static void modulePathFromTheTestClassPath() {
    // The module jars (or class folders with a module-info) and every dependency jar; the test
    // classes themselves are no module and stay out.
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (entry.endsWith(".jar") || Files.exists(path.resolve("module-info.class"))) {
        entries.add(entry);
      }
    }
    modulePath = String.join(File.pathSeparator, entries);
  }

  @Test
  void aConsumerModuleCompilesAgainstTheSupportedPackagesAndFindsTheProvidersAtRunTime()
      throws Exception {
    Compilation compilation =
        compile(
            """
            package app.consumer;

            import dev.mlops.core.registry.FileModelRegistry;
            import dev.mlops.registry.ModelRegistries;
            import dev.mlops.registry.ModelRegistry;
            import java.nio.file.Path;

            public final class Main {
              public static String run(Path root) {
                try (ModelRegistry registry = ModelRegistries.open(root.toUri().toString())) {
                  return registry.getClass().getName() + " " + FileModelRegistry.class.getName()
                      + " " + ModelRegistries.installedSchemes().keySet();
                }
              }
            }
            """);
    assertThat(compilation.output()).as("javac output").isEmpty();
    assertThat(compilation.exitCode()).isZero();

    ModuleFinder finder =
        ModuleFinder.of(pathsOf(compilation.classes() + File.pathSeparator + modulePath));
    Configuration configuration =
        ModuleLayer.boot()
            .configuration()
            .resolveAndBind(finder, ModuleFinder.of(), Set.of(CONSUMER, "dev.mlops.testkit"));
    ModuleLayer layer =
        ModuleLayer.boot()
            .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    // ModelRegistries looks for providers through the context class loader, which in an
    // application started with --module-path is the loader of the boot layer's modules.
    ClassLoader loader = layer.findLoader(CONSUMER);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    Object described;
    thread.setContextClassLoader(loader);
    try {
      described =
          loader
              .loadClass("app.consumer.Main")
              .getMethod("run", Path.class)
              .invoke(null, dir.resolve("registry"));
    } finally {
      thread.setContextClassLoader(previous);
    }

    // Opening the file registry writes its format marker with Jackson inside dev.mlops.core.
    assertThat(described.toString())
        .startsWith("dev.mlops.core.registry.FileModelRegistry ")
        .contains("file", "memory");
    Module core = layer.findModule("dev.mlops.core").orElseThrow();
    Module consumer = layer.findModule(CONSUMER).orElseThrow();
    Module testkit = layer.findModule("dev.mlops.testkit").orElseThrow();
    assertThat(core.isExported("dev.mlops.core.registry", consumer)).isTrue();
    assertThat(core.isExported("dev.mlops.core.registry.internal", consumer)).isFalse();
    assertThat(core.isExported("dev.mlops.core.registry.internal", testkit)).isTrue();
  }

  @Test
  void aConsumerModuleCannotCompileAgainstInternalPackages() throws IOException {
    Compilation compilation =
        compile(
            """
            package app.consumer;

            import dev.mlops.core.registry.internal.TemporaryArtifact;
            import dev.mlops.internal.SetOnce;

            public final class Main {
              public static String names() {
                return TemporaryArtifact.class.getName() + SetOnce.class.getName();
              }
            }
            """);

    assertThat(compilation.exitCode()).isNotZero();
    assertThat(compilation.output())
        .contains(
            "package dev.mlops.core.registry.internal is declared in module dev.mlops.core,"
                + " which does not export it to module app.consumer")
        .contains(
            "package dev.mlops.internal is declared in module dev.mlops.api,"
                + " which does not export it to module app.consumer");
  }

  private Compilation compile(String mainSource) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path main = Files.createDirectories(sources.resolve("app/consumer")).resolve("Main.java");
    Path descriptor = sources.resolve("module-info.java");
    Files.writeString(main, mainSource);
    Files.writeString(descriptor, "module app.consumer { requires dev.mlops.core; exports app.consumer; }\n");
    Path classes = dir.resolve("classes");
    // An empty class path: javac run in this JVM would otherwise take this test's class path.
    Path noClassPath = Files.createDirectories(dir.resolve("no-class-path"));
    StringWriter output = new StringWriter();
    int exitCode;
    try (PrintWriter out = new PrintWriter(output)) {
      exitCode =
          ToolProvider.findFirst("javac")
              .orElseThrow()
              .run(
                  out,
                  out,
                  "--module-path",
                  modulePath,
                  "--class-path",
                  noClassPath.toString(),
                  "-d",
                  classes.toString(),
                  descriptor.toString(),
                  main.toString());
    }
    return new Compilation(exitCode, output.toString(), classes);
  }

  private static Path[] pathsOf(String modulePath) {
    return Stream.of(modulePath.split(File.pathSeparator)).map(Path::of).toArray(Path[]::new);
  }

  private record Compilation(int exitCode, String output, Path classes) {}
}
