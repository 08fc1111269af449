#!/usr/bin/env bash
# Installs the Debian 12 packages layer builds and tests with, skipping the
# apt round trip entirely when everything is already there.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libssl-dev zlib1g-dev libboost1.81-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  clang libclang-rt-14-dev
)
if [[ "${1:-}" == "--tests" ]]; then
  # Interop tests drive third-party clients (Telethon, and GramJS on Node) against the fake DC.
  packages+=(python3-telethon)
  # Some images ship Node.js with its own npm outside Debian's packaging.
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
