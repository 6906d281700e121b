#!/usr/bin/env bash
# Measures `mlops predict` at scale: wall time, rows per second and peak resident set size of the
# real command (bin/mlops over the runnable jar) on a generated CSV of the churn fixture's features,
# scored by the churn ONNX fixture. See docs/benchmarks.md, section 8.
#
#   mlops-bench/predict-scale.sh ROWS...                     this tree's mlops predict, one run per size
#   BASELINE_JAR=path/to/mlops.jar mlops-bench/predict-scale.sh ROWS...
#                                                            the same sizes with another build too
#
# Environment: MLOPS_JAVA_OPTS (default -Xmx256m) for both builds; FORMATS (default "csv") the input
# formats, any of csv, jsonl, parquet (the Parquet input is converted from the CSV by the bench's
# CsvToParquet program: build mlops-bench first); THREADS and BATCH (default 2 and 256). Inputs are
# generated once and kept in mlops-bench/target/predict-scale/. The output is always CSV. Prints one
# line per run: build, rows, format, seconds, rows/s, peak RSS (MB, from /usr/bin/time -v), exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/mlops-bench/target/predict-scale"
fixtures="$root/mlops-cli/src/test/resources/predict"
export MLOPS_JAVA_OPTS=${MLOPS_JAVA_OPTS:--Xmx256m}
formats=${FORMATS:-csv}
threads=${THREADS:-2}
batch=${BATCH:-256}

if [[ $# -eq 0 ]]; then
  echo "usage: $0 ROWS... (such as 1000000 10000000)" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "$0: /usr/bin/time is needed for the peak RSS (apt-get install time)" >&2
  exit 2
fi
mkdir -p "$work"
cd "$work"

# One registry with the churn fixture, registered by this tree's build.
if [[ ! -d registry ]]; then
  "$root/bin/mlops" --registry "file:$work/registry" models register churn \
    --file "$fixtures/churn-v1.onnx" --signature "$fixtures/signature.json" --alias production \
    > /dev/null
fi

# Prints FILE's name, first writing it with PRODUCER ARGS... TEMPORARY unless it exists.
cached() {
  local file=$1
  shift
  if [[ ! -f "$file" ]]; then
    "$@" "$file.tmp"
    mv "$file.tmp" "$file"
  fi
  echo "$file"
}

# A deterministic CSV of ROWS rows: the fixture's four features and a customer id.
generate_csv() {
  awk -v rows="$1" 'BEGIN {
    print "customer,has_support,contract,monthly_charges,tenure_months"
    split("monthly yearly two_year", contracts, " ")
    x = 12345
    for (i = 0; i < rows; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      printf "c%d,%s,%s,%.2f,%d\n", i, (x % 2 ? "true" : "false"), contracts[x % 3 + 1],
        20 + (x % 10000) / 100, x % 72
    }
  }' > "$2"
}

# The same rows as JSON Lines.
to_jsonl() {
  awk -F, 'NR > 1 {
    printf "{\"customer\":\"%s\",\"has_support\":%s,\"contract\":\"%s\",", $1, $2, $3
    printf "\"monthly_charges\":%s,\"tenure_months\":%s}\n", $4, $5
  }' "$1" > "$2"
}

# The same rows as Parquet, written by the bench's converter (parquet-hadoop, Snappy).
to_parquet() {
  local classpath
  classpath="$root/mlops-bench/target/classes:$(cat "$root/mlops-bench/target/benchmarks.classpath")"
  java -Xmx256m -cp "$classpath" dev.mlops.bench.CsvToParquet "$1" "$2"
}

input_csv() {
  cached "input-$1.csv" generate_csv "$1"
}

input_jsonl() {
  cached "input-$1.jsonl" to_jsonl "$(input_csv "$1")"
}

input_parquet() {
  cached "input-$1.parquet" to_parquet "$(input_csv "$1")"
}

run() {
  local build=$1 rows=$2 format=$3 input output status
  input=$("input_$format" "$rows")
  output="out-$build-$rows.csv"
  rm -f "$output"
  local command=("$root/bin/mlops")
  if [[ "$build" == baseline ]]; then
    # As bin/mlops starts it: the same JVM options and the PyTorch engine beside the jar.
    command=(java $MLOPS_JAVA_OPTS -Dai.djl.offline=true -DOPT_OUT_TRACKING=true
      -cp "$BASELINE_JAR:$(cat "$root/mlops-cli/target/pytorch.classpath")" dev.mlops.cli.Main)
  fi
  local start end
  start=$(date +%s.%N)
  set +e
  /usr/bin/time -v -o time.txt "${command[@]}" --registry "file:$work/registry" predict \
    models:/churn@production --input "$input" --output "$output" --id-column customer \
    --threads "$threads" --batch-size "$batch" > /dev/null 2> stderr.txt
  status=$?
  set -e
  end=$(date +%s.%N)
  local rss seconds
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' time.txt)
  seconds=$(echo "$end - $start" | bc)
  printf '%-9s %11d %-8s %8.1f s %10.0f rows/s %6s MB  exit %d%s\n' "$build" "$rows" "$format" \
    "$seconds" "$(echo "$rows / $seconds" | bc -l)" "$rss" "$status" \
    "$( [[ $status -ne 0 ]] && echo " ($(head -c 160 stderr.txt | tr '\n' ' '))" || true)"
}

echo "# $(date -u +%FT%TZ) MLOPS_JAVA_OPTS=$MLOPS_JAVA_OPTS threads=$threads batch=$batch" \
  "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for rows in "$@"; do
  for format in $formats; do
    run current "$rows" "$format"
    if [[ -n "${BASELINE_JAR:-}" ]]; then
      run baseline "$rows" "$format"
    fi
  done
done
