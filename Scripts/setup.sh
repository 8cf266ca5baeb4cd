#!/usr/bin/env bash
# Set-up for a fresh Debian/Ubuntu machine with the Swift toolchain: installs the C libraries
# and tools the build and the tests need, the local model (llama.cpp's server and a small
# GGUF, so troupe answers with no key), then builds troupe in release mode.
#
#   Scripts/setup.sh                    everything
#   Scripts/setup.sh --no-local-model   skip llama.cpp and the model (OpenAI/Azure only)
#
# Re-running it when everything is installed and verified takes seconds (plus an
# incremental `swift build`).
set -euo pipefail
cd "$(dirname "$0")/.."

local_model=yes
for argument in "$@"; do
  case "$argument" in
    --no-local-model) local_model=no ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $argument (see --help)" >&2; exit 2 ;;
  esac
done

packages=(pkg-config libedit-dev libsqlite3-dev zlib1g-dev tmux util-linux)
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

if [ "$local_model" = yes ]; then
  if ! Scripts/install-local-model.sh; then
    if [ "${CI:-}" = "true" ]; then
      echo "setup: the local model could not be installed (see above); CI needs it for the local tests" >&2
      exit 1
    fi
    echo "setup: the local model could not be installed (see above). troupe is still built and works" >&2
    echo "setup: with OpenAI and Azure; run Scripts/install-local-model.sh again to retry." >&2
  fi
fi

swift build -c release
echo "troupe built: $(swift build -c release --show-bin-path)/troupe"
