package dev.mlops.apidump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every module users can import through mlops-bom runs the API check and has a committed dump. */
class PublishedModulesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyModuleOfTheBomChecksItsCommittedApiDump() throws IOException {
    List<String> published = publishedModules();

    assertThat(published).contains("mlops-api", "mlops-core");
    for (String module : published) {
      assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml")))
          .as("%s/pom.xml turns the API check on", module)
          .contains("<api.check.skip>false</api.check.skip>");
      assertThat(ROOT.resolve(module).resolve("api").resolve(module + ".api"))
          .as("the API dump of %s; create it with bin/api-accept %s", module, module)
          .isRegularFile();
    }
  }

  private static List<String> publishedModules() throws IOException {
    Matcher artifact = Pattern.compile("<artifactId>(mlops-[a-z-]+)</artifactId>")
        .matcher(Files.readString(ROOT.resolve("mlops-bom/pom.xml")));
    return artifact.results().map(match -> match.group(1)).filter(name -> !name.equals("mlops-bom")).toList();
  }
}
