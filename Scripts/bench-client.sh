#!/usr/bin/env bash
# Client benchmark: troupe's client vs the official openai Python SDK, against one local
# troupe-test-server, plus cold start of `troupe --version` vs `llm --version`.
# Prints the figures and ratios and records them under "## Client" in BENCHMARKS.md.
#
# Usage: Scripts/bench-client.sh [REQUESTS] [STREAMS] [CHUNKS_PER_STREAM]
# Needs: swift, python3 (venv + pip from PyPI, cached in ~/.cache/troupe-bench-venv), hyperfine
# (optional; a timed loop is used without it). Network: 127.0.0.1 only, apart from pip.
set -euo pipefail

LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
REQUESTS=${1:-1000}
STREAMS=${2:-100}
CHUNKS=${3:-200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${TROUPE_BENCH_VENV:-$HOME/.cache/troupe-bench-venv}
cd "$ROOT"

echo "== building release binaries"
for product in troupe troupe-test-server ClientBench; do
    swift build -c release --product "$product" 2>&1 | tail -1
done
BIN=$(swift build -c release --show-bin-path)

echo "== python venv ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import openai" 2>/dev/null || [ ! -x "$VENV/bin/llm" ]; then
    "$VENV/bin/pip" install --quiet openai llm
fi

echo "== starting troupe-test-server (--chunks $CHUNKS)"
SERVER_OUT=$(mktemp)
"$BIN/troupe-test-server" --chunks "$CHUNKS" --exit-after 900 > "$SERVER_OUT" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -f "$SERVER_OUT"' EXIT
PORT=""
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^PORT=//p' "$SERVER_OUT")
    [ -n "$PORT" ] && break
    sleep 0.05
done
[ -n "$PORT" ] || { echo "the test server did not start" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT/v1"
echo "server: $BASE"

value() { sed -n "s/^$1=//p" <<< "$2"; }

echo "== troupe (ClientBench, release): $REQUESTS requests, $STREAMS streams"
TROUPE=$(timeout 300 "$BIN/ClientBench" --base-url "$BASE" --requests "$REQUESTS" --streams "$STREAMS")
echo "$TROUPE"

echo "== openai Python SDK: $REQUESTS requests, $STREAMS streams"
PYTHON=$(timeout 600 "$VENV/bin/python" "$ROOT/Scripts/bench_openai_sdk.py" "$BASE" "$REQUESTS" "$STREAMS")
echo "$PYTHON"

echo "== cold start"
TROUPE_VERSION_CMD="$BIN/troupe --version"
LLM_VERSION_CMD="$VENV/bin/llm --version"
$TROUPE_VERSION_CMD > /dev/null
$LLM_VERSION_CMD > /dev/null
cold_ms() {  # mean wall time of a command in ms
    if command -v hyperfine > /dev/null; then
        local json
        json=$(mktemp)
        hyperfine --warmup 3 --runs "$2" --export-json "$json" -N "$1" > /dev/null 2>&1 \
            || hyperfine --warmup 3 --runs "$2" --export-json "$json" "$1" > /dev/null
        python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))['results'][0]['mean']*1000))" "$json"
        rm -f "$json"
    else
        local start end
        start=$(date +%s%N)
        for _ in $(seq 1 "$2"); do $1 > /dev/null; done
        end=$(date +%s%N)
        python3 -c "print('%.2f' % (($end - $start) / $2 / 1e6))"
    fi
}
TROUPE_COLD=$(cold_ms "$TROUPE_VERSION_CMD" 50)
LLM_COLD=$(cold_ms "$LLM_VERSION_CMD" 10)
echo "troupe --version: $TROUPE_COLD ms; llm --version: $LLM_COLD ms"

T_RPS=$(value requests_per_second "$TROUPE"); P_RPS=$(value requests_per_second "$PYTHON")
T_CPS=$(value chunks_per_second "$TROUPE"); P_CPS=$(value chunks_per_second "$PYTHON")
SDK_VERSION=$(value openai_version "$PYTHON")
LLM_VERSION=$("$VENV/bin/llm" --version | awk '{print $NF}')
ratio() { python3 -c "print('%.1f' % ($1 / $2))"; }
RPS_RATIO=$(ratio "$T_RPS" "$P_RPS")
CPS_RATIO=$(ratio "$T_CPS" "$P_CPS")
COLD_RATIO=$(ratio "$LLM_COLD" "$TROUPE_COLD")

echo
echo "== results"
echo "non-streaming requests/s: troupe $T_RPS, openai SDK $P_RPS  -> ${RPS_RATIO}x"
echo "streamed chunks/s:        troupe $T_CPS, openai SDK $P_CPS  -> ${CPS_RATIO}x"
echo "cold start (ms):          troupe $TROUPE_COLD, llm $LLM_COLD  -> troupe ${COLD_RATIO}x faster"

SECTION=$(cat <<MD
## Client

Measured by \`Scripts/bench-client.sh $REQUESTS $STREAMS $CHUNKS\` on $(date -u +%Y-%m-%d) ($(nproc) cores,
$(uname -sm), load average $LOAD when it started; the machine was shared), one \`troupe-test-server --chunks $CHUNKS\` on 127.0.0.1 for both clients, sequential calls,
after 20 warm-up calls each. troupe: \`ClientBench\` (release, \`OpenAIClient\`, no retries);
Python: openai $SDK_VERSION (\`max_retries=0\`). Cold start: mean of \`troupe --version\` (release)
and \`llm --version\` (llm $LLM_VERSION) with hyperfine.

| Measure | troupe | Python | Ratio |
|---|---|---|---|
| Non-streaming requests/s ($REQUESTS requests) | $T_RPS | $P_RPS | ${RPS_RATIO}x |
| Streamed chunks/s ($STREAMS streams x $CHUNKS chunks) | $T_CPS | $P_CPS | ${CPS_RATIO}x |
| Cold start, ms (\`--version\`) | $TROUPE_COLD | $LLM_COLD (llm) | ${COLD_RATIO}x faster |
MD
)
python3 - "$ROOT/BENCHMARKS.md" "$SECTION" <<'PY'
import re, sys, os
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
pattern = re.compile(r"^## Client\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w").write(text)
PY
echo "recorded in BENCHMARKS.md"
