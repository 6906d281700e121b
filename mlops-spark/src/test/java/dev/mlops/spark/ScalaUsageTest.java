package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.DOUBLE;
import static org.assertj.core.api.InstanceOfAssertFactories.ITERABLE;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;
import scala.tools.nsc.Global;
import scala.tools.nsc.Settings;
import scala.tools.nsc.reporters.StoreReporter;

/**
 * {@link MlopsSpark} from Scala: compiles the Scala job of docs/spark.md
 * ({@code src/test/scala/com/example/churn/ChurnScoringJob.scala}, Scala lambdas for
 * {@code run}/{@code call}, Scala collections, {@code spark.implicits}) with the Scala compiler of
 * Spark's own Scala version, in this JVM, and runs it on the tests' {@code local[2]} session.
 */
class ScalaUsageTest {

  private static final Path SOURCE =
      Path.of("src/test/scala/com/example/churn/ChurnScoringJob.scala");

  @TempDir
  Path temp;

  @Test
  void theDocsScalaJobCompilesWithSparksScalaVersionAndScoresProfilesAndComparesOnSpark()
      throws Exception {
    Path classes = Files.createDirectories(temp.resolve("scala-classes"));
    assertThat(compileScala(SOURCE, classes)).as("scalac errors and warnings").isEmpty();
    assertThat(classes.resolve("com/example/churn/ChurnScoringJob.class")).exists();

    String registryUri = temp.resolve("registry").toUri().toString();
    try (ModelRegistry registry = ModelRegistries.open(registryUri)) {
      ChurnData.register(registry, "churn", "churn-v1.onnx");
      ChurnData.register(registry, "churn", "churn-v2.onnx");
      registry.setAlias("churn", "production", 2, AliasPrecondition.any(), "second");

      Map<?, ?> result = runJob(classes, registryUri, temp.resolve("scores").toString());

      assertThat(result.get("columns")).asInstanceOf(LIST).containsExactly("id", "tenure_months",
          "monthly_charges", "contract", "has_support", "probabilities_stay",
          "probabilities_downgrade", "probabilities_churn", "model_version");
      assertThat(result.get("rowsPerVersion")).asInstanceOf(MAP)
          .as("every written row scored by the version the alias named")
          .isEqualTo(Map.of(2, 600L));
      assertThat(result.get("worstProbabilitySum")).asInstanceOf(DOUBLE).isCloseTo(0.0, within(1e-5));
      assertThat(result.get("profiledRows")).isEqualTo(600L);
      assertThat(result.get("profiledFeatures")).asInstanceOf(ITERABLE)
          .containsExactly("tenure_months", "contract");
      assertThat(result.get("drifted")).asInstanceOf(LIST).containsExactly("monthly_charges");
    }
  }

  /** Compiles one Scala file against this JVM's test class path; returns scalac's messages. */
  private static List<String> compileScala(Path source, Path output) {
    assertThat(source).as("the Scala job (paths are relative to the module)").exists();
    Settings settings = new Settings();
    // Surefire starts the JVM from a manifest-only jar; its property holds the real class path.
    settings.classpath().value_$eq(System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")));
    settings.outdir().value_$eq(output.toString());
    settings.processArgumentString("-deprecation -feature -Werror");
    StoreReporter reporter = new StoreReporter(settings);
    Global compiler = new Global(settings, reporter);
    Global.Run run = compiler.new Run();
    run.compile(CollectionConverters.asScala(List.of(source.toString())).toList());
    List<String> messages = new ArrayList<>();
    for (StoreReporter.Info info : CollectionConverters.asJava(reporter.infos())) {
      String line = info.pos().isDefined() ? " line " + info.pos().line() : "";
      messages.add(info.severity() + line + ": " + info.msg());
    }
    if (reporter.hasErrors() && messages.isEmpty()) {
      messages.add("scalac failed without a message");
    }
    return messages;
  }

  /** Loads the compiled job over the test class path and runs it, as a Scala application would. */
  private static Map<?, ?> runJob(Path classes, String registryUri, String scoresDir)
      throws Exception {
    SparkSession spark = LocalSpark.session();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ScalaUsageTest.class.getClassLoader())) {
      // Spark's Scala reflection (encoders of spark.implicits) looks classes up through it.
      thread.setContextClassLoader(loader);
      Method run = loader.loadClass("com.example.churn.ChurnScoringJob")
          .getMethod("run", SparkSession.class, String.class, String.class);
      return (Map<?, ?>) run.invoke(null, spark, registryUri, scoresDir);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
