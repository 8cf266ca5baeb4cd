#!/usr/bin/env bash
# The local model seen through troupe, measured in one run against the installed llama-server
# and model (Scripts/install-local-model.sh): a fresh `troupe send` from process start to the
# first byte of the reply, cold (troupe starts its own server) and warm (`troupe serve-local`
# already running), and decode speed as troupe receives a streamed reply against the server's
# own `timings.predicted_per_second` in the same run. Medians of RUNS.
#
# usage: Scripts/bench-local.sh [RUNS]      (default 5; CONFIG=debug to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
CONFIG="${CONFIG:-release}"

swift build -c "$CONFIG" --product troupe >/dev/null
swift build -c "$CONFIG" --product LocalServerBench >/dev/null
BIN="$(swift build -c "$CONFIG" --show-bin-path)"

echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ) cores=$(nproc) load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
timeout 900 "$BIN/LocalServerBench" "$BIN/troupe" "$RUNS"
