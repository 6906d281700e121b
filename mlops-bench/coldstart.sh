#!/usr/bin/env bash
# Cold start: wall time from starting the JVM to the first prediction of the churn model, for an
# embedded deployment (ColdStartProgram: DjlPredictors.deploy, one predict) and for `mlops serve`
# (until the first POST /v1/models/churn:predict answers 200), each without and with an
# application class-data sharing archive (a dynamic CDS archive written by a training run with
# -XX:ArchiveClassesAtExit, used with -XX:SharedArchiveFile). See docs/benchmarks.md.
#
#   mlops-bench/coldstart.sh [runs]      runs per configuration, default 5; prints each and the median
#
# Builds mlops-bench and the mlops CLI jar first unless MLOPS_BENCH_SKIP_BUILD=1. A first,
# unmeasured run of each kind fills DJL's and the OS's caches. Files go to
# mlops-bench/target/coldstart/.
set -euo pipefail

runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/mlops-bench"
out="$bench/target/coldstart"
jar="$root/mlops-cli/target/mlops.jar"

if [[ "${MLOPS_BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$bench/target/benchmarks.classpath" \
    || ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -ntp -q package -pl mlops-bench,mlops-cli -am -DskipTests)
fi
# Jars only: a CDS archive cannot be used with a directory on the class path.
classpath="$(ls "$bench"/target/mlops-bench-*.jar):$(cat "$bench/target/benchmarks.classpath")"
export OPT_OUT_TRACKING=true
flags=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

rm -rf "$out"
mkdir -p "$out"
java "${flags[@]}" -cp "$classpath" dev.mlops.bench.ColdStartProgram prepare "$out"
registry="file:$out/registry"
port=$(( 20000 + RANDOM % 20000 ))
row='{"instances": [{"tenure_months": 1, "monthly_charges": 70.5, "contract": "monthly", "has_support": false}]}'

now() {
  date +%s%N
}

# Milliseconds from JVM start to the embedded program's first prediction.
embedded() {
  local start line
  start=$(now)
  line=$(java "${flags[@]}" "$@" -cp "$classpath" dev.mlops.bench.ColdStartProgram embedded "$out" \
    | grep '^first prediction at')
  echo $(( ($(echo "$line" | awk '{ print $4 }') - start) / 1000000 ))
}

# Milliseconds from JVM start to the server's first 200 to a prediction; then stops the server.
served() {
  local start pid ms=""
  start=$(now)
  java "${flags[@]}" "$@" -cp "$jar" dev.mlops.cli.Main --registry "$registry" \
    serve models:/churn@production --port "$port" > "$out/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do
    if curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$row" \
        "http://127.0.0.1:$port/v1/models/churn:predict"; then
      ms=$(( ($(now) - start) / 1000000 ))
      break
    fi
    sleep 0.005
  done
  kill -TERM "$pid"
  wait "$pid" || true # 143 after SIGTERM; the CDS archive is written while exiting
  echo "${ms:-failed}"
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

measure() {
  local label=$1 kind=$2
  shift 2
  local times=()
  "$kind" "$@" > /dev/null # fills caches; not measured
  for _ in $(seq 1 "$runs"); do
    times+=("$("$kind" "$@")")
  done
  printf '%-44s %6s ms   (runs: %s)   load average %s\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "cold start to the first prediction, churn model, $runs runs each ($(date -u +%F))"
measure "embedded deployment" embedded
embedded -XX:ArchiveClassesAtExit="$out/embedded.jsa" > /dev/null
measure "embedded deployment, CDS archive" embedded -XX:SharedArchiveFile="$out/embedded.jsa"
measure "mlops serve" served
served -XX:ArchiveClassesAtExit="$out/serve.jsa" > /dev/null
measure "mlops serve, CDS archive" served -XX:SharedArchiveFile="$out/serve.jsa"
ls -l "$out"/*.jsa | awk '{ printf "archive %s: %.1f MB\n", $9, $5 / 1e6 }'
