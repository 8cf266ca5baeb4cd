#!/usr/bin/env python3
"""Differential check of TroupeTokenizer against OpenAI's tiktoken.

Generates many strings (random mixes of Unicode classes and pattern edge cases, and with
--all-scalars one probe string per code point of planes 0-3 and 14), encodes them with tiktoken
and with the Swift TokenizerBench in --jsonl mode, and reports every difference.

Run through Scripts/check-tokenizer.sh (builds the Swift side, sets up tiktoken offline), or:
  ../shared/tools/tiktoken-env.sh python3 Scripts/check-tokenizer.py --bench .build/release/TokenizerBench
Options: --cases N (random strings, default 20000), --seed S, --all-scalars, --encoding NAME.
Exit status 1 when any string differs.
"""
import argparse, json, random, subprocess, sys
import tiktoken

parser = argparse.ArgumentParser()
parser.add_argument("--bench", required=True)
parser.add_argument("--cases", type=int, default=20000)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--all-scalars", action="store_true")
parser.add_argument("--encoding", action="append")
args = parser.parse_args()

POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~",
    "'", "'", "/",
    " ", " ", " ", "\n", "\r", "\t", "\x0b", "\x0c", "\x85", "\xa0", "\u2028", "\u2029", "\u3000", "\u1680", "\u200b",
    "sdmtlvreSDMTLVRE\u017f",  # contraction letters, long s
    "\u0301\u0300\u0308\u0903\u20dd\u064b",  # marks Mn, Mc, Me
    "\u01c5\u01c8\u1f88",  # Lt
    "\u02b0\u02c6\u3005\uff70",  # Lm
    "\u4e2d\u6587\u3042\u30ab\uac00\u05d0\u0627\u0e01",  # Lo
    "\u00e9\u00df\u03b1\u0434\u0101",  # Ll
    "\u00c9\u0391\u0414\u0100",  # Lu
    "\u0663\u0967\u2167\u00bd\u2460\uff11",  # Nd Nl No
    "\U0001F600\U0001F44D\u2764\ufe0f\u200d",  # emoji, VS16, ZWJ
    "\U00010400\U0001D400\U00020000\U000E0001",  # astral letters, tag
    "<|endoftext|>", "<|fim_prefix|>",
    "\ud800", "\udc00",  # lone surrogates (tiktoken replaces with U+FFFD)
    "'s", "'S", "'ll", "'LL", "'Re", "'ve", "'m", "'d", "'t", "'\u017f",
    "\r\n", "  ", "\n\n", " \n ",
]

def random_text(rng):
    n = rng.choice([1, 2, 3, 5, 8, 13, 30, 60])
    parts = []
    for _ in range(n):
        pool = rng.choice(POOLS)
        parts.append(rng.choice(pool) if len(pool) > 1 and not pool.startswith("<|") and rng.random() < 0.8 else pool)
        if rng.random() < 0.1:
            parts.append(parts[-1] * rng.randint(2, 40))
    return "".join(parts)

rng = random.Random(args.seed)
texts = [random_text(rng) for _ in range(args.cases)]
texts += ["", " ", "\n", " \x850", "today\n \n", "'rer", "a\n  ", "\u0301A ", "x\u0301.", " \u0301."]
for ch in ["^", "0", "a", "'s", " ", "\n", "\u4e2d", "\U0001F600", ".\n", "ab ", "1 "]:
    texts.append(ch * 10000)
if args.all_scalars:
    for cp in list(range(0x40000)) + list(range(0xE0000, 0xE1000)):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        texts.append(f"x{c}y {c}{c}z {c}'s {c}1{c}.{c}\n{c} {c}A{c}\u0301 '{c}")

names = args.encoding or ["cl100k_base", "o200k_base"]
failures = 0
for name in names:
    enc = tiktoken.get_encoding(name)
    expected = [enc.encode_ordinary(t) for t in texts]
    payload = "".join(json.dumps({"text": t}) + "\n" for t in texts).encode()
    result = subprocess.run([args.bench, "--jsonl", name], input=payload, capture_output=True, timeout=1200)
    if result.returncode != 0:
        sys.exit(f"{args.bench} failed: {result.stderr.decode()[-2000:]}")
    lines = result.stdout.decode().splitlines()
    if len(lines) != len(texts):
        sys.exit(f"{name}: {len(lines)} output lines for {len(texts)} texts")
    bad = 0
    for text, want, line in zip(texts, expected, lines):
        got = json.loads(line)
        if got != want:
            bad += 1
            if bad <= 15:
                print(f"MISMATCH {name} {text[:80]!r}\n  tiktoken {want[:30]}\n  swift    {got[:30]}")
    print(f"{name}: {len(texts)} strings, {sum(len(t.encode('utf-8', 'surrogatepass')) for t in texts)} bytes, {bad} differ")
    failures += bad
sys.exit(1 if failures else 0)
