"""The official openai Python SDK against the same server as ClientBench (same measurements).

Usage: bench_openai_sdk.py BASE_URL REQUESTS STREAMS [WARMUP]; prints key=value lines.
"""
import sys
import time

import openai

base_url, requests, streams = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 20
client = openai.OpenAI(base_url=base_url, api_key="sk-bench", max_retries=0, timeout=30)
messages = [
    {"role": "system", "content": "You are a benchmark."},
    {"role": "user", "content": "Say something about streaming clients"},
]


def complete():
    return client.chat.completions.create(model="gpt-4o-mini", messages=messages, temperature=0)


def count_chunks():
    chunks = 0
    stream = client.chat.completions.create(
        model="gpt-4o-mini", messages=messages, temperature=0, stream=True,
        stream_options={"include_usage": True},
    )
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            chunks += 1
    return chunks


for _ in range(warmup):
    complete()
    count_chunks()

start = time.perf_counter()
for _ in range(requests):
    complete().choices[0].message.content
request_seconds = time.perf_counter() - start

total = 0
start = time.perf_counter()
for _ in range(streams):
    total += count_chunks()
stream_seconds = time.perf_counter() - start

print(f"openai_version={openai.__version__}")
print(f"requests={requests}")
print(f"requests_seconds={request_seconds:.3f}")
print(f"requests_per_second={requests / request_seconds:.1f}")
print(f"streams={streams}")
print(f"chunks={total}")
print(f"stream_seconds={stream_seconds:.3f}")
print(f"chunks_per_second={total / stream_seconds:.1f}")
