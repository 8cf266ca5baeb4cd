#!/usr/bin/env bash
# Measures `troupe replay` of a 100-turn session with the response cache warm and unchanged
# settings: every turn must be answered from the cache (no request), so the whole replay,
# process start included, should take well under a second.
#
#   Scripts/bench-replay.sh                 # release build, 100 turns, 5 timed runs
#   CONFIGURATION=debug TURNS=200 RUNS=3 Scripts/bench-replay.sh
#
# Everything runs on 127.0.0.1 against troupe-test-server, in a temporary HOME and directory.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIGURATION=${CONFIGURATION:-release}
TURNS=${TURNS:-100}
RUNS=${RUNS:-5}

for product in troupe troupe-test-server; do
  log=$(swift build -c "$CONFIGURATION" --product "$product" 2>&1) || { echo "$log" >&2; exit 1; }
done
BIN=$(swift build -c "$CONFIGURATION" --show-bin-path)

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The server stops by itself after 5 minutes even if this script is killed.
"$BIN/troupe-test-server" --exit-after 300 >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/^PORT=//p' "$WORK/server.out")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "troupe-test-server did not start" >&2; exit 1; }

# A saved session with TURNS user turns (the recorded replies are placeholders).
python3 - "$WORK/session.json" "$TURNS" <<'PY'
import json, sys
path, turns = sys.argv[1], int(sys.argv[2])
params = {"model": "gpt-4o-mini", "temperature": 0.2, "dedent": False}
messages = [{"role": "system", "content": "You are a benchmark."}]
records = []
for i in range(1, turns + 1):
    user = {"role": "user", "content": f"Question number {i}: what comes after {i}?"}
    reply = f"placeholder {i}"
    records.append({"user": user, "messageIndex": len(messages), "apiType": "openai",
                    "parameters": params, "reply": reply, "fromCache": False,
                    "latency": {"totalSeconds": 0.5}})
    messages += [user, {"role": "assistant", "content": reply}]
session = {"formatVersion": 1, "created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-01T00:00:00.000Z",
           "settings": {"apiType": "openai", "parameters": params}, "messages": messages, "turns": records}
json.dump(session, open(path, "w"), indent=2, sort_keys=True)
PY

export HOME="$WORK/home" OPENAI_API_KEY="sk-bench-not-a-real-key" NO_COLOR=1
mkdir -p "$HOME"
cd "$WORK"
COMMON=(--base-url "http://127.0.0.1:$PORT/v1" --cache --set "CACHE_FILE_NAME=$WORK/cache.sqlite")

# Warm-up: every turn is a request; the replayed conversation is saved as a session whose
# replies and parameters match the cache exactly (as a session saved from the shell does).
"$BIN/troupe" replay session.json "${COMMON[@]}" --save warmed.json --json >warm.json 2>/dev/null
python3 -c "import json,sys; s=json.load(open('warm.json'))['summary']; sys.exit(0 if s['requests']==$TURNS else 1)" \
  || { echo "warm-up did not make $TURNS requests" >&2; exit 1; }

times=()
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  "$BIN/troupe" replay warmed.json "${COMMON[@]}" --fail-on-change --json >run.json
  end=$(date +%s.%N)
  python3 -c "import json,sys; s=json.load(open('run.json'))['summary']; sys.exit(0 if s['requests']==0 and s['cacheHits']==$TURNS and s['changed']==0 else 1)" \
    || { echo "run $run made a request or saw a change" >&2; exit 1; }
  times+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
done

sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "replay of a $TURNS-turn session, cache warm, $CONFIGURATION build, $RUNS runs (wall seconds, process start included):"
echo "  runs: ${times[*]}"
echo "  min $(echo "$sorted" | head -1)  median $(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")  max $(echo "$sorted" | tail -1)"
echo "  requests made during timed runs: 0 (checked in each JSON report)"
