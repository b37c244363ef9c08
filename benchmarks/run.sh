#!/usr/bin/env bash
# Reproduces every table of docs/PERFORMANCE.md on this machine, peers in the same run.
#   benchmarks/run.sh            short version (about 7 minutes)
#   benchmarks/run.sh --full     longer iterations, two forks, 60 s runs (about 40 minutes)
#   options: --jar PATH (measure another build; see compare.sh), --out DIR,
#            --only hotpath|sender|e2e|wire|spool-cpu|cost|outage|spool-outage|fleet, --jmh REGEX (hot-path benchmarks to run;
#            default all), --spool-seconds N (spool-outage's outage; default 600 with --full, 60 otherwise)
# Results: $OUT/RESULTS.md (default benchmarks/target/results), JMH JSON and logs beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

FULL=0; JAR=""; OUT=""; ONLY=""; JMH_RE="LogbackAppend|Log4j2Append|Log4j2AllAsync"; SPOOL_SECONDS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --full) FULL=1 ;;
    --jar) JAR="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --jmh) JMH_RE="$2"; shift ;;
    --spool-seconds) SPOOL_SECONDS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
OUT="${OUT:-benchmarks/target/results}"
if [ -z "$JAR" ]; then
  JAR=benchmarks/target/benchmarks.jar
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
rm -rf "$OUT"; mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
export BENCH_RESULTS="$OUT"
RESULTS="$OUT/RESULTS.md"

if [ "$FULL" = 1 ]; then
  JMH_OPTS=(-f 2 -wi 5 -w 5s -i 10 -r 5s); E2E_SECONDS=60; COST_SECONDS=120; OUTAGE_SECONDS=60
  SPOOL_SECONDS="${SPOOL_SECONDS:-600}"; SMALL_SPOOL=50MiB
else
  JMH_OPTS=(-f 1 -wi 2 -w 2s -i 3 -r 2s); E2E_SECONDS=9; COST_SECONDS=20; OUTAGE_SECONDS=10
  # 16 MiB (the least spoolSize) so that a minute at 1,000 events/s (~27 MB of lines) overflows it.
  SPOOL_SECONDS="${SPOOL_SECONDS:-60}"; SMALL_SPOOL=16MiB
fi
JAVA=(java -Xms1g -Xmx1g)
run() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

{
  echo "# Benchmark results ($([ "$FULL" = 1 ] && echo full || echo short) run, $(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "- JDK: $(java -version 2>&1 | head -1)"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- jar: $JAR ($(git log -1 --format=%h 2>/dev/null || echo '?'))"
  echo
} > "$RESULTS"

if run hotpath; then
  for t in 1 4; do
    "${JAVA[@]}" -jar "$JAR" "$JMH_RE" -t "$t" "${JMH_OPTS[@]}" \
      -prof gc -rf json -rff "$OUT/hotpath-t$t.json" > "$OUT/hotpath-t$t.log" 2>&1
  done
  python3 - "$OUT" <<'PY' > "$OUT/hotpath.json"
import json, sys
print(json.dumps(json.load(open(sys.argv[1] + "/hotpath-t1.json")) + json.load(open(sys.argv[1] + "/hotpath-t4.json"))))
PY
  { echo "## Hot path: one logger.info call on the application thread (JMH SampleTime, -prof gc)"; echo
    java -cp "$JAR" io.github.firehoseappender.benchmarks.JmhTable "$OUT/hotpath.json" "$OUT/acceptance.tsv"; } >> "$RESULTS"
fi

if run sender; then
  "${JAVA[@]}" -jar "$JAR" SenderEncodePack "${JMH_OPTS[@]}" -prof gc -rf json -rff "$OUT/sender.json" > "$OUT/sender.log" 2>&1
  { echo; echo "## Sender: encode + pack one event, no network (JMH AverageTime, -prof gc)"; echo
    python3 - "$OUT/sender.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]
print("| ns/event | ± (99.9 %) | B allocated/event |\n|---|---|---|")
print("| %.0f | %.0f | %.0f |" % (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"],
      r["secondaryMetrics"]["gc.alloc.rate.norm"]["score"]))
PY
  } >> "$RESULTS"
  # The floor under any PutRecordBatch sender on this JVM: the JDK's base64 and SHA-256 per byte.
  "${JAVA[@]}" -jar "$JAR" WireFloor "${JMH_OPTS[@]}" -rf json -rff "$OUT/wirefloor.json" > "$OUT/wirefloor.log" 2>&1
  { echo; echo "## The wire's floor: the JDK's base64 of a 1,000 KiB record and SHA-256 of its base64 (JMH)"; echo
    python3 - "$OUT/wirefloor.json" <<'PY'
import json, sys
rows = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
record = 1024000
body = (record + 2) // 3 * 4
b64, sha = rows["base64Record"], rows["sha256Body"]
b64_ns, sha_ns = b64["score"] * 1000 / record, sha["score"] * 1000 / body
print("| step | µs per record | ± (99.9 %) | MB/s | ns per 250-byte line |\n|---|---|---|---|---|")
print("| base64 of the record | %.0f | %.0f | %.0f | %.0f |" % (b64["score"], b64["scoreError"], 1000 / b64_ns, 250 * b64_ns))
print("| SHA-256 of its base64 | %.0f | %.0f | %.0f | %.0f |" % (sha["score"], sha["scoreError"], 1000 / sha_ns,
      250 * 4 / 3 * sha_ns))
print("\nTogether: **%.0f ns per 250-byte line** before any code of ours." % (250 * b64_ns + 250 * 4 / 3 * sha_ns))
PY
  } >> "$RESULTS"
fi

if run e2e; then
  for args in "1 $E2E_SECONDS" "4 $E2E_SECONDS" "1 $E2E_SECONDS 5"; do
    # shellcheck disable=SC2086
    "${JAVA[@]}" -cp "$JAR" io.github.firehoseappender.benchmarks.Harness throughput $args >> "$OUT/throughput.log" 2>&1
  done
  { echo; echo "## End to end into firehose-local on loopback (Logback, our appender, defaults)"; echo
    cat "$OUT/throughput.md"; } >> "$RESULTS"
fi

if run wire; then
  # wire=sdk against wire=direct, over plain HTTP and over TLS (firehose-local's HttpsServer with a self-signed
  # certificate made for each run), one JVM per row, alternating, paced 5 MiB/s and flat out, one app thread.
  for load in 5 0; do
    for tls in "" tls; do
      for wire in sdk direct; do
        # shellcheck disable=SC2086
        "${JAVA[@]}" -cp "$JAR" io.github.firehoseappender.benchmarks.Harness throughput 1 "$E2E_SECONDS" "$load" "$wire" \
          $tls >> "$OUT/wire.log" 2>&1
      done
    done
  done
  { echo; echo "## Sender on the wire: wire=sdk against wire=direct, plain HTTP and TLS (Logback, one app thread, firehose-local)"
    echo; grep -h '^TLS negotiated' "$OUT/wire.log" | sort -u; echo
    cat "$OUT/wire.md"; } >> "$RESULTS"
fi

if run spool-cpu; then
  # The spool's cost: off, spoolSync=interval, spoolSync=batch, one JVM per row, paced 5 MiB/s and flat out, one app
  # thread; SPOOL_REPS rounds (default 3), the three settings in a rotating order within each; medians per cell.
  REPS="${SPOOL_REPS:-3}"
  for rep in $(seq 1 "$REPS"); do
    for load in 5 0; do
      case $(( rep % 3 )) in 1) order="off interval batch" ;; 2) order="interval batch off" ;; *) order="batch off interval" ;; esac
      for sync in $order; do
        "${JAVA[@]}" -cp "$JAR" io.github.firehoseappender.benchmarks.Harness spool-cpu "$E2E_SECONDS" "$load" "$sync" \
          >> "$OUT/spool-cpu.log" 2>&1
      done
    done
  done
  { echo; echo "## The spool's cost: sender CPU per event, off against spoolSync=interval and batch (Logback, one app"
    echo "thread, firehose-local; medians of $REPS runs, one JVM each)"; echo
    python3 - "$OUT/spool-cpu.md" <<'PY'
import statistics, sys
lines = [l.rstrip("\n") for l in open(sys.argv[1]) if l.startswith("|")]
header = [c.strip() for c in lines[0].strip("|").split("|")]
rows = [[c.strip() for c in l.strip("|").split("|")] for l in lines[2:]]
want = ["load", "spool", "delivered events/s", "delivered MiB/s", "sender CPU µs/event", "sender % of a core",
        "sender B allocated/event", "bytes written to storage/event (/proc/self/io)", "latency p50 ms", "p99 ms"]
idx = {h: i for i, h in enumerate(header)}
def num(s): return float(s.replace(",", "").replace("%", "").strip())
groups = {}
for r in rows:
    groups.setdefault((r[idx["load"]], r[idx["spool"]]), []).append(r)
print("| " + " | ".join(want) + " | sender CPU vs off | runs (sender CPU µs/event) |")
print("|" + "---|" * (len(want) + 2))
base = {}
for (load, spool), rs in groups.items():
    if spool == "off":
        base[load] = statistics.median(num(r[idx["sender CPU µs/event"]]) for r in rs)
order = {"off": 0, "interval": 1, "batch": 2}
for (load, spool), rs in sorted(groups.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9))):
    cells = [load, spool]
    for h in want[2:]:
        m = statistics.median(num(r[idx[h]]) for r in rs)
        cells.append("{:,.0f}".format(m) if m >= 100 else "%.2f" % m)
    cpu = statistics.median(num(r[idx["sender CPU µs/event"]]) for r in rs)
    ratio = "%.2f×" % (cpu / base[load]) if load in base and base[load] > 0 else "–"
    print("| " + " | ".join(cells) + " | " + ratio + " | " + ", ".join(r[idx["sender CPU µs/event"]] for r in rs) + " |")
PY
  } >> "$RESULTS"
fi

if run cost; then
  "${JAVA[@]}" -cp "$JAR" io.github.firehoseappender.benchmarks.Harness cost "$COST_SECONDS" > "$OUT/cost.log" 2>&1
  { echo; echo "## Cost: billable bytes (records rounded up to 5 KiB) / event bytes, ${COST_SECONDS} s paced runs"; echo
    cat "$OUT/cost.md"; } >> "$RESULTS"
fi

if run outage; then
  "${JAVA[@]}" -cp "$JAR" io.github.firehoseappender.benchmarks.Harness outage "$OUTAGE_SECONDS" 50000 > "$OUT/outage.log" 2>&1
  { echo; echo "## Memory during an outage (every call answered 503), default buffer"; echo
    cat "$OUT/outage.md"; echo; grep '^timeline' "$OUT/outage.log"; } >> "$RESULTS"
fi

if run spool-outage; then
  # 1,000 events/s through an outage of SPOOL_SECONDS with the spool on (benchmarks/target/spool), then recovery:
  # a 1 GiB spool (defaults: retryTimeout=5m still applies to spooled calls), the same with retryTimeout=1h,
  # and a small spool that overflows. One JVM per row.
  for args in "1GiB" "1GiB benchmarks/target/spool retryTimeout=1h" "$SMALL_SPOOL"; do
    # shellcheck disable=SC2086
    "${JAVA[@]}" -cp "$JAR" io.github.firehoseappender.benchmarks.Harness spool-outage "$SPOOL_SECONDS" 1000 $args \
      >> "$OUT/spool-outage.log" 2>&1
  done
  { echo; echo "## An outage with the spool on: ${SPOOL_SECONDS} s at 1,000 events/s, then recovery"; echo
    cat "$OUT/spool-outage.md"; } >> "$RESULTS"
fi

if run fleet; then
  for experiment in streams pacing; do
    "${JAVA[@]}" -cp "$JAR" io.github.firehoseappender.benchmarks.FleetHarness "$experiment" 30 \
      >> "$OUT/fleet.log" 2>&1
  done
  { echo; echo "## A fleet past one stream's quota (1 MiB/s per stream in firehose-local)"; echo
    cat "$OUT/fleet.md"; } >> "$RESULTS"
fi

echo >> "$RESULTS"
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
cat "$RESULTS"
