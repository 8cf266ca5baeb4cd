#!/usr/bin/env bash
# Set-up for a fresh Debian/Ubuntu machine with the Swift toolchain: installs the C libraries
# and tools the build and the tests need, then builds troupe in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(pkg-config libedit-dev libsqlite3-dev zlib1g-dev tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

swift build -c release
echo "troupe built: $(swift build -c release --show-bin-path)/troupe"
