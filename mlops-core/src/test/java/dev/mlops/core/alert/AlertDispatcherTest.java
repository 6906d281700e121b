package dev.mlops.core.alert;

import static dev.mlops.core.alert.RecordingSink.await;
import static dev.mlops.core.alert.Snapshots.T0;
import static dev.mlops.core.alert.Snapshots.atMinute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertRule;
import dev.mlops.alert.AlertSink;
import dev.mlops.alert.AlertState;
import dev.mlops.alert.Severity;
import dev.mlops.monitor.MonitorSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlertDispatcherTest {

  private static final Duration COOLDOWN = Duration.ofMinutes(30);
  private static final ErrorRateRule FAILING_CALLS =
      AlertRules.errorRateAbove(0.1).withCooldown(COOLDOWN).withMinimumCalls(10);

  private final RecordingSink sink = new RecordingSink();

  private static MonitorSnapshot failing(long minute) {
    return atMinute(minute).calls(100, 50).build();
  }

  private static MonitorSnapshot healthy(long minute) {
    return atMinute(minute).calls(100, 0).build();
  }

  private static MonitorSnapshot tooQuiet(long minute) {
    return atMinute(minute).calls(5, 5).build();
  }

  private AlertDispatcher dispatcher() {
    return AlertDispatcher.builder().rule(FAILING_CALLS).sink(sink).build();
  }

  /** Feeds the snapshots, closes the dispatcher so that every alert is delivered, and returns them. */
  private List<Alert> deliveredAfter(AlertDispatcher dispatcher, MonitorSnapshot... snapshots) {
    for (MonitorSnapshot s : snapshots) {
      dispatcher.accept(s);
    }
    dispatcher.close();
    return sink.received();
  }

  private static Instant minute(long m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  @Nested
  class StateMachine {
    @Test
    void firesOnceWhenTheConditionStarts() {
      List<Alert> alerts = deliveredAfter(dispatcher(), healthy(1), failing(2));

      assertThat(alerts).singleElement().satisfies(a -> {
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
        assertThat(a.rule()).isEqualTo("error-rate-above-0.1");
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.modelName()).isEqualTo("churn");
        assertThat(a.version()).isEqualTo(3);
        assertThat(a.at()).as("the window end, not the wall clock").isEqualTo(minute(2));
        assertThat(a.message()).startsWith("error rate 50.00% > 10.00%");
      });
    }

    @Test
    void theCooldownSuppressesRepeatsWhileTheConditionHolds() {
      AlertDispatcher dispatcher = dispatcher();
      List<MonitorSnapshot> snapshots = new ArrayList<>();
      for (int m = 1; m <= 30; m++) {
        snapshots.add(failing(m));
      }

      List<Alert> alerts = deliveredAfter(dispatcher, snapshots.toArray(MonitorSnapshot[]::new));

      assertThat(alerts).extracting(Alert::state, Alert::at)
          .containsExactly(tuple(AlertState.FIRING, minute(1)));
      assertThat(dispatcher.suppressed()).isEqualTo(29);
    }

    @Test
    void firesAgainOnceTheCooldownHasPassedWhileTheConditionStillHolds() {
      List<Alert> alerts =
          deliveredAfter(dispatcher(), failing(1), failing(30), failing(31), failing(32));

      assertThat(alerts).extracting(Alert::state, Alert::at).containsExactly(
          tuple(AlertState.FIRING, minute(1)), tuple(AlertState.FIRING, minute(31)));
    }

    @Test
    void resolvesOnceWhenTheConditionClears() {
      List<Alert> alerts = deliveredAfter(dispatcher(),
          failing(1), failing(2), healthy(3), healthy(4), healthy(5));

      assertThat(alerts).extracting(Alert::state, Alert::at).containsExactly(
          tuple(AlertState.FIRING, minute(1)), tuple(AlertState.RESOLVED, minute(3)));
      assertThat(alerts.get(1).message())
          .isEqualTo("cleared; it fired at " + minute(1) + ": " + alerts.get(0).message());
    }

    @Test
    void neverResolvesWhatDidNotFire() {
      assertThat(deliveredAfter(dispatcher(), healthy(1), healthy(2), tooQuiet(3))).isEmpty();
    }

    @Test
    void aWindowTheRuleCannotJudgeNeitherResolvesNorRepeats() {
      AlertDispatcher dispatcher = dispatcher();

      List<Alert> alerts = deliveredAfter(dispatcher,
          failing(1), tooQuiet(2), tooQuiet(40), healthy(41));

      assertThat(alerts).extracting(Alert::state, Alert::at).containsExactly(
          tuple(AlertState.FIRING, minute(1)), tuple(AlertState.RESOLVED, minute(41)));
    }

    @Test
    void aConditionThatStartsAgainWithinTheCooldownAfterResolvingStaysQuiet() {
      List<Alert> alerts = deliveredAfter(dispatcher(),
          failing(1), healthy(2), failing(3), healthy(4), failing(31));

      assertThat(alerts).extracting(Alert::state, Alert::at).containsExactly(
          tuple(AlertState.FIRING, minute(1)), tuple(AlertState.RESOLVED, minute(2)),
          tuple(AlertState.FIRING, minute(31)));
    }

    @Test
    void noStormOverAHundredWindowsOfAConditionThatHolds() {
      MonitorSnapshot[] windows = new MonitorSnapshot[100];
      for (int m = 1; m <= 100; m++) {
        windows[m - 1] = failing(m);
      }

      List<Alert> alerts = deliveredAfter(dispatcher(), windows);

      assertThat(alerts).extracting(Alert::at)
          .containsExactly(minute(1), minute(31), minute(61), minute(91));
    }

    @Test
    void noStormOverAHundredWindowsOfAConditionThatFlaps() {
      MonitorSnapshot[] windows = new MonitorSnapshot[100];
      for (int m = 1; m <= 100; m++) {
        windows[m - 1] = m % 2 == 1 ? failing(m) : healthy(m);
      }

      List<Alert> alerts = deliveredAfter(dispatcher(), windows);

      assertThat(alerts).extracting(Alert::state, Alert::at).containsExactly(
          tuple(AlertState.FIRING, minute(1)), tuple(AlertState.RESOLVED, minute(2)),
          tuple(AlertState.FIRING, minute(31)), tuple(AlertState.RESOLVED, minute(32)),
          tuple(AlertState.FIRING, minute(61)), tuple(AlertState.RESOLVED, minute(62)),
          tuple(AlertState.FIRING, minute(91)), tuple(AlertState.RESOLVED, minute(92)));
    }

    @Test
    void aZeroCooldownRepeatsOnEveryWindow() {
      AlertDispatcher dispatcher = AlertDispatcher.builder()
          .rule(FAILING_CALLS.withCooldown(Duration.ZERO)).sink(sink).build();

      assertThat(deliveredAfter(dispatcher, failing(1), failing(2), failing(3))).hasSize(3);
    }

    @Test
    void keepsStatePerModel() {
      AlertDispatcher dispatcher = dispatcher();

      List<Alert> alerts = deliveredAfter(dispatcher,
          atMinute(1).model("churn", 3).calls(100, 50).build(),
          atMinute(1).model("fraud", 7).calls(100, 50).build(),
          atMinute(2).model("churn", 3).calls(100, 0).build(),
          atMinute(2).model("fraud", 7).calls(100, 50).build());

      assertThat(alerts).extracting(Alert::modelName, Alert::version, Alert::state)
          .containsExactly(
              tuple("churn", 3, AlertState.FIRING),
              tuple("fraud", 7, AlertState.FIRING),
              tuple("churn", 3, AlertState.RESOLVED));
      assertThat(dispatcher.firing()).extracting(Alert::modelName).containsExactly("fraud");
    }

    @Test
    void evaluatesEveryRuleOnEverySnapshot() {
      AlertDispatcher dispatcher = AlertDispatcher.builder()
          .rules(List.of(FAILING_CALLS, AlertRules.p99LatencyAbove(Duration.ofMillis(100))))
          .sink(sink)
          .build();

      List<Alert> alerts = deliveredAfter(dispatcher,
          atMinute(1).calls(100, 50).p99(100, Duration.ofMillis(400)).build());

      assertThat(alerts).extracting(Alert::rule)
          .containsExactly("error-rate-above-0.1", "p99-latency-above-100ms");
      assertThat(dispatcher.firing()).hasSize(2);
    }

    @Test
    void aRuleThatThrowsIsSkippedAndTheOthersStillFire() {
      AlertRule broken = new AlertRule() {
        @Override
        public String name() {
          return "broken";
        }

        @Override
        public Severity severity() {
          return Severity.INFO;
        }

        @Override
        public Duration cooldown() {
          return Duration.ZERO;
        }

        @Override
        public Optional<String> check(MonitorSnapshot snapshot) {
          throw new IllegalStateException("bug in a custom rule");
        }
      };
      AlertDispatcher dispatcher =
          AlertDispatcher.builder().rule(broken).rule(FAILING_CALLS).sink(sink).build();

      assertThat(deliveredAfter(dispatcher, failing(1))).extracting(Alert::rule)
          .containsExactly("error-rate-above-0.1");
    }
  }

  @Nested
  class Delivery {
    @Test
    void aFailingSinkIsCountedAndTheOtherSinksStillReceiveTheAlert() {
      AlertSink refusing = alert -> {
        throw new IllegalStateException("pager is down");
      };
      AlertDispatcher dispatcher =
          AlertDispatcher.builder().rule(FAILING_CALLS).sink(refusing).sink(sink).build();

      List<Alert> alerts = deliveredAfter(dispatcher, failing(1), healthy(2));

      assertThat(alerts).hasSize(2);
      assertThat(dispatcher.failed()).isEqualTo(2);
      assertThat(dispatcher.sent()).isEqualTo(2);
      assertThat(dispatcher.raised()).isEqualTo(2);
    }

    @Test
    void deliversOnItsOwnThread() {
      List<String> threads = new ArrayList<>();
      AlertSink recordingThread = alert -> {
        synchronized (threads) {
          threads.add(Thread.currentThread().getName());
        }
      };
      AlertDispatcher dispatcher =
          AlertDispatcher.builder().rule(FAILING_CALLS).sink(recordingThread).build();

      dispatcher.accept(failing(1));
      dispatcher.close();

      assertThat(threads).containsExactly("mlops-alert-dispatcher");
    }

    @Test
    void aSinkThatBlocksForeverNeverBlocksTheCallerAndOverflowIsDropped() throws Exception {
      BlockingSink blocking = new BlockingSink();
      AlertDispatcher dispatcher = AlertDispatcher.builder()
          .rule(FAILING_CALLS)
          .sink(blocking)
          .queueCapacity(2)
          .closeTimeout(Duration.ofMillis(50))
          .build();
      try {
        dispatcher.accept(atMinute(1).model("m0", 1).calls(100, 50).build());
        await("the sink is stuck on the first alert", () -> blocking.entered.getCount() == 0);

        for (int i = 1; i < 10; i++) {
          dispatcher.accept(atMinute(1).model("m" + i, 1).calls(100, 50).build());
        }

        assertThat(dispatcher.raised()).isEqualTo(10);
        assertThat(dispatcher.queued()).isEqualTo(2);
        assertThat(dispatcher.dropped()).isEqualTo(7);

        dispatcher.close();

        assertThat(dispatcher.dropped()).as("close gave up on the two queued").isEqualTo(9);
        assertThat(dispatcher.sent()).isZero();
        dispatcher.accept(atMinute(2).model("m0", 1).calls(100, 0).build());
        assertThat(dispatcher.dropped()).as("after close, alerts are dropped").isEqualTo(10);
      } finally {
        blocking.release.countDown();
      }
    }

    @Test
    void closeDeliversWhatIsQueuedAndClosesTheSinks() {
      AlertDispatcher dispatcher = dispatcher();
      for (int i = 0; i < 200; i++) {
        dispatcher.accept(atMinute(1).model("m" + i, 1).calls(100, 50).build());
      }

      dispatcher.close();
      dispatcher.close();

      assertThat(sink.received()).hasSize(200);
      assertThat(dispatcher.sent()).isEqualTo(200);
      assertThat(dispatcher.dropped()).isZero();
      assertThat(sink.closed()).isTrue();
    }

    @Test
    void publishesItsCountersThroughMicrometer() {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      AlertDispatcher dispatcher = AlertDispatcher.builder()
          .rule(FAILING_CALLS).sink(sink).meterRegistry(registry).build();

      dispatcher.accept(failing(1));
      await("the alert is delivered", () -> dispatcher.sent() == 1);

      assertThat(registry.get("mlops.alerts.deliveries").tag("outcome", "sent")
          .functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.get("mlops.alerts.dropped").functionCounter().count()).isZero();
      assertThat(registry.get("mlops.alerts.raised").tag("rule", "error-rate-above-0.1")
          .tag("state", "FIRING").counter().count()).isEqualTo(1.0);
      dispatcher.close();
      assertThat(registry.find("mlops.alerts.deliveries").meters()).isEmpty();
    }
  }

  @Nested
  class Configuration {
    @Test
    void rejectsTwoRulesWithTheSameName() {
      assertThatThrownBy(() -> AlertDispatcher.builder()
              .rule(AlertRules.datasetDrift())
              .rule(AlertRules.datasetDrift().withSeverity(Severity.CRITICAL)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'dataset-drift'").hasMessageContaining("withName");
    }

    @Test
    void needsARuleAndASink() {
      assertThatThrownBy(() -> AlertDispatcher.builder().sink(sink).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("rule");
      assertThatThrownBy(() -> AlertDispatcher.builder().rule(FAILING_CALLS).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("sink");
    }

    @Test
    void rejectsABadOrRepeatedQueueCapacity() {
      assertThatThrownBy(() -> AlertDispatcher.builder().queueCapacity(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
      assertThatThrownBy(() -> AlertDispatcher.builder().queueCapacity(5).queueCapacity(6))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("5");
    }
  }

  /** A sink that blocks until released, ignoring interrupts, as a hung HTTP call would. */
  private static final class BlockingSink implements AlertSink {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void send(Alert alert) {
      entered.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
