package dev.mlops.cli;

import dev.mlops.core.drift.stream.Adwin;
import dev.mlops.core.drift.stream.ChangeDirection;
import dev.mlops.core.drift.stream.Ddm;
import dev.mlops.core.drift.stream.Eddm;
import dev.mlops.core.drift.stream.HddmA;
import dev.mlops.core.drift.stream.Kswin;
import dev.mlops.core.drift.stream.PageHinkley;
import dev.mlops.drift.StreamDriftDetector;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the streaming detector {@code mlops drift-stream --detector} names, passing each {@code
 * --param K=V} to the builder method of the same name (such as {@code delta} or {@code
 * minInstances}); the builders check the values.
 */
final class StreamDetectors {
  /** The detector names the command accepts. */
  static final List<String> NAMES = List.of("adwin", "ddm", "eddm", "page-hinkley", "kswin", "hddm-a");

  private StreamDetectors() {}

  /**
   * Builds a detector.
   *
   * @param name one of {@link #NAMES}
   * @param params builder parameters by method name
   * @return the detector
   * @throws CliException if the name or a parameter is unknown, or a value does not parse or is
   *     out of range, naming it
   */
  static StreamDriftDetector create(String name, Map<String, String> params) {
    try {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "adwin" -> adwin(params);
        case "ddm" -> ddm(params);
        case "eddm" -> eddm(params);
        case "page-hinkley" -> pageHinkley(params);
        case "kswin" -> kswin(params);
        case "hddm-a" -> hddmA(params);
        default -> throw new CliException("Unknown detector '" + name + "'; use one of " + NAMES);
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException("Detector " + name + ": " + e.getMessage(), e);
    }
  }

  private static Adwin adwin(Map<String, String> params) {
    Adwin.Builder b = Adwin.builder();
    params.forEach((k, v) -> {
      switch (k) {
        case "delta" -> b.delta(real(k, v));
        case "clock" -> b.clock(integer(k, v));
        case "maxBucketsPerRow" -> b.maxBucketsPerRow(integer(k, v));
        case "minSubWindowLength" -> b.minSubWindowLength(integer(k, v));
        case "direction" -> b.direction(direction(v));
        default -> throw unknown("adwin", k, "delta, clock, maxBucketsPerRow, minSubWindowLength, direction");
      }
    });
    return b.build();
  }

  private static Ddm ddm(Map<String, String> params) {
    Ddm.Builder b = Ddm.builder();
    params.forEach((k, v) -> {
      switch (k) {
        case "minInstances" -> b.minInstances(integer(k, v));
        case "warningLevel" -> b.warningLevel(real(k, v));
        case "driftLevel" -> b.driftLevel(real(k, v));
        default -> throw unknown("ddm", k, "minInstances, warningLevel, driftLevel");
      }
    });
    return b.build();
  }

  private static Eddm eddm(Map<String, String> params) {
    Eddm.Builder b = Eddm.builder();
    params.forEach((k, v) -> {
      switch (k) {
        case "warningRatio" -> b.warningRatio(real(k, v));
        case "driftRatio" -> b.driftRatio(real(k, v));
        case "minInstances" -> b.minInstances(integer(k, v));
        case "minErrors" -> b.minErrors(integer(k, v));
        default -> throw unknown("eddm", k, "warningRatio, driftRatio, minInstances, minErrors");
      }
    });
    return b.build();
  }

  private static PageHinkley pageHinkley(Map<String, String> params) {
    PageHinkley.Builder b = PageHinkley.builder();
    params.forEach((k, v) -> {
      switch (k) {
        case "minInstances" -> b.minInstances(integer(k, v));
        case "delta" -> b.delta(real(k, v));
        case "lambda" -> b.lambda(real(k, v));
        case "alpha" -> b.alpha(real(k, v));
        case "direction" -> b.direction(direction(v));
        default -> throw unknown("page-hinkley", k, "minInstances, delta, lambda, alpha, direction");
      }
    });
    return b.build();
  }

  private static Kswin kswin(Map<String, String> params) {
    Kswin.Builder b = Kswin.builder();
    params.forEach((k, v) -> {
      switch (k) {
        case "alpha" -> b.alpha(real(k, v));
        case "windowSize" -> b.windowSize(integer(k, v));
        case "statSize" -> b.statSize(integer(k, v));
        case "seed" -> b.seed(longInteger(k, v));
        default -> throw unknown("kswin", k, "alpha, windowSize, statSize, seed");
      }
    });
    return b.build();
  }

  private static HddmA hddmA(Map<String, String> params) {
    HddmA.Builder b = HddmA.builder();
    params.forEach((k, v) -> {
      switch (k) {
        case "driftConfidence" -> b.driftConfidence(real(k, v));
        case "warningConfidence" -> b.warningConfidence(real(k, v));
        case "direction" -> b.direction(direction(v));
        case "twoSidedTest" -> b.twoSidedTest(bool(k, v));
        default -> throw unknown("hddm-a", k,
            "driftConfidence, warningConfidence, direction, twoSidedTest");
      }
    });
    return b.build();
  }

  private static double real(String key, String value) {
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new CliException("Parameter " + key + " must be a number, not '" + value + "'");
    }
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new CliException("Parameter " + key + " must be an integer, not '" + value + "'");
    }
  }

  private static long longInteger(String key, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new CliException("Parameter " + key + " must be an integer, not '" + value + "'");
    }
  }

  private static boolean bool(String key, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new CliException("Parameter " + key + " must be true or false, not '" + value + "'");
    };
  }

  private static ChangeDirection direction(String value) {
    try {
      return ChangeDirection.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException("Parameter direction must be increase, decrease or both, not '" + value + "'");
    }
  }

  private static CliException unknown(String detector, String key, String known) {
    return new CliException("Detector " + detector + " has no parameter '" + key + "'; it has " + known);
  }
}
