#!/usr/bin/env bash
# Cold start of `mlops serve`: milliseconds from launching bin/mlops to the first successful
# inference (HTTP 200 from POST /v2/models/NAME/infer), for the ONNX and the TorchScript churn
# fixtures. Each run starts a fresh JVM; the registry is written once beforehand.
#
#   mlops-server/src/test/scripts/cold-start.sh [RUNS]     (default 5 runs per model)
#
# Needs the built jar (bin/mlops builds it if missing), curl and Linux's /proc. Prints one line per
# run and the medians per model: the wall-clock time, and the CPU time the server process had used
# by then (user + system, from /proc/PID/stat), which depends less on what else the machine runs.
# MLOPS_JAVA_OPTS is passed through to the JVM (e.g. -XX:TieredStopAtLevel=1).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
mlops="$root/bin/mlops"
fixtures="$root/mlops-cli/src/test/resources/predict"
runs="${1:-5}"
work="$(mktemp -d)"
pid=""
trap 'if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

"$mlops" --registry "$work/registry" models register churn-onnx --file "$fixtures/churn-v1.onnx" \
  --signature "$fixtures/signature.json" >/dev/null
"$mlops" --registry "$work/registry" models register churn-torchscript --file "$fixtures/churn-v1.pt" \
  --signature "$fixtures/signature.json" >/dev/null

request='{"inputs":[
 {"name":"tenure_months","datatype":"FP32","shape":[1],"data":[1.0]},
 {"name":"monthly_charges","datatype":"FP64","shape":[1],"data":[70.5]},
 {"name":"contract","datatype":"BYTES","shape":[1],"data":["monthly"]},
 {"name":"has_support","datatype":"BOOL","shape":[1],"data":[false]}]}'

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# CPU milliseconds (user + system) a process has used; bin/mlops execs java, so PID is the JVM.
cpu_ms() {
  local stat ticks
  stat=$(cat "/proc/$1/stat")
  stat=${stat##*) }
  read -r -a f <<<"$stat"
  ticks=$(getconf CLK_TCK)
  echo $(( (f[11] + f[12]) * 1000 / ticks ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for model in churn-onnx churn-torchscript; do
  times=()
  cpus=()
  for ((i = 1; i <= runs; i++)); do
    out="$work/$model-$i.out"
    start=$(now_ms)
    "$mlops" --registry "$work/registry" serve "models:/$model/1" --port 0 >"$out" 2>"$work/err" &
    pid=$!
    port=""
    while [[ -z "$port" ]]; do
      port=$(sed -n 's|^Listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$out")
      kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
      [[ -n "$port" ]] || sleep 0.005
    done
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        --data "$request" "http://127.0.0.1:$port/v2/models/$model/infer")" == 200 ]]; do
      sleep 0.005
    done
    elapsed=$(( $(now_ms) - start ))
    cpu=$(cpu_ms "$pid")
    times+=("$elapsed")
    cpus+=("$cpu")
    echo "$model run $i: first successful inference after $elapsed ms (server CPU time $cpu ms)"
    kill -TERM "$pid"
    wait "$pid" || true
  done
  echo "$model: median $(median "${times[@]}") ms wall clock, $(median "${cpus[@]}") ms CPU, over $runs runs"
done
