#!/usr/bin/env bash
# The conversation log's costs: LogBench (release) appends TURNS turns (default 100,000) in
# conversations of 10, times one append, a shell turn through ConversationRecorder, searches,
# listing and showing; then `troupe log --search` and `troupe log` are timed as processes on
# that 100,000-turn log (exec to exit, median of RUNS runs).
#
# usage: Scripts/bench-log.sh [TURNS] [RUNS]     (CONFIG=debug to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
TURNS="${1:-100000}"
RUNS="${2:-20}"
CONFIG="${CONFIG:-release}"

swift build -c "$CONFIG" --product troupe >/dev/null
swift build -c "$CONFIG" --product LogBench >/dev/null
BIN="$(swift build -c "$CONFIG" --show-bin-path)"
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT

LOGBENCH_KEEP="$DATA" "$BIN/LogBench" "$TURNS"

echo
echo "troupe log as a process on the $TURNS-turn log (XDG_DATA_HOME=$DATA), median of $RUNS:"
python3 - "$BIN/troupe" "$DATA" "$RUNS" <<'PY'
import os, statistics, subprocess, sys, time
binary, data, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
env = {"HOME": data, "XDG_DATA_HOME": data, "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
for args in (["log", "--search", "alpha"], ["log", "--search", "quebec romeo"], ["log", "--search", "54321"],
             ["log", "--search", "nothingmatches"], ["log"], ["--version"]):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([binary] + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            raise SystemExit(f"{args}: exit {result.returncode}: {result.stderr.decode()[:300]}")
    lines = result.stdout.decode().count("\n")
    print(f"  troupe {' '.join(args):32} median {statistics.median(times):7.1f} ms  min {min(times):7.1f} ms  ({lines} lines out)")
PY
