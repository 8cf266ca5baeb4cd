#!/usr/bin/env python3
"""Turns the verified `<name>.tiktoken.gz` vocab files into the compact binary form that
TroupeTokenizer loads at run time (`<name>.bpe` next to them in Resources).

Usage: Scripts/generate-vocab-binary.py [RESOURCES_DIR]
(default: Sources/TroupeTokenizer/Resources). Checks each decompressed file against
../shared/vocab/SHA256SUMS when that file exists, and that ranks are 0..n-1 in order.

Format, little-endian:
  "TTKV" magic, u32 version (1), u32 token count n, u32 blob size
  u8[n]      byte length of the token of each rank (1...255)
  u8[blob]   the token bytes, concatenated in rank order
The hash table used for lookups is built when the file is loaded.
"""
import base64, gzip, hashlib, os, struct, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
resources = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Sources/TroupeTokenizer/Resources")
sums_path = os.path.join(root, "..", "shared", "vocab", "SHA256SUMS")
sums = {}
if os.path.exists(sums_path):
    for line in open(sums_path):
        digest, name = line.split()
        sums[name] = digest

for name in ("cl100k_base", "o200k_base"):
    raw = gzip.open(os.path.join(resources, name + ".tiktoken.gz")).read()
    if name + ".tiktoken" in sums:
        actual = hashlib.sha256(raw).hexdigest()
        if actual != sums[name + ".tiktoken"]:
            sys.exit(f"{name}: SHA-256 {actual} does not match SHA256SUMS")
    lengths, blob = bytearray(), bytearray()
    for expected_rank, line in enumerate(raw.splitlines()):
        token_b64, rank = line.split()
        if int(rank) != expected_rank:
            sys.exit(f"{name}: rank {int(rank)} found where {expected_rank} was expected")
        token = base64.b64decode(token_b64)
        if not 0 < len(token) < 256:
            sys.exit(f"{name}: token of rank {rank} has length {len(token)}")
        lengths.append(len(token))
        blob += token
    out = os.path.join(resources, name + ".bpe")
    with open(out, "wb") as f:
        f.write(b"TTKV" + struct.pack("<III", 1, len(lengths), len(blob)))
        f.write(lengths)
        f.write(blob)
    print(f"{out}: {len(lengths)} tokens, {len(blob)} bytes of token text")
