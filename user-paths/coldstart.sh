#!/usr/bin/env bash
# Cold start: what the Logback appender adds to a fresh JVM (JVM start -> configured -> first event logged -> first
# event acknowledged by firehose-local), against a ConsoleAppender and no appender, on this JDK and JDK 25 when
# present (JAVA25_HOME, else /usr/lib/jvm/*-25-*). Medians of RUNS child JVMs each (default 5). Prints the table and
# writes user-paths/target/coldstart-table.md. Extra arguments go to Maven (e.g. -o -Dmaven.repo.local=...).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
mvn -B -q "$@" install -pl firehose-appender-logback -am -DskipTests
# The Lambda example's deployment jar and its FirstInvocation (test classes): the handler invoked once, as Lambda does.
mvn -B -q "$@" package -pl examples/lambda -am -DskipTests
mvn -B "$@" test -pl user-paths -Dtest=ColdStartMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcoldstart.runs="$RUNS" -Dcoldstart.lambda="$PWD/examples/lambda/target" -DtrimStackTrace=false | grep -v '^\[INFO\] Download' || true
echo
cat user-paths/target/coldstart-table.md
