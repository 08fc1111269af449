#!/usr/bin/env bash
# Echo bots on one fake DC on loopback: ours (layer::client), Telethon's and
# GramJS's, one after another under the same user load (build first with
# -DLAYER_BUILD_BENCH=ON; GramJS from `npm ci --prefix tests/interop/gramjs`).
# Prints one JSON line:
#   {"echo_per_s", "p50_ms", "p99_ms", "telethon_echo_per_s", "gramjs_echo_per_s"}
# echo_per_s: messages a bot received and echoed per second, N messages sent by
# one user keeping IN_FLIGHT unanswered (default 30,000 and 1,000); p50/p99:
# from the user's send to the echo arriving back, one message at a time (see
# bots_bench.cpp).
#   bench/bots/compare.sh [BUILD_DIR] [N IN_FLIGHT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
shift || true
exec /usr/bin/python3 "$here/compare.py" "$build" "$@"
