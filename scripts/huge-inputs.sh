#!/usr/bin/env bash
# Huge inputs, in a release build: the huge-input tests of secrets-rt/tests/bad_input.rs (every
# text shape through both text front ends at the 1 MiB size limit, one byte over it and at
# 10 MiB; a 64 MiB word list), each test in a process of its own with a time limit, then a
# summary of every row.
#
# The bounds, all linear in the input's size:
#   - memory (asserted by the tests, each row measured in a child process of its own, so the
#     peak is the row's): at most 120 bytes a byte of input, plus 8 MiB, for a text the front
#     ends read (the most here: 10 MiB of commas' worth of tokens would be about 50 bytes a
#     byte, which is why texts over 1 MiB are refused); at most 4 bytes a byte for a text
#     refused unread (it holds the input, and nothing of its size more);
#   - time (asserted here; tests never assert timings): at most MAX_NS_PER_BYTE nanoseconds a
#     byte plus 0.25 s for every row, default 2,000 ns (2 s a MiB): some ten times what a
#     loaded two-core machine takes for the slowest shape, far below a quadratic cost (a
#     quadratic parse of 1 MiB would take minutes).
# A row over its bound, a failed test or a timeout makes the script exit 1.
#
# Usage: scripts/huge-inputs.sh [SECONDS_PER_TEST] [MAX_NS_PER_BYTE]   (default 300, 2000)
#
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
limit=${1:-300}
ns_per_byte=${2:-2000}
fixed_ns=250000000

cargo test --release -p secrets-rt --test bad_input --no-run || exit 1
tests=(
    texts_at_the_size_limit_are_read_or_refused_within_bounds
    texts_over_the_size_limit_are_refused_unread
    ten_megabyte_texts_are_refused_unread
    a_megabyte_of_commas_gives_a_bounded_error
    errors_quote_at_most_eighty_characters_of_the_input
    a_64_mib_word_list_loads_or_is_refused_cleanly
)

summary=()
status=0
for test in "${tests[@]}"; do
    echo "== $test"
    log=$(mktemp)
    start=$(date +%s%N)
    timeout "$limit" cargo test --release -q -p secrets-rt --test bad_input -- \
        --include-ignored --exact "$test" --nocapture --test-threads 1 > "$log" 2>&1
    code=$?
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    cat "$log"
    case $code in
        0) result="ok" ;;
        124) result="TIMEOUT after ${limit} s"; status=1 ;;
        *) result="FAILED: $(grep -m1 -E 'panicked' -A1 "$log" | tail -1 | cut -c1-100)"; status=1 ;;
    esac
    summary+=("$(printf '%-62s %4d.%01d s  %s' "$test" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)) "$result")")
    # huge input: SHAPE FRONT BYTES bytes MS ms MB MB B/byte OUTCOME
    while IFS= read -r line; do
        row=${line#*huge input: }
        bytes=$(echo "$row" | grep -oE '[0-9]+ bytes' | head -1 | cut -d' ' -f1)
        ms=$(echo "$row" | grep -oE '[0-9.]+ ms' | head -1 | cut -d' ' -f1)
        verdict=
        if [ -n "$bytes" ] && [ -n "$ms" ]; then
            over=$(awk -v ms="$ms" -v b="$bytes" -v k="$ns_per_byte" -v c="$fixed_ns" \
                'BEGIN { print (ms * 1e6 > c + k * b) ? 1 : 0 }')
            if [ "$over" = 1 ]; then
                verdict="  OVER THE TIME BOUND ($ns_per_byte ns a byte + 0.25 s)"
                status=1
            fi
        fi
        summary+=("    $row$verdict")
    done < <(grep -E 'huge input: ' "$log")
    rm -f "$log"
done

echo
echo "Huge inputs ($(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), release build; bounds: $ns_per_byte ns a byte + 0.25 s, memory as the tests assert)"
printf '%s\n' "${summary[@]}"
exit $status
