package dev.mlops.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  @Test
  void theDefaultLayoutHasSixteenBoundsFromAHundredMicrosecondsToTenSeconds() {
    LatencyBuckets d = LatencyBuckets.defaults();
    assertThat(d.bounds()).hasSize(16).startsWith(Duration.ofNanos(100_000))
        .endsWith(Duration.ofSeconds(10));
    assertThat(d).hasToString(
        "100us,250us,500us,1ms,2.5ms,5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2.5s,5s,10s");
    assertThat(LatencyBuckets.parse(d.toString())).isEqualTo(d);
  }

  @Test
  void parsingTakesDecimalsUnitsAndIsoDurations() {
    assertThat(LatencyBuckets.parse(" 500us, 2.5ms ,PT0.25S,1.5s,2m").bounds()).containsExactly(
        Duration.ofNanos(500_000), Duration.ofNanos(2_500_000), Duration.ofMillis(250),
        Duration.ofMillis(1500), Duration.ofMinutes(2));
    assertThat(LatencyBuckets.parse("750ns,1µs").bounds())
        .containsExactly(Duration.ofNanos(750), Duration.ofNanos(1000));
  }

  @Test
  void badLayoutsAreRejectedNamingTheElement() {
    assertThatThrownBy(() -> LatencyBuckets.parse("1ms,5 parsecs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'5 parsecs'");
    assertThatThrownBy(() -> LatencyBuckets.parse("1ms,,5ms"))
        .hasMessageContaining("empty element");
    assertThatThrownBy(() -> LatencyBuckets.parse("5ms,1ms"))
        .hasMessageContaining("must increase, but PT0.001S follows PT0.005S");
    assertThatThrownBy(() -> LatencyBuckets.of(Duration.ZERO))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> LatencyBuckets.of()).hasMessageContaining("at least one");
  }

  @Test
  void aTimerGivenTheLayoutCountsCallsPerBucket() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Timer timer = LatencyBuckets.parse("1ms,10ms").applyTo(Timer.builder("t")).register(meters);
    timer.record(500, TimeUnit.MICROSECONDS);
    timer.record(5, TimeUnit.MILLISECONDS);
    timer.record(50, TimeUnit.MILLISECONDS);
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    assertThat(Arrays.stream(buckets).map(b -> b.bucket(TimeUnit.MILLISECONDS) + "=" + b.count()))
        .containsExactly("1.0=1.0", "10.0=2.0");
  }
}
