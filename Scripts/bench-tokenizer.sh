#!/usr/bin/env bash
# Tokenizer throughput: TroupeTokenizer (release build) against OpenAI's tiktoken, same corpus,
# same 4096-character pieces, single thread, best of N runs, in one go.
# Usage: Scripts/bench-tokenizer.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shared=../shared
[ -d "$shared/tokenizer" ] || shared=../../shared
corpus=$shared/tokenizer/bench-corpus.txt
swift build -c release --product TokenizerBench >/dev/null
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "corpus: $corpus ($(wc -c < "$corpus") bytes), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
.build/release/TokenizerBench "$corpus" --runs "$runs" | tee -a "$out"
"$shared/tools/tiktoken-env.sh" python3 "$shared/tools/tiktoken-bench.py" "$corpus" | tee -a "$out"
echo
for encoding in cl100k_base o200k_base; do
  for mode in chunks whole; do
    swift=$(grep "^swift $encoding $mode:" "$out" | sed 's/.*, \([0-9.]*\) MB\/s/\1/')
    tiktoken=$(grep "^tiktoken $encoding $mode:" "$out" | sed 's/.*, \([0-9.]*\) MB\/s/\1/')
    awk -v e="$encoding" -v m="$mode" -v s="$swift" -v t="$tiktoken" \
      'BEGIN { printf "%s %s: swift %.2f MB/s, tiktoken %.2f MB/s, ratio %.2fx\n", e, m, s, t, s / t }'
  done
done
