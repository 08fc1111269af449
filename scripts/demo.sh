#!/usr/bin/env bash
# Installs what is missing, builds, and runs the demo: tl-dump decoding TL
# objects serialized by Telethon into readable text.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target tl-dump
./build/examples/tl-dump/tl-dump < examples/tl-dump/sample.hex
