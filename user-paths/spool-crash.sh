#!/usr/bin/env bash
# Regenerates the "kill -9 with a spool" table in docs/RELIABILITY.md: builds what user-paths needs, runs
# SpoolCrashTest RUNS times (default 20; every other run is killed during an outage) with kill points drawn from SEED
# (default: a new one, printed and written above the table), and splices user-paths/target/spool-crash-table.md into
# the file between its markers. Failing runs stay in the table (their row says why); `mvn verify` runs 3 and fails
# on them as usual. Extra arguments go to Maven (-o, -Dmaven.repo.local=...).
#   user-paths/spool-crash.sh                 (~5 min on 2 cores)
#   SEED=13 RUNS=3 user-paths/spool-crash.sh  (the default build's runs)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-20}"
SEED="${SEED:-$(( (RANDOM << 15) | RANDOM ))}"
table=user-paths/target/spool-crash-table.md
rm -f "$table"
echo "spool-crash: $RUNS runs, seed $SEED"
mvn -B -pl user-paths -am verify -Dtest=SpoolCrashTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmaven.test.failure.ignore=true -Dspool-crash.runs="$RUNS" -Dspool-crash.seed="$SEED" "$@"
[ -s "$table" ] || { echo "no $table: did the tests run?" >&2; exit 1; }
doc=docs/RELIABILITY.md
begin='<!-- spool-crash-table:begin -->'
end='<!-- spool-crash-table:end -->'
grep -qF "$begin" "$doc" && grep -qF "$end" "$doc" || { echo "$doc lacks the $begin / $end markers" >&2; exit 1; }
{
  echo "$RUNS runs, seed $SEED, $(date -u +%Y-%m-%d), commit $(git log -1 --format=%h), load average at the end:" \
       "$(cut -d' ' -f1-3 /proc/loadavg) (\`SEED=$SEED RUNS=$RUNS user-paths/spool-crash.sh\` repeats the kill points)"
  echo
  cat "$table"
} > "$table.with-caption"
awk -v begin="$begin" -v end="$end" -v table="$table.with-caption" '
  $0 == begin { print; while ((getline line < table) > 0) print line; skipping = 1; next }
  $0 == end { skipping = 0 }
  !skipping { print }
' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
echo "spliced $table into $doc"
