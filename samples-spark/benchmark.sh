#!/usr/bin/env bash
# Spark local[2] scoring of a Parquet file against the bare predictor (SparkScoringBenchmark,
# docs/benchmarks.md section 9). Prints wall time and process CPU time per row.
#
#   samples-spark/benchmark.sh [rows]     default 10,000,000 rows
#
# The Parquet input is written once into samples-spark/target/bench-data/ and reused. The module is
# built first (mvn install -pl samples-spark -am -DskipTests); set MLOPS_BENCH_SKIP_BUILD=1 to reuse
# what an earlier build installed. Output also goes to samples-spark/target/bench-data/results.txt.
set -euo pipefail

rows=${1:-10000000}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/samples-spark/target/bench-data"
mkdir -p "$data"

if [[ "${MLOPS_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -ntp -q install -pl samples-spark -am -DskipTests)
fi
export OPT_OUT_TRACKING=true
(cd "$root" && mvn -B -ntp -q -pl samples-spark exec:exec \
  -Dspark.run.main=dev.mlops.samples.spark.SparkScoringBenchmark \
  -Dspark.run.jvm="-Xms1g -Xmx3g" \
  -Dspark.run.args="$root/mlops-djl/src/test/resources/models/churn-v1.onnx $data $rows") \
  | tee "$data/results.txt"
