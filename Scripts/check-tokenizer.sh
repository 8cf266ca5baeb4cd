#!/usr/bin/env bash
# Differential check against OpenAI's tiktoken (offline, via ../shared/tools/tiktoken-env.sh).
# Usage: Scripts/check-tokenizer.sh [--all-scalars] [--cases N] [--seed S]
# Always includes the 4096-character pieces of ../shared/tokenizer/bench-corpus.txt when present.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -d "$shared" ] || shared=../../shared
swift build -c release --product TokenizerBench >/dev/null 2>&1 || swift build -c release --product TokenizerBench
corpus=()
[ -f "$shared/tokenizer/bench-corpus.txt" ] && corpus=(--corpus "$shared/tokenizer/bench-corpus.txt")
exec "$shared/tools/tiktoken-env.sh" python3 Scripts/check-tokenizer.py --bench .build/release/TokenizerBench "${corpus[@]}" "$@"
