#!/usr/bin/env bash
# Huge inputs, in a release build: every `#[ignore]`d test of secrets-rt/tests/bad_input.rs (10 MiB
# policy texts, 10 MiB of commas, a repeated rule, a huge unknown name, a 64 MiB word
# list), each in a process of its own with a time limit, then a summary of what each took.
#
# Usage: scripts/huge-inputs.sh [SECONDS_PER_TEST]   (default 300)
#
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
limit=${1:-300}

cargo test --release -p secrets-rt --test bad_input --no-run || exit 1
tests=$(cargo test --release -q -p secrets-rt --test bad_input -- --ignored --list 2>/dev/null |
    sed -n 's/: test$//p')

summary=()
status=0
for test in $tests; do
    echo "== $test"
    log=$(mktemp)
    start=$(date +%s%N)
    timeout "$limit" cargo test --release -q -p secrets-rt --test bad_input -- \
        --ignored --exact "$test" --nocapture > "$log" 2>&1
    code=$?
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    cat "$log"
    case $code in
        0) result="ok" ;;
        124) result="TIMEOUT after ${limit} s"; status=1 ;;
        *) result="FAILED: $(grep -m1 -E 'panicked|assertion' -A1 "$log" | tail -1 | cut -c1-100)"; status=1 ;;
    esac
    summary+=("$(printf '%-75s %4d.%01d s  %s' "$test" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)) "$result")")
    grep -E 'bytes\): ' "$log" | sed 's/^/    /' > "$log.lines"
    while IFS= read -r line; do summary+=("$line"); done < "$log.lines"
    rm -f "$log" "$log.lines"
done

echo
echo "Huge inputs ($(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), release build)"
printf '%s\n' "${summary[@]}"
exit $status
