#!/usr/bin/env bash
# Measures what the generated code costs to compile: a clean Release build of
# layer::tl_types (generator included) in build-measure/, its wall time, and
# the slowest and most memory-hungry translation units.
#   scripts/measure-tl-build.sh [jobs]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-$(nproc)}
dir=build-measure
log=$PWD/$dir/tu-times.log
rm -rf "$dir"
mkdir -p "$dir"
cat >"$dir/timed-cxx" <<LAUNCHER
#!/bin/sh
# Records "seconds peak-KB object user-s sys-s" for each compiler run.
out=""; prev=""
for a in "\$@"; do [ "\$prev" = "-o" ] && out="\$a"; prev="\$a"; done
exec /usr/bin/time -f "%e %M \$out %U %S" -a -o "$log" "\$@"
LAUNCHER
chmod +x "$dir/timed-cxx"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLAYER_TL_ONLY=ON -DLAYER_BUILD_TESTS=OFF \
  -DLAYER_BUILD_EXAMPLES=OFF -DCMAKE_CXX_COMPILER_LAUNCHER="$PWD/$dir/timed-cxx" >/dev/null
start=$(date +%s.%N)
cmake --build "$dir" --target layer_tl_types -j "$jobs" >/dev/null
end=$(date +%s.%N)
printf 'tl-types build (tl-parser, tl-gen, generation, %s generated sources), -j%s: %.1f s wall\n' \
  "$(ls "$dir"/tl-types/generated/src | wc -l)" "$jobs" "$(awk "BEGIN {print $end - $start}")"
# Elapsed times grow when something else shares the cores; user+sys does not.
awk '{wall += $1; cpu += $4 + $5} END {printf "sum of per-file compile times: %.1f s (user+sys CPU %.1f s)\n", wall, cpu}' "$log"
echo "slowest translation units (s, peak KB):"
sort -rn "$log" | head -3 | cut -d" " -f1-3
echo "largest peak memory (s, peak KB):"
sort -k2 -rn "$log" | head -1 | cut -d" " -f1-3
