#!/usr/bin/env bash
# Our client next to Telethon and GramJS, from one run against one fake DC on
# loopback (build first with -DLAYER_BUILD_BENCH=ON; GramJS from
# `npm ci --prefix tests/interop/gramjs`). Prints one JSON line:
#   {"sequential_rps", "pipelined_rps", "telethon_rps", "gramjs_rps",
#    "client_cpu_us_per_rpc", "idle_clients", "idle_kib_per_client",
#    "connect_fresh_ms", "connect_stored_ms"}
# sequential: one help.getNearestDc in flight; pipelined: 1,000 in flight
# (the same workload for Telethon and GramJS); idle: signed-in clients, each
# connected, in this one process.
#   bench/client/compare.sh [BUILD_DIR] [IN_FLIGHT ROUNDS IDLE_CLIENTS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
shift || true
exec /usr/bin/python3 "$here/compare.py" "$build" "$@"
