#!/usr/bin/env bash
# Installs what is missing, builds, and runs the demo: raw-connect drives the
# MTProto stack by hand (key exchange step by step, encrypted session,
# help.getConfig, ping) against a fake DC it starts in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target raw-connect
./build/examples/raw-connect/raw-connect "$@"
