#!/usr/bin/env bash
# Regenerates the "User paths" table in docs/RELIABILITY.md: builds what user-paths needs (the other modules' tests
# are not run: -Dtest selects only this module's), runs every user-path case in child JVMs against firehose-local,
# and splices user-paths/target/user-paths-table.md into the file between its markers. Failing cases are kept in the
# table (their row says why), so the build is not stopped by them here; `mvn verify` fails on them as usual.
#   user-paths/report.sh        (~3 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
table=user-paths/target/user-paths-table.md
rm -f "$table"
mvn -B -pl user-paths -am verify -Dtest='*UserPathsTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmaven.test.failure.ignore=true "$@"
[ -s "$table" ] || { echo "no $table: did the tests run?" >&2; exit 1; }
doc=docs/RELIABILITY.md
begin='<!-- user-paths-table:begin -->'
end='<!-- user-paths-table:end -->'
grep -qF "$begin" "$doc" && grep -qF "$end" "$doc" || { echo "$doc lacks the $begin / $end markers" >&2; exit 1; }
awk -v begin="$begin" -v end="$end" -v table="$table" '
  $0 == begin { print; while ((getline line < table) > 0) print line; skipping = 1; next }
  $0 == end { skipping = 0 }
  !skipping { print }
' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
echo "spliced $table into $doc"
