#!/usr/bin/env bash
# Log4j2 async loggers on a full ring: how many events reach an appender with Disruptor 4.0.0 vs 3.4.4.
# Four threads log 20,000 events each into a slow appender (30 µs per event) through AsyncLoggerContextSelector;
# LogManager.shutdown() drains the ring; each RESULT line says how many were missing. About a minute.
#   benchmarks/log4j2-ring-discard/run.sh [runs per setting, default 3]
# A standalone project (not in the reactor): it is evidence about Log4j2, not a test of the appender.
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${1:-3}"
R="${MAVEN_REPO:-$HOME/.m2/repository}"
mvn -B -q compile
mvn -B -q dependency:get -Dartifact=com.lmax:disruptor:3.4.4 >/dev/null
for version in 4.0.0 3.4.4; do
  for ring in 4096 128; do
    for run in $(seq 1 "$RUNS"); do
      cp="target/classes:$R/org/apache/logging/log4j/log4j-api/2.26.1/log4j-api-2.26.1.jar"
      cp="$cp:$R/org/apache/logging/log4j/log4j-core/2.26.1/log4j-core-2.26.1.jar:$R/com/lmax/disruptor/$version/disruptor-$version.jar"
      printf 'disruptor %s run %s: ' "$version" "$run"
      java -Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector \
           -Dlog4j2.asyncLoggerRingBufferSize="$ring" -cp "$cp" io.github.firehoseappender.discard.Main | grep '^RESULT'
    done
  done
done
