#!/usr/bin/env bash
# Differential check against OpenAI's tiktoken (offline, via ../shared/tools/tiktoken-env.sh).
# Usage: Scripts/check-tokenizer.sh [--all-scalars] [--cases N] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
[ -d "$shared" ] || shared=../../shared
swift build -c release --product TokenizerBench >/dev/null
exec "$shared/tools/tiktoken-env.sh" python3 Scripts/check-tokenizer.py --bench .build/release/TokenizerBench "$@"
