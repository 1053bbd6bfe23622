#!/usr/bin/env bash
# fuzz-sanitized.sh [BUILD_DIR] - builds the fuzz targets with clang,
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer (-DVC_FUZZ=ON,
# only those targets) into BUILD_DIR (default build-fuzz), replays the seed
# corpus and every saved crash input through them, then fuzzes each target
# for VC_FUZZ_SECONDS (default 15) from a scratch copy of its corpus. Any
# sanitizer report or crash fails. Run by CTest as fuzz.sanitized.
set -euo pipefail
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SOURCE/build-fuzz}
SECONDS_EACH=${VC_FUZZ_SECONDS:-15}
TARGETS="body msg event"
command -v clang > /dev/null || { echo "SKIPPED - clang is not installed (Debian package clang)"; exit 77; }

cmake -S "$SOURCE" -B "$BUILD" -DCMAKE_C_COMPILER=clang -DVC_FUZZ=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$BUILD.configure.log" 2>&1 \
    || { cat "$BUILD.configure.log"; exit 1; }
for target in $TARGETS; do
    cmake --build "$BUILD" -j"$(nproc)" --target "fuzz_$target" > /dev/null
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
scratch=$(mktemp -d /tmp/vc-fuzz.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
failures=0
for target in $TARGETS; do
    fuzzer=$BUILD/bin/fuzz_$target
    corpus=$SOURCE/fuzz/corpus/$target
    regressions=$SOURCE/fuzz/regressions/$target
    dirs=("$corpus"); [ -d "$regressions" ] && dirs+=("$regressions")
    inputs=$(find "${dirs[@]}" -type f | wc -l)
    if "$fuzzer" -runs=0 "${dirs[@]}" > "$scratch/$target.replay.log" 2>&1; then
        echo "ok - $target: $inputs saved inputs replayed under ASan+UBSan"
    else
        echo "FAILED - $target: a saved input fails under the sanitizers"
        tail -n 30 "$scratch/$target.replay.log"; failures=$((failures + 1))
    fi
    mkdir -p "$scratch/$target"
    cp -r "$corpus"/. "$scratch/$target"/ 2>/dev/null || true
    if "$fuzzer" -max_total_time="$SECONDS_EACH" -artifact_prefix="$scratch/crash-$target-" \
                 -print_final_stats=1 "$scratch/$target" > "$scratch/$target.fuzz.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$target.fuzz.log")
        echo "ok - $target: fuzzed for $SECONDS_EACH s, ${runs:-?} inputs, no finding"
    else
        echo "FAILED - $target: the fuzzer found a failing input"
        tail -n 40 "$scratch/$target.fuzz.log"
        for crash in "$scratch"/crash-"$target"-*; do
            [ -f "$crash" ] && { echo "input (base64):"; base64 "$crash"; }
        done
        failures=$((failures + 1))
    fi
done
[ "$failures" -eq 0 ]
