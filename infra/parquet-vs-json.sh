#!/bin/sh
# Regenerates infra/README.md's "Parquet against gzipped JSON" table: one generated day of logs (≈ 1.2 GB of JSON
# lines) stored as hourly gzipped JSON objects and as hourly Parquet (Snappy) objects, every walkthrough and named
# query run over both in DuckDB. Takes minutes and ≈ 1 GB of disk in the work directory (kept for reruns: delete it
# to regenerate). The table is printed and written to <work dir>/parquet-vs-json.md.
#
#   infra/parquet-vs-json.sh [work dir, default infra/target/parquet-vs-json] [extra Maven options]
set -eu
cd "$(dirname "$0")/.."
work="${1:-infra/target/parquet-vs-json}"
[ $# -gt 0 ] && shift
mkdir -p "$work"
work="$(cd "$work" && pwd)"
mvn -B -q -pl infra test -Dtest=ParquetVsJsonMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
    -Dinfra.parquetVsJson.dir="$work" "$@"
cat "$work/parquet-vs-json.md"
