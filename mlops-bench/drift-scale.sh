#!/usr/bin/env bash
# Measures `mlops drift` at scale: wall time and peak resident set size of the real command on two
# generated CSV files of ROWS rows (two numeric columns, one categorical), the current one shifted.
# See docs/benchmarks.md, section 8.
#
#   mlops-bench/drift-scale.sh ROWS...                      this tree's mlops drift
#   BASELINE_JAR=path/to/mlops.jar mlops-bench/drift-scale.sh ROWS...   and another build
#
# MLOPS_JAVA_OPTS (default -Xmx256m) applies to both. Prints one line per run: build, rows,
# seconds, peak RSS (MB, /usr/bin/time -v), exit code and the first line of stderr.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/mlops-bench/target/drift-scale"
export MLOPS_JAVA_OPTS=${MLOPS_JAVA_OPTS:--Xmx256m}

if [[ $# -eq 0 ]]; then
  echo "usage: $0 ROWS... (such as 2000000)" >&2
  exit 2
fi
mkdir -p "$work"
cd "$work"

# ROWS deterministic rows; SHIFT moves the numeric columns, as drift would.
generate() {
  awk -v rows="$1" -v shift="$2" -v seed="$3" 'BEGIN {
    print "age,income,plan"
    split("basic pro premium", plans, " ")
    x = seed
    for (i = 0; i < rows; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      printf "%.2f,%.1f,%s\n", 20 + shift + (x % 5000) / 100, 30000 + (x % 40000), plans[x % 3 + 1]
    }
  }' > "$4"
}

run() {
  local build=$1 rows=$2 status
  for side in reference current; do
    if [[ ! -f "$side-$rows.csv" ]]; then
      generate "$rows" "$([[ $side == current ]] && echo 5 || echo 0)" \
        "$([[ $side == current ]] && echo 777 || echo 12345)" "$side-$rows.csv.tmp"
      mv "$side-$rows.csv.tmp" "$side-$rows.csv"
    fi
  done
  local command=("$root/bin/mlops")
  if [[ "$build" == baseline ]]; then
    command=(java $MLOPS_JAVA_OPTS -Dai.djl.offline=true -DOPT_OUT_TRACKING=true
      -cp "$BASELINE_JAR" dev.mlops.cli.Main)
  fi
  local start end
  start=$(date +%s.%N)
  set +e
  /usr/bin/time -v -o time.txt "${command[@]}" drift --reference "reference-$rows.csv" \
    --current "current-$rows.csv" --json report.json > /dev/null 2> stderr.txt
  status=$?
  set -e
  end=$(date +%s.%N)
  printf '%-9s %11d %8.1f s %6s MB  exit %d  %s\n' "$build" "$rows" "$(echo "$end - $start" | bc)" \
    "$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' time.txt)" "$status" \
    "$(grep -v '^SLF4J' stderr.txt | head -1 | cut -c1-120)"
}

echo "# $(date -u +%FT%TZ) MLOPS_JAVA_OPTS=$MLOPS_JAVA_OPTS load: $(cut -d' ' -f1-3 /proc/loadavg)"
for rows in "$@"; do
  run current "$rows"
  if [[ -n "${BASELINE_JAR:-}" ]]; then
    run baseline "$rows"
  fi
done
