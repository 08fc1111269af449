#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test:
#   1. Release build with -Werror, then all GoogleTest suites through ctest
#   2. the TL half rebuilt from an older layer's api.tl, and its tests
#   3. one clang build with ASan+UBSan and fuzzing instrumentation, in which
#      the parsing, crypto, mtproto, fake DC and client tests run again and
#      each libFuzzer target runs for a bounded time (FUZZ_SECONDS, default 15)
#      with its seeds and flags from tests/fuzz (see run_fuzzer)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
fuzz_seconds=${FUZZ_SECONDS:-15}
passed=0
failed=0

step() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)"; }

# ctest with its summary folded into the totals printed at the end.
run_ctest() {
  local log
  log=$(mktemp)
  local status=0
  ctest "$@" --output-on-failure -j "$jobs" 2>&1 | tee "$log" || status=$?
  local summary f=0 t=0
  summary=$(grep -E '[0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  if [[ -n "$summary" ]]; then
    f=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")
    t=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")
    passed=$((passed + t - f))
    failed=$((failed + f))
  fi
  # A run that failed without a summary (a crash, a configuration error) counts once.
  if [[ $status -ne 0 && ( -z "$summary" || $f -eq 0 ) ]]; then
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

scripts/install-deps.sh --tests
# GramJS for the interop tests, exactly as pinned by its lockfile.
[[ -d tests/interop/gramjs/node_modules/telegram ]] ||
  npm ci --prefix tests/interop/gramjs --no-audit --no-fund --loglevel=error

step "release build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DLAYER_WERROR=ON \
  -DLAYER_BUILD_TESTS=ON -DLAYER_BUILD_BENCH=ON -DLAYER_BUILD_EXAMPLES=ON
cmake --build build -j "$jobs"

step "all test suites"
run_ctest --test-dir build

step "TL types generated from an older layer (tests/data/api-224.tl)"
cmake -S . -B build-layer224 -G Ninja -DCMAKE_BUILD_TYPE=Release -DLAYER_TL_ONLY=ON \
  -DLAYER_BUILD_EXAMPLES=OFF -DLAYER_API_SCHEMA="$PWD/tests/data/api-224.tl"
cmake --build build-layer224 -j "$jobs"
run_ctest --test-dir build-layer224

# The sanitizer tests and the fuzzers share one build: compiling the stack a
# third time (tl-types above all) would cost more than the tests themselves.
step "ASan+UBSan build (clang, with fuzzing instrumentation)"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O1" -DLAYER_BUILD_FUZZERS=ON -DLAYER_BUILD_BENCH=OFF -DLAYER_BUILD_EXAMPLES=OFF
# Only the suites that run here: the load test and interop add nothing under sanitizers.
sanitized_tests=(tl_parser_tests tl_types_tests crypto_tests mtproto_transport_tests mtproto_handshake_tests
  mtproto_session_tests fakedc_tests client_store_tests client_tests bots_tests client_format_tests)
mapfile -t fuzzers < build-fuzz/fuzzers.txt
cmake --build build-fuzz -j "$jobs" --target "${sanitized_tests[@]}" "${fuzzers[@]}"

step "ASan+UBSan: parsing, crypto, mtproto, fake DC and client tests"
run_ctest --test-dir build-fuzz -L '^(tl_|crypto|mtproto|fakedc_tests|client)'

step "libFuzzer targets, ${fuzz_seconds}s each, ${jobs} at a time"
# One fuzzer per core at a time; each writes its log and its exit status.
# tests/fuzz/<fuzzer>.options, when present, adds libFuzzer flags for that
# fuzzer, one a line (# starts a comment): -max_len=1048576 for the gzip paths.
run_fuzzer() {
  local fuzzer=$1 binary corpus status=0 extra=()
  binary=$(find build-fuzz/tests/fuzz -type f -name "$fuzzer" -perm -u+x | head -1)
  corpus=build-fuzz/corpus/$fuzzer
  mkdir -p "$corpus"
  [[ -d tests/fuzz/corpus/$fuzzer ]] && cp -r "tests/fuzz/corpus/$fuzzer/." "$corpus/"
  [[ -f tests/fuzz/$fuzzer.options ]] && mapfile -t extra < <(grep -v '^[[:space:]]*\(#\|$\)' "tests/fuzz/$fuzzer.options")
  "$binary" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" \
    "$corpus" >"build-fuzz/$fuzzer.log" 2>&1 || status=$?
  echo "$status" >"build-fuzz/$fuzzer.status"
}
for fuzzer in "${fuzzers[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  run_fuzzer "$fuzzer" &
done
wait
for fuzzer in "${fuzzers[@]}"; do
  echo "--- $fuzzer"
  if [[ "$(cat "build-fuzz/$fuzzer.status" 2>/dev/null)" == 0 ]]; then
    passed=$((passed + 1))
    grep -E 'stat::number_of_executed_units|Done' "build-fuzz/$fuzzer.log" | tail -2
  else
    failed=$((failed + 1))
    tail -40 "build-fuzz/$fuzzer.log"
  fi
done

echo
echo "layer: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
