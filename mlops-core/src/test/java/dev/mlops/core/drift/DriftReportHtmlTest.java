package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.drift.DriftReport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DriftReportHtmlTest {

  private final String html = DriftReportHtml.render(Reports.report(), "churn <drift> & co");

  @Test
  void thePageLoadsNothingFromAnywhere() {
    assertThat(html).doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("<img")
        .doesNotContainIgnoringCase("src=")
        .doesNotContainIgnoringCase("url(")
        .doesNotContainIgnoringCase("@import")
        .doesNotContainIgnoringCase("@font-face");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
  }

  @Test
  void namesAndTitlesAreEscaped() {
    assertThat(html).contains("<title>churn &lt;drift&gt; &amp; co</title>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .contains("a&amp;b")
        .contains("&quot;quoted&quot;");
  }

  @Test
  void everyTestedFeatureHasASectionWithAChart() {
    assertThat(count("<section class=\"feature ")).isEqualTo(6);
    assertThat(count("<svg ")).isEqualTo(6);
    assertThat(count("class=\"chart histogram\"")).isEqualTo(2);
    assertThat(count("class=\"chart categories\"")).isEqualTo(4);
  }

  @Test
  void theSummaryStatesTheDatasetVerdictAndSkippedFeatures() {
    assertThat(html).contains("Dataset drift: detected")
        .contains("3 of 6 tested features drifted (50%)")
        .contains("no present values in the current sample (500 missing)");
  }

  @Test
  void aReportFromProfilesSaysItsFiguresAreEstimates() {
    DriftReport fromProfiles = DriftAnalyzer.withDefaults().analyze(
        DatasetProfile.of(Reports.reference()), DatasetProfile.of(Reports.current()));

    assertThat(DriftReportHtml.render(fromProfiles))
        .contains("Computed from profiles: statistics are estimated from sketches");
    assertThat(html).doesNotContain("Computed from profiles");
  }

  private int count(String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(html);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
