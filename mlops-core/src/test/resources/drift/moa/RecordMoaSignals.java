/*
 * Records where MOA's change detectors signal on fixed, seeded streams, so that the tests of
 * dev.mlops.core.drift.stream can check that our detectors signal at the same positions.
 *
 * MOA is GPL-3 and is used here only as a black box through its documented public API
 * (ChangeDetector: prepareForUse(), input(double), getChange(), getWarningZone(); options set with
 * their documented command-line strings). It is never a dependency of the Maven build, and this
 * file is not compiled by it. See README.md in this directory for how to rerun it.
 *
 * Usage: java -cp "<moa jars>/*" RecordMoaSignals.java <this directory>
 */
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.ChangeDetector;
import moa.classifiers.core.driftdetection.DDM;
import moa.classifiers.core.driftdetection.EDDM;
import moa.classifiers.core.driftdetection.HDDM_A_Test;
import moa.classifiers.core.driftdetection.PageHinkleyDM;
import moa.options.AbstractOptionHandler;

public final class RecordMoaSignals {

  /** A stream generator: a name, whether its values are 0/1 errors, and its values. */
  record Stream(String name, boolean errors, double[] values) {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Path streamDir = dir.resolve("streams");
    Files.createDirectories(streamDir);

    List<Stream> streams = new ArrayList<>();
    for (Stream generated : generate()) {
      // Values go through their text form so that the tests read exactly the doubles MOA saw.
      Path file = streamDir.resolve(generated.name() + ".csv");
      StringBuilder text = new StringBuilder();
      for (double v : generated.values()) {
        text.append(generated.errors() ? String.valueOf((int) v) : String.format(Locale.ROOT, "%.4f", v)).append('\n');
      }
      Files.writeString(file, text, StandardCharsets.US_ASCII);
      double[] parsed = Files.readAllLines(file).stream().mapToDouble(Double::parseDouble).toArray();
      streams.add(new Stream(generated.name(), generated.errors(), parsed));
    }

    Map<String, Supplier<ChangeDetector>> realDetectors = new LinkedHashMap<>();
    realDetectors.put("adwin", () -> configured(new ADWINChangeDetector(), "-a 0.002"));
    realDetectors.put("page-hinkley", () -> configured(new PageHinkleyDM(), "-n 30 -d 0.005 -l 50.0 -a 0.9999"));
    // Non-default parameters, to check that each parameter means the same in both implementations.
    realDetectors.put("adwin-delta-0.05", () -> configured(new ADWINChangeDetector(), "-a 0.05"));
    realDetectors.put("page-hinkley-n50-d0.01-l20-a0.999", () -> configured(new PageHinkleyDM(), "-n 50 -d 0.01 -l 20.0 -a 0.999"));
    Map<String, Supplier<ChangeDetector>> errorDetectors = new LinkedHashMap<>();
    errorDetectors.put("ddm", () -> configured(new DDM(), "-n 30 -w 2.0 -o 3.0"));
    errorDetectors.put("eddm", () -> configured(new EDDM(), ""));
    errorDetectors.put("hddm-a-one-sided", () -> configured(new HDDM_A_Test(), "-d 0.001 -w 0.005 -t One-sided"));
    errorDetectors.put("hddm-a-two-sided", () -> configured(new HDDM_A_Test(), "-d 0.001 -w 0.005 -t Two-sided"));
    errorDetectors.put("ddm-n50-w1.5-o2.5", () -> configured(new DDM(), "-n 50 -w 1.5 -o 2.5"));
    errorDetectors.put("hddm-a-d0.005-w0.02-one-sided", () -> configured(new HDDM_A_Test(), "-d 0.005 -w 0.02 -t One-sided"));

    StringBuilder json = new StringBuilder();
    json.append("{\n  \"moaVersion\": \"").append(moaVersion()).append("\",\n");
    json.append("  \"positions\": \"0-based index of the element after whose input() the detector reported the signal\",\n");
    json.append("  \"signals\": {\n");
    List<String> detectorEntries = new ArrayList<>();
    Map<String, Supplier<ChangeDetector>> all = new LinkedHashMap<>(realDetectors);
    all.putAll(errorDetectors);
    for (Map.Entry<String, Supplier<ChangeDetector>> detector : all.entrySet()) {
      boolean errorsOnly = errorDetectors.containsKey(detector.getKey());
      List<String> streamEntries = new ArrayList<>();
      for (Stream stream : streams) {
        if (errorsOnly && !stream.errors()) {
          continue;
        }
        ChangeDetector d = detector.getValue().get();
        List<Integer> drifts = new ArrayList<>();
        List<Integer> warnings = new ArrayList<>();
        double[] values = stream.values();
        for (int i = 0; i < values.length; i++) {
          d.input(values[i]);
          if (d.getChange()) {
            drifts.add(i);
          } else if (d.getWarningZone()) {
            warnings.add(i);
          }
        }
        streamEntries.add("      \"" + stream.name() + "\": {\"drift\": " + drifts + ", \"warning\": " + warnings + "}");
      }
      detectorEntries.add("    \"" + detector.getKey() + "\": {\n" + String.join(",\n", streamEntries) + "\n    }");
    }
    json.append(String.join(",\n", detectorEntries)).append("\n  }\n}\n");
    Files.writeString(dir.resolve("moa-signals.json"), json, StandardCharsets.US_ASCII);
    System.out.println("Wrote " + streams.size() + " streams and moa-signals.json to " + dir.toAbsolutePath());
  }

  private static ChangeDetector configured(ChangeDetector detector, String options) {
    try {
      ((AbstractOptionHandler) detector).getOptions().setViaCLIString(options);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot set options '" + options + "' on " + detector.getClass(), e);
    }
    detector.prepareForUse();
    return detector;
  }

  /** MOA's jar does not state its version in its manifest; its file name does. */
  private static String moaVersion() {
    String jar = ChangeDetector.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    String file = jar.substring(jar.lastIndexOf('/') + 1);
    return file.startsWith("moa-") && file.endsWith(".jar") ? file.substring(4, file.length() - 4) : file;
  }

  // ---- The streams: seeded java.util.Random, whose algorithm the Java specification fixes. ----

  private static List<Stream> generate() {
    List<Stream> s = new ArrayList<>();
    s.add(new Stream("real-abrupt-up", false, gaussian(4000, 11, i -> i < 2000 ? 0.2 : 0.5, 0.1)));
    s.add(new Stream("real-abrupt-down", false, gaussian(4000, 12, i -> i < 2000 ? 0.5 : 0.2, 0.1)));
    s.add(new Stream("real-gradual", false, gaussian(4000, 13, i -> ramp(i, 1500, 2500, 0.2, 0.5), 0.1)));
    s.add(new Stream("real-none", false, gaussian(4000, 14, i -> 0.2, 0.1)));
    s.add(new Stream("real-small-shift", false, gaussian(6000, 15, i -> i < 3000 ? 0.40 : 0.45, 0.1)));
    s.add(new Stream("latency-abrupt", false, latency(4000, 16, 2000)));
    s.add(new Stream("error-abrupt", true, bernoulli(5000, 21, i -> i < 2000 ? 0.1 : 0.3)));
    s.add(new Stream("error-gradual", true, bernoulli(5000, 22, i -> ramp(i, 2000, 3000, 0.1, 0.4))));
    s.add(new Stream("error-none", true, bernoulli(5000, 23, i -> 0.15)));
    s.add(new Stream("error-improving", true, bernoulli(5000, 24, i -> i < 2000 ? 0.3 : 0.1)));
    s.add(new Stream("error-multi", true, bernoulli(8000, 25, i -> i < 2000 ? 0.1 : i < 4000 ? 0.35 : i < 6000 ? 0.05 : 0.45)));
    return s;
  }

  interface Level {
    double at(int i);
  }

  private static double ramp(int i, int start, int end, double from, double to) {
    if (i < start) {
      return from;
    }
    if (i >= end) {
      return to;
    }
    return from + (to - from) * (i - start) / (end - start);
  }

  private static double[] gaussian(int n, long seed, Level mean, double sd) {
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean.at(i) + sd * random.nextGaussian();
    }
    return v;
  }

  private static double[] latency(int n, long seed, int change) {
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double median = i < change ? 40.0 : 48.0;
      v[i] = median * Math.exp(0.25 * random.nextGaussian());
    }
    return v;
  }

  private static double[] bernoulli(int n, long seed, Level p) {
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() < p.at(i) ? 1 : 0;
    }
    return v;
  }
}
