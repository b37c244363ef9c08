#!/usr/bin/env bash
# Before/after: measures an older commit's core and adapters with today's benchmarks, then the work tree's.
#   benchmarks/compare.sh BASE_COMMIT [run.sh options, e.g. --only sender]
# Results: benchmarks/target/compare/{before,after}/RESULTS.md
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="$1"; shift
WT="$(mktemp -d)/before"
git worktree add -q --detach "$WT" "$BASE"
trap 'git worktree remove --force "$WT"' EXIT
rm -rf "$WT/benchmarks" && cp -r benchmarks "$WT/benchmarks" && rm -rf "$WT/benchmarks/target"
grep -q '<module>benchmarks</module>' "$WT/pom.xml" || sed -i 's#</modules>#  <module>benchmarks</module>\n  </modules>#' "$WT/pom.xml"
(cd "$WT" && mvn -B -q -pl benchmarks -am package -DskipTests)
mvn -B -q -pl benchmarks -am package -DskipTests
# One after the other: run it when the machine is otherwise idle.
benchmarks/run.sh --jar "$WT/benchmarks/target/benchmarks.jar" --out benchmarks/target/compare/before "$@" > /dev/null
benchmarks/run.sh --jar benchmarks/target/benchmarks.jar --out benchmarks/target/compare/after "$@" > /dev/null
echo "== before ($BASE)"; cat benchmarks/target/compare/before/RESULTS.md
echo "== after (work tree)"; cat benchmarks/target/compare/after/RESULTS.md
