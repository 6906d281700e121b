#!/usr/bin/env bash
# Runs the JMH benchmarks (and the memory programs) of mlops-bench. See docs/benchmarks.md.
#
#   mlops-bench/run.sh quick [regexp]   smoke run: no fork (one JVM), no warm-up, one 100 ms iteration of
#                                       every benchmark; smaller registry and memory runs
#   mlops-bench/run.sh full  [regexp]   the measured run behind docs/benchmarks.md (~25 minutes)
#   mlops-bench/run.sh full  regexp [JMH options...]   e.g. `full PredictBenchmark.row1 -f 3`
#
# A regexp (JMH's, such as 'PredictBenchmark' or 'Stream.*Kswin') runs only the benchmarks it
# matches and skips the memory programs. Results go to mlops-bench/target/results/<mode>.json and
# .txt. The module is built first (mvn package -pl mlops-bench -am -DskipTests); set
# MLOPS_BENCH_SKIP_BUILD=1 to reuse what an earlier `mvn verify` or `package` built.
set -euo pipefail

mode=${1:-}
filter=${2:-}
# Anything after the regexp goes to JMH as it is, such as `-f 3` or `-prof stack`.
extra=("${@:3}")
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/mlops-bench"

case "$mode" in
  quick)
    jmh_options=(-f 0 -wi 0 -w 100ms -i 1 -r 100ms -p versions=500 -p rows=100000)
    predictions=100000 swaps=10
    ;;
  full)
    # Forks, warm-up and iterations come from each benchmark's annotations; -prof gc adds the
    # allocation per operation (gc.alloc.rate.norm) to every result.
    jmh_options=(-prof gc)
    predictions=1000000 swaps=100
    ;;
  *)
    echo "usage: $0 quick|full [JMH benchmark regexp]" >&2
    exit 2
    ;;
esac

if [[ "${MLOPS_BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$bench/target/benchmarks.classpath" ]]; then
  (cd "$root" && mvn -B -ntp -q package -pl mlops-bench -am -DskipTests)
fi
classpath="$bench/target/classes:$(cat "$bench/target/benchmarks.classpath")"

# DJL stays offline and does not report usage; JMH's forks inherit these JVM options.
export OPT_OUT_TRACKING=true
jvm=(-Xms1g -Xmx3g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error
  -Dmlops.bench.data="$bench/target/bench-data")

results="$bench/target/results"
mkdir -p "$results"
start=$(date +%s)
java "${jvm[@]}" -cp "$classpath" org.openjdk.jmh.Main "${jmh_options[@]}" -foe true \
  -rf json -rff "$results/$mode.json" "${extra[@]}" ${filter:+"$filter"} | tee "$results/$mode.txt"

if [[ -z "$filter" ]]; then
  if [[ "$mode" == full ]]; then
    # The exact drift report on 1,000,000 rows takes minutes: one sample, no warm-up.
    java "${jvm[@]}" -cp "$classpath" org.openjdk.jmh.Main -prof gc -foe true -wi 0 -i 1 \
      -p rows=1000000 -rf json -rff "$results/full-exact-1m.json" DriftExactBenchmark \
      | tee -a "$results/$mode.txt"
  fi
  # A fixed, pre-touched heap: its pages are resident from the start, so a rise of RSS is native.
  java "${jvm[@]}" -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp "$classpath" \
    dev.mlops.bench.NativeMemoryProgram "$predictions" "$swaps" \
    | tee -a "$results/$mode.txt"
  java "${jvm[@]}" -cp "$classpath" dev.mlops.bench.ProfileSizeProgram \
    | tee -a "$results/$mode.txt"
fi
echo "mlops-bench $mode run took $(( $(date +%s) - start )) s" | tee -a "$results/$mode.txt"
