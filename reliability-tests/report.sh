#!/usr/bin/env bash
# Regenerates the table in docs/RELIABILITY.md: builds what reliability-tests needs (skipping the other modules'
# tests), runs the fault-injection suite through Logback and Log4j2 against firehose-local, and renders
# reliability-tests/target/reliability/*.json into the file between its markers.
#   reliability-tests/report.sh            short variants (~2 min on 2 cores)
#   reliability-tests/report.sh -Psoak     the issue's durations (30 s outage, 60 s of failures, 64 threads for 60 s)
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf reliability-tests/target/reliability
# -DskipTests skips the upstream modules' tests; the reliability-report profile runs this module's regardless.
exec mvn -B -pl reliability-tests -am verify -DskipTests -Preliability-report "$@"
