#!/usr/bin/env bash
# Installs what is missing, builds, and runs the demo: echo-bot plays a
# conversation between a user and a bot (messages, an inline button) through
# two layer clients against a fake DC it starts in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target echo-bot
./build/examples/echo-bot/echo-bot "$@"
