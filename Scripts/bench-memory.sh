#!/usr/bin/env bash
# Peak memory of `troupe send` with a large reply, streamed and not, against a local
# troupe-test-server (its prompt TROUPE_TEST_BYTES=N asks for an N-byte reply).
# Goal (issue 9): peak RSS at most 2 x the reply + 30 MB.
#
# Usage: Scripts/bench-memory.sh [BYTES]   (default 52428800: 50 MiB)
set -euo pipefail
BYTES=${1:-52428800}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
for product in troupe troupe-test-server; do
  swift build -c release --product "$product" 2>&1 | tail -1
done
BIN=$(swift build -c release --show-bin-path)
HOME_DIR=$(mktemp -d)
SERVER_OUT=$(mktemp)
"$BIN/troupe-test-server" --exit-after 600 > "$SERVER_OUT" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$SERVER_OUT" "$HOME_DIR"' EXIT
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/^PORT=//p' "$SERVER_OUT"); [ -n "$PORT" ] && break; sleep 0.05
done
[ -n "$PORT" ] || { echo "the test server did not start" >&2; exit 1; }
limit_kb=$(( (2 * BYTES + 30000000) / 1000 ))
echo "reply: $BYTES bytes; goal: peak RSS <= 2 x reply + 30 MB = $((limit_kb / 1000)) MB"
for mode in streamed whole; do
  flag=""; [ "$mode" = whole ] && flag="--no-stream"
  out=$(mktemp)
  /usr/bin/time -f "%M %e" -o "$out.time" env HOME="$HOME_DIR" "$BIN/troupe" send $flag \
    --base-url "http://127.0.0.1:$PORT/v1" "TROUPE_TEST_BYTES=$BYTES" > "$out"
  read -r peak_kib seconds < "$out.time"
  size=$(stat -c %s "$out")
  peak_mb=$(awk -v k="$peak_kib" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')
  verdict=$([ $((peak_kib * 1024 / 1000)) -le "$limit_kb" ] && echo within || echo OVER)
  echo "$mode: peak RSS $peak_mb MB ($peak_kib KiB), $seconds s, $size bytes written: $verdict the goal"
  rm -f "$out" "$out.time"
done
