#!/usr/bin/env bash
# The chat shell's start-up: time from exec to the first prompt, and resident memory at that
# prompt (before anything is counted, so before a tokenizer vocabulary is loaded), measured on
# a real pseudo-terminal. Also reports the memory after a first /tokens of a system message
# (which loads the o200k_base vocabulary), for comparison.
#
# usage: Scripts/bench-shell.sh [RUNS]      (default 20; CONFIG=debug to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-20}"
CONFIG="${CONFIG:-release}"

swift build -c "$CONFIG" --product troupe >/dev/null
BIN="$(swift build -c "$CONFIG" --show-bin-path)/troupe"

timeout 300 python3 - "$BIN" "$RUNS" <<'PY'
import os, pty, select, shutil, statistics, sys, tempfile, time

binary, runs = sys.argv[1], int(sys.argv[2])

def read_until(fd, marker, seconds=10.0):
    """Reads the terminal until `marker` appears; returns everything read."""
    data, deadline = b"", time.monotonic() + seconds
    while marker not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timed out waiting for {marker!r}; got {data[-300:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data

def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024  # MiB
    return fields

def one_run(count_after):
    home = tempfile.mkdtemp(prefix="troupe-bench-")
    env = {"HOME": home, "TERM": "xterm-256color", "NO_COLOR": "1", "OPENAI_API_KEY": "sk-bench",
           "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(home)
        os.execve(binary, [binary, "--base-url", "http://127.0.0.1:9/v1", "--model", "gpt-4o-mini"], env)
    banner = read_until(fd, b"Ctrl-D quits")
    if b"> " not in banner.split(b"Ctrl-D quits", 1)[1]:  # the prompt may come in the same read
        read_until(fd, b"> ")
    elapsed = (time.perf_counter() - start) * 1000
    at_prompt = memory(pid)
    after_count = None
    if count_after:
        # A message to count, so that /tokens loads the o200k_base vocabulary.
        os.write(fd, b"/system You are a helpful assistant.\r")
        # Wait for the next prompt: keys typed while a command runs are kept for the next
        # prompt with Enter as a line break (type-ahead), so /tokens would not run.
        shown = read_until(fd, b"System message set")
        if b"> " not in shown.split(b"System message set", 1)[1]:
            read_until(fd, b"> ")
        os.write(fd, b"/tokens\r")
        report = read_until(fd, b"request(s)")
        if b"> " not in report.split(b"request(s)", 1)[1]:
            read_until(fd, b"> ")  # Ctrl-D sent before the prompt would meet a cooked terminal
        after_count = memory(pid)
    os.write(fd, b"\x04")
    try:
        read_until(fd, b"\x00", seconds=2)  # drain until the process closes the terminal
    except SystemExit:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    shutil.rmtree(home, ignore_errors=True)
    return elapsed, at_prompt, after_count

one_run(False)  # warm the page cache; not counted
times, rss, hwm = [], [], []
after = None
for index in range(runs):
    elapsed, at_prompt, after_count = one_run(index == runs - 1)
    times.append(elapsed)
    rss.append(at_prompt["VmRSS"])
    hwm.append(at_prompt["VmHWM"])
    after = after_count or after

times.sort()
p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
print(f"binary: {binary}")
print(f"runs: {runs}")
print(f"start-up to first prompt: median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms, "
      f"min {times[0]:.1f} ms, max {times[-1]:.1f} ms")
print(f"memory at the first prompt (before any count): RSS median {statistics.median(rss):.1f} MiB, "
      f"peak (VmHWM) max {max(hwm):.1f} MiB")
if after:
    print(f"memory after a first /tokens (o200k_base loaded): RSS {after['VmRSS']:.1f} MiB, "
          f"peak {after['VmHWM']:.1f} MiB")
PY
