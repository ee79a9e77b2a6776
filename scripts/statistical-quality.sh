#!/usr/bin/env bash
# Statistical quality of the whole output path: `secrets token-bytes` (the release build, through
# its 1 MiB chunks and the pipe) streamed into
#   - rngtest (Debian `rng-tools5`): FIPS 140-2 tests on 20,000-bit blocks, with /dev/urandom
#     through the same test as the reference (a perfect source fails about 8 blocks in 10,000:
#     the tests' own false alarms);
#   - a quick subset of dieharder (Debian `dieharder`), reading the bytes as raw input
#     (`-g 200`), ambiguous (WEAK) results resolved with more samples (`-Y 1`).
# Both are installed with apt-get when missing. The command is given u64::MAX bytes and the test
# closes the pipe when done: the command must end with status 0 then, and the script checks it.
#
# Usage: scripts/statistical-quality.sh [RNGTEST_BLOCKS]   (default 20000: 50 MB)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
blocks=${1:-20000}
# The quick subset: Good-rated tests that finish in under a minute each here (the GCD test, 17,
# takes four).
dieharder_tests=(0 1 2 3 4 8 9 10 11 12 13 15 16 100 101 102 202 203 204 205)

missing=()
command -v rngtest > /dev/null || missing+=(rng-tools5)
command -v dieharder > /dev/null || missing+=(dieharder)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update && apt-get install -y "${missing[@]}"
fi

cargo build --release -p secrets-rt-cli
secrets=target/release/secrets
endless=18446744073709551615

rngtest_summary() {
    # rngtest exits 1 when any block fails, which a good source does now and then.
    grep -E 'FIPS 140-2 (successes|failures)|Monobit|Poker|Runs|Long run|Continuous run' "$1" |
        sed 's/^rngtest: //'
}

echo "== rngtest, $blocks blocks: secrets token-bytes"
set +e
"$secrets" token-bytes "$endless" | rngtest -c "$blocks" 2> target/rngtest-secrets.log
codes=("${PIPESTATUS[@]}")
set -e
rngtest_summary target/rngtest-secrets.log
[ "${codes[0]}" -eq 0 ] || { echo "secrets exited ${codes[0]} when rngtest closed the pipe"; exit 1; }
echo "== rngtest, $blocks blocks: /dev/urandom (reference)"
set +e
head -c $((blocks * 2500 + 8)) /dev/urandom | rngtest -c "$blocks" 2> target/rngtest-urandom.log
set -e
rngtest_summary target/rngtest-urandom.log

results=()
for test in "${dieharder_tests[@]}"; do
    start=$(date +%s)
    set +e
    output=$("$secrets" token-bytes "$endless" | dieharder -g 200 -Y 1 -d "$test" 2>&1)
    code=${PIPESTATUS[0]}
    set -e
    [ "$code" -eq 0 ] || { echo "secrets exited $code when dieharder closed the pipe"; exit 1; }
    lines=$(echo "$output" | grep -E '\|.*(PASSED|WEAK|FAILED)' || true)
    [ -n "$lines" ] || { echo "dieharder -d $test gave no result:"; echo "$output"; exit 1; }
    echo "$lines"
    echo "   ($(($(date +%s) - start)) s)"
    results+=("$lines")
done

echo
echo "Statistical quality ($(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
for source in secrets urandom; do
    ok=$(sed -n 's/.*FIPS 140-2 successes: //p' "target/rngtest-$source.log")
    bad=$(sed -n 's/.*FIPS 140-2 failures: //p' "target/rngtest-$source.log")
    printf 'rngtest (FIPS 140-2), %-12s %6s blocks passed, %3s failed\n' "$source:" "$ok" "$bad"
done
all=$(printf '%s\n' "${results[@]}")
printf 'dieharder, %d tests (%s): %d results PASSED, %d WEAK, %d FAILED\n' \
    "${#dieharder_tests[@]}" "-d ${dieharder_tests[*]}" \
    "$(echo "$all" | grep -c PASSED)" "$(echo "$all" | grep -c WEAK || true)" \
    "$(echo "$all" | grep -c FAILED || true)"
