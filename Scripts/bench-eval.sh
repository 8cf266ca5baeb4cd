#!/usr/bin/env bash
# Eval engine benchmark: `troupe eval` (release) over suites of N cells against one local
# troupe-test-server, at -j 8, the response cache off and the conversation log on (as a user
# runs it). Reports cells per second, troupe's own CPU time per cell (user + system of the
# troupe process, which includes its HTTP client; the server runs in another process) and the
# peak memory at N and 10 × N cells, to show memory stays flat. Also a second run of the N-cell
# suite from the cache, and the same N cells through --batch.
#
# Usage: Scripts/bench-eval.sh [CELLS] [RUNS]   (default 1000 cells, 3 runs; medians)
# Needs: swift, python3, GNU time (/usr/bin/time, Debian package `time`; installed if missing
# and apt-get is there). Network: 127.0.0.1 only.
set -euo pipefail

CELLS=${1:-1000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

if [ ! -x /usr/bin/time ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq time > /dev/null
fi

echo "== building release binaries"
for product in troupe troupe-test-server; do
    swift build -c release --product "$product" 2>&1 | tail -1
done
BIN=$(swift build -c release --show-bin-path)

WORK=$(mktemp -d)
SERVER_OUT="$WORK/server.out"
"$BIN/troupe-test-server" --exit-after 1800 > "$SERVER_OUT" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=""
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^PORT=//p' "$SERVER_OUT")
    [ -n "$PORT" ] && break
    sleep 0.05
done
[ -n "$PORT" ] || { echo "the test server did not start" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT/v1"
echo "server: $BASE; load before: $LOAD"

# A suite of `cells` cells: one prompt, one provider, one test per value of `n`, two plain checks.
suite() {
    local dir=$1 cells=$2
    mkdir -p "$dir"
    python3 - "$dir" "$cells" <<'PY'
import sys
folder, cells = sys.argv[1], int(sys.argv[2])
with open(f"{folder}/tests.csv", "w") as f:
    f.write("n,__expected1,__expected2\n")
    for i in range(cells):
        f.write(f"{i},contains: item {i},icontains: ECHO\n")
with open(f"{folder}/promptfooconfig.yaml", "w") as f:
    f.write("description: bench\nprompts: ['Describe item {{n}} in one line']\n"
            "providers: [openai:gpt-4.1-mini]\ntests: file://tests.csv\n")
PY
}

# One run: prints "seconds cpu_seconds max_rss_kib passed".
run() {
    local dir=$1
    shift
    local home="$dir/home"
    mkdir -p "$home"
    local timing="$dir/time.txt"
    (cd "$dir" && HOME="$home" OPENAI_API_KEY=sk-bench NO_COLOR=1 \
        /usr/bin/time -f "%e %U %S %M" -o "$timing" "$BIN/troupe" eval --base-url "$BASE" -j 8 "$@" > "$dir/out.txt" 2> "$dir/err.txt") \
        || { echo "troupe eval failed:" >&2; tail -5 "$dir/out.txt" "$dir/err.txt" >&2; exit 1; }
    local passed
    passed=$(grep -oE '^[0-9]+ passed' "$dir/out.txt" | cut -d' ' -f1)
    read -r wall user sys rss < "$timing"
    python3 -c "print($wall, round($user + $sys, 3), $rss, $passed)"
}

median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

measure() {  # label cells args... → prints the medians and sets M_* variables
    local label=$1 cells=$2
    shift 2
    local walls=() cpus=() rsss=()
    for r in $(seq 1 "$RUNS"); do
        local dir="$WORK/$label-$r"
        suite "$dir" "$cells"
        read -r wall cpu rss passed < <(run "$dir" "$@")
        [ "$passed" = "$cells" ] || { echo "$label: $passed of $cells cells passed" >&2; exit 1; }
        walls+=("$wall"); cpus+=("$cpu"); rsss+=("$rss")
    done
    M_WALL=$(median "${walls[@]}")
    M_CPU=$(median "${cpus[@]}")
    M_RSS=$(median "${rsss[@]}")
    M_RATE=$(python3 -c "print(round($cells / $M_WALL, 1))")
    M_PER_CELL=$(python3 -c "print(round($M_CPU / $cells * 1000, 3))")
    printf '%-28s %6d cells  %7.2f s  %8.1f cells/s  troupe CPU %.3f ms/cell  peak RSS %.1f MiB\n' \
        "$label" "$cells" "$M_WALL" "$M_RATE" "$M_PER_CELL" "$(python3 -c "print($M_RSS / 1024)")"
}

echo "== troupe eval, $RUNS runs each (medians)"
measure "no cache, log on" "$CELLS" --no-cache
SMALL_RATE=$M_RATE; SMALL_CPU=$M_PER_CELL; SMALL_RSS=$M_RSS; SMALL_WALL=$M_WALL; SMALL_TOTAL_CPU=$M_CPU
measure "no cache, --no-log" "$CELLS" --no-cache --no-log
NOLOG_RATE=$M_RATE; NOLOG_CPU=$M_PER_CELL
BIG=$((CELLS * 10))
measure "no cache, log on, 10x" "$BIG" --no-cache
BIG_RATE=$M_RATE; BIG_CPU=$M_PER_CELL; BIG_RSS=$M_RSS; BIG_TOTAL_CPU=$M_CPU
# Per cell without the fixed costs (start-up, reading the suite): the CPU the 9 × N extra cells took.
MARGINAL_CPU=$(python3 -c "print(round(($BIG_TOTAL_CPU - $SMALL_TOTAL_CPU) / ($BIG - $CELLS) * 1000, 3))")
PER_CELL_KIB=$(python3 -c "print(round(($BIG_RSS - $SMALL_RSS) / ($BIG - $CELLS), 2))")

# From the cache: the same suite twice in one folder (the second run is timed).
dir="$WORK/cached"
suite "$dir" "$CELLS"
run "$dir" > /dev/null
read -r CACHED_WALL CACHED_CPU _ CACHED_PASSED < <(run "$dir")
CACHED_RATE=$(python3 -c "print(round($CELLS / $CACHED_WALL, 1))")

# Through the Batch API of the test server (one batch; the first look after 0.05 s).
dir="$WORK/batch"
suite "$dir" "$CELLS"
read -r BATCH_WALL BATCH_CPU BATCH_RSS BATCH_PASSED < <(run "$dir" --no-cache --batch --batch-interval 0.05)
[ "$BATCH_PASSED" = "$CELLS" ] || { echo "batch: $BATCH_PASSED of $CELLS passed" >&2; exit 1; }
BATCH_PER_CELL=$(python3 -c "print(round($BATCH_CPU / $CELLS * 1000, 3))")

echo "cached second run: ${CACHED_WALL} s (${CACHED_RATE} cells/s)"
echo "--batch: ${BATCH_WALL} s, troupe CPU ${BATCH_PER_CELL} ms/cell"

cat <<EOF

Summary ($(date -u '+%Y-%m-%d %H:%M UTC'), load before $LOAD, $(nproc) cores, $RUNS runs, medians):
- $CELLS cells at -j 8, no cache, log on: $SMALL_WALL s = $SMALL_RATE cells/s; troupe CPU $SMALL_CPU ms per cell; peak RSS $((${SMALL_RSS%.*} / 1024)) MiB
- $CELLS cells, --no-log: $NOLOG_RATE cells/s; troupe CPU $NOLOG_CPU ms per cell
- $BIG cells, log on: $BIG_RATE cells/s; troupe CPU $BIG_CPU ms per cell; peak RSS $((${BIG_RSS%.*} / 1024)) MiB
- marginal troupe CPU per cell (the extra cells of the $BIG-cell run): $MARGINAL_CPU ms; peak RSS grows $PER_CELL_KIB KiB per cell (the results kept for the report)
- $CELLS cells from the cache: $CACHED_WALL s = $CACHED_RATE cells/s
- $CELLS cells through --batch: $BATCH_WALL s; troupe CPU $BATCH_PER_CELL ms per cell
EOF
