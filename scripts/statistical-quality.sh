#!/usr/bin/env bash
# Statistical quality of the whole output path: `secrets token-bytes` (the release build, through
# its 1 MiB chunks and the pipe) streamed into
#   - rngtest (Debian `rng-tools5`): FIPS 140-2 tests on 20,000-bit blocks, with /dev/urandom
#     through the same test as the reference;
#   - a quick subset of dieharder (Debian `dieharder`), reading the bytes as raw input
#     (`-g 200`), ambiguous (WEAK) results resolved with more samples (`-Y 1`).
# Both are installed with apt-get when missing. The command is given u64::MAX bytes and the test
# closes the pipe when done: the command must end with status 0 then, and the script checks it.
#
# The verdict (exit status 1 on any of these, with the reason):
#   - rngtest: more failed blocks than a correct source reaches once in 10^6 runs (below);
#     fewer blocks tested than asked for (the source ended);
#   - dieharder: a test reports FAILED, and FAILED again when run a second time on fresh bytes;
#   - the command did not end with status 0 when the pipe closed.
#
# The rngtest threshold. A block of a perfect source fails FIPS 140-2 with a probability p of
# about 8e-4, the sum of its tests' false-alarm rates: monobit 1.03e-4 (the binomial tail of
# 20,000 fair bits beyond 9,725 and 10,275 ones), poker 0.99e-4 (chi-square with 15 degrees of
# freedom outside 2.16 to 46.17), runs about 3e-4, long run 2.98e-4 (a run of 26 or more:
# 1 - exp(-20,000 / 2^26)); the continuous test's is negligible (2^-32 a word). /dev/urandom,
# 200,000 blocks: 154 failed (7.7e-4). The script takes p = 1e-3, above all of these, so the
# threshold errs towards passing a correct source. Blocks fail independently, so the failures
# of n blocks are Binomial(n, p); the threshold is the smallest k with P(failures > k) < 1e-6,
# summed from the binomial's terms in log space (`fips_threshold`): 20,000 blocks allow 45
# failures (mean 20). A broken source fails far more: all zeros fail every block; bytes with
# their top bit cleared fail every block's monobit test.
#
# dieharder marks a result FAILED when its p-value is below 1e-6 or above 1 - 1e-6, so a
# correct source gets one of its ~100 results FAILED in about 2e-4 of runs; a second FAILED on
# fresh bytes brings that to about 1e-9, while a bad source fails both times.
#
# Usage:
#   scripts/statistical-quality.sh [--source FILE|CMD] [--quick] [RNGTEST_BLOCKS]
#       RNGTEST_BLOCKS: default 20000 (50 MB). --source tests FILE (read once: rngtest only,
#       dieharder needs endless input) or the output of the shell command CMD instead of the
#       command; --quick runs three dieharder tests instead of twenty.
#   scripts/statistical-quality.sh --self-test
#       The script on bad sources (all zeros; urandom with every byte's top bit cleared), which
#       must fail, and on the real command, which must pass (about 15 minutes).
#   scripts/statistical-quality.sh --check-verdicts
#       Fast, installs nothing (run by .ci/run): the threshold and the verdicts on known cases.
set -euo pipefail
# The script's own standard error, for messages from within redirected runs.
exec 3>&2
cd "$(dirname "${BASH_SOURCE[0]}")/.."
script=$(pwd)/scripts/statistical-quality.sh

# A block's false-failure rate for a perfect source (an upper bound: see above), and the
# probability of a false verdict allowed per run.
fips_block_failure_rate=0.001
false_verdict=0.000001

# The most failures of `$1` blocks a correct source exceeds with probability below
# `$false_verdict`: the smallest k with P(Binomial(n, p) > k) < false_verdict. Each term is
# exp(log C(n, k) + k log p + (n - k) log(1 - p)), its logarithm updated term by term; the
# terms far below the mean underflow to zero, which changes nothing in the sum.
fips_threshold() {
    awk -v n="$1" -v p="$fips_block_failure_rate" -v alpha="$false_verdict" 'BEGIN {
        log_term = n * log(1 - p)         # k = 0
        cdf = exp(log_term)
        k = 0
        while (1 - cdf >= alpha && k < n) {
            log_term += log((n - k) / (k + 1)) + log(p / (1 - p))
            k++
            cdf += exp(log_term)
        }
        print k
    }'
}

# The verdict on an rngtest log (`$1`) for `$2` blocks: "ok" or the reason it fails.
rngtest_verdict() {
    local log=$1 blocks=$2 ok bad limit
    ok=$(sed -n 's/.*FIPS 140-2 successes: //p' "$log")
    bad=$(sed -n 's/.*FIPS 140-2 failures: //p' "$log")
    ok=${ok:-0} bad=${bad:-0}
    limit=$(fips_threshold "$blocks")
    # rngtest keeps the first 32 bits for its continuous test, so an input of exactly
    # 2,500 * n bytes gives n - 1 blocks: the references are given 8 bytes more.
    if [ $((ok + bad)) -lt "$blocks" ]; then
        echo "rngtest tested $((ok + bad)) blocks of $blocks: the source ended"
    elif [ "$bad" -gt "$limit" ]; then
        echo "rngtest: $bad of $((ok + bad)) blocks failed FIPS 140-2, more than the $limit a correct source exceeds once in 10^6 runs"
    else
        echo ok
    fi
}

# The lines of dieharder's output (`$1`) that report FAILED.
dieharder_failures() {
    echo "$1" | grep -E '\|.*FAILED' || true
}

check_verdicts() {
    local failed=0 log
    log=$(mktemp)
    expect() {
        if [ "$1" != "$2" ]; then
            echo "FAILED: $3: got '$1', expected '$2'"
            failed=1
        fi
    }
    # The binomial tail, against values computed independently (exact sums of the binomial
    # terms in rational arithmetic; for 10^6 blocks, the upper terms summed from lgamma):
    # P(Bin(20000, 1e-3) > 45) = 4.5e-7 and P(> 44) = 1.04e-6; P(Bin(200, 1e-3) > 5) = 7.0e-8
    # and P(> 4) = 2.2e-6; P(Bin(10^6, 1e-3) > 1154) = 9.0e-7 and P(> 1153) = 1.04e-6.
    expect "$(fips_threshold 20000)" 45 "threshold of 20,000 blocks"
    expect "$(fips_threshold 1)" 1 "threshold of one block"
    expect "$(fips_threshold 200)" 5 "threshold of 200 blocks"
    expect "$(fips_threshold 1000000)" 1154 "threshold of 10^6 blocks"
    rngtest_log() {
        printf 'rngtest: FIPS 140-2 successes: %s\nrngtest: FIPS 140-2 failures: %s\n' "$1" "$2" > "$log"
    }
    rngtest_log 19985 15
    expect "$(rngtest_verdict "$log" 20000)" ok "a correct source's failures"
    rngtest_log 19955 45
    expect "$(rngtest_verdict "$log" 20000)" ok "failures at the threshold"
    rngtest_log 19954 46
    expect "$(rngtest_verdict "$log" 20000 | cut -c1-27)" "rngtest: 46 of 20000 blocks" "failures above the threshold"
    rngtest_log 0 200
    expect "$(rngtest_verdict "$log" 200 | cut -c1-26)" "rngtest: 200 of 200 blocks" "an all-zero source"
    rngtest_log 150 0
    expect "$(rngtest_verdict "$log" 200 | cut -c1-28)" "rngtest tested 150 blocks of" "a short source"
    : > "$log"
    expect "$(rngtest_verdict "$log" 200 | cut -c1-26)" "rngtest tested 0 blocks of" "no rngtest output"
    rm -f "$log"
    local passed weak bad
    passed='      diehard_birthdays|   0|       100|     100|0.51234567|  PASSED'
    weak='         diehard_opso|   0|   2097152|     100|0.99712345|   WEAK'
    bad='         diehard_oqso|   0|   2097152|     100|0.00000000|  FAILED'
    expect "$(dieharder_failures "$passed"$'\n'"$weak")" "" "dieharder PASSED and WEAK"
    expect "$(dieharder_failures "$passed"$'\n'"$bad")" "$bad" "dieharder FAILED"
    if [ "$failed" -eq 0 ]; then
        echo "statistical-quality.sh: the threshold and the verdicts hold on every known case"
    fi
    return "$failed"
}

self_test() {
    local status=0 log
    log=$(mktemp)
    for bad_source in 'cat /dev/zero' "tr '\\200-\\377' '\\000-\\177' < /dev/urandom"; do
        echo "== self-test: $bad_source must fail"
        if "$script" --source "$bad_source" --quick 2000 > "$log" 2>&1; then
            cat "$log"
            echo "FAILED: the script passed the bad source $bad_source"
            status=1
        elif ! grep -q 'blocks failed FIPS 140-2' "$log" || ! grep -q '^dieharder: ' "$log"; then
            cat "$log"
            echo "FAILED: the script failed for another reason than the statistics"
            status=1
        else
            grep -E '^(rngtest|dieharder): ' "$log"
        fi
    done
    echo "== self-test: a file shorter than the blocks asked for must fail"
    head -c 100000 /dev/urandom > "$log.short"
    if "$script" --source "$log.short" 2000 > "$log" 2>&1 || ! grep -q 'the source ended' "$log"; then
        cat "$log"
        echo "FAILED: a short file was not reported"
        status=1
    fi
    echo "== self-test: the real command must pass"
    if ! "$script"; then
        echo "FAILED: the script failed the real command"
        status=1
    fi
    rm -f "$log" "$log.short"
    [ "$status" -eq 0 ] && echo "self-test passed: bad sources fail, the real command passes"
    return "$status"
}

source_spec=
quick=0
blocks=20000
while [ $# -gt 0 ]; do
    case $1 in
        --check-verdicts) check_verdicts; exit ;;
        --self-test) self_test; exit ;;
        --source) source_spec=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$script" | sed '$d; s/^# \{0,1\}//'; exit ;;
        *) blocks=$1; shift ;;
    esac
done

# The quick subset: Good-rated tests that finish in under a minute each here (the GCD test, 17,
# takes four).
if [ "$quick" -eq 1 ]; then
    dieharder_tests=(0 2 102)
else
    dieharder_tests=(0 1 2 3 4 8 9 10 11 12 13 15 16 100 101 102 202 203 204 205)
fi

missing=()
command -v rngtest > /dev/null || missing+=(rng-tools5)
command -v dieharder > /dev/null || missing+=(dieharder)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update && apt-get install -y "${missing[@]}"
fi

endless=18446744073709551615
if [ -z "$source_spec" ]; then
    # The command, wherever in the workspace its package is.
    cargo build --release -p secrets-rt-cli
    name=secrets
    source_cmd=(target/release/secrets token-bytes "$endless")
elif [ -f "$source_spec" ]; then
    name=file
    source_cmd=(cat "$source_spec")
else
    name=command
    source_cmd=(bash -c "$source_spec")
fi
mkdir -p target

rngtest_summary() {
    # rngtest exits 1 when any block fails, which a good source does now and then.
    grep -E 'FIPS 140-2 (successes|failures)|Monobit|Poker|Runs|Long run|Continuous run' "$1" |
        sed 's/^rngtest: //'
}

# Runs the source into `$@` (not in a subshell: its exit must end the script); fails the script
# if the source is the command and it did not end with status 0 when the test closed the pipe.
# (Other sources end as they do: `cat` by SIGPIPE.)
from_source() {
    set +e
    "${source_cmd[@]}" | "$@"
    local codes=("${PIPESTATUS[@]}")
    set -e
    if [ "$name" = secrets ] && [ "${codes[0]}" -ne 0 ]; then
        echo "secrets exited ${codes[0]} when the test closed the pipe" >&3
        exit 1
    fi
}

verdicts=()
echo "== rngtest, $blocks blocks: $name"
from_source rngtest -c "$blocks" 2> "target/rngtest-$name.log"
rngtest_summary "target/rngtest-$name.log"
verdict=$(rngtest_verdict "target/rngtest-$name.log" "$blocks")
[ "$verdict" = ok ] || verdicts+=("$verdict")
if [ -z "$source_spec" ]; then
    echo "== rngtest, $blocks blocks: /dev/urandom (reference)"
    set +e
    head -c $((blocks * 2500 + 8)) /dev/urandom | rngtest -c "$blocks" 2> target/rngtest-urandom.log
    set -e
    rngtest_summary target/rngtest-urandom.log
fi

results=()
if [ "$name" = file ]; then
    echo "== dieharder: skipped (a file ends; dieharder needs endless input)"
    dieharder_tests=()
fi
for test in "${dieharder_tests[@]}"; do
    start=$(date +%s)
    lines=
    for attempt in 1 2; do
        from_source dieharder -g 200 -Y 1 -d "$test" > "target/dieharder-$name.log" 2>&1
        output=$(cat "target/dieharder-$name.log")
        lines=$(echo "$output" | grep -E '\|.*(PASSED|WEAK|FAILED)' || true)
        [ -n "$lines" ] || { echo "dieharder -d $test gave no result:"; echo "$output"; exit 1; }
        echo "$lines"
        failures=$(dieharder_failures "$lines")
        [ -n "$failures" ] || break
        if [ "$attempt" -eq 1 ]; then
            echo "   (FAILED: run again on fresh bytes)"
        else
            verdicts+=("dieharder: test $test FAILED twice: $(echo "$failures" | head -1 | tr -s ' ')")
        fi
    done
    echo "   ($(($(date +%s) - start)) s)"
    results+=("$lines")
done

echo
echo "Statistical quality ($(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
for source in "$name" urandom; do
    [ -f "target/rngtest-$source.log" ] || continue
    [ "$source" = urandom ] && [ -n "$source_spec" ] && continue
    ok=$(sed -n 's/.*FIPS 140-2 successes: //p' "target/rngtest-$source.log")
    bad=$(sed -n 's/.*FIPS 140-2 failures: //p' "target/rngtest-$source.log")
    printf 'rngtest (FIPS 140-2), %-12s %6s blocks passed, %3s failed (at most %s allowed)\n' \
        "$source:" "${ok:-0}" "${bad:-0}" "$(fips_threshold "$blocks")"
done
if [ ${#dieharder_tests[@]} -gt 0 ]; then
    all=$(printf '%s\n' "${results[@]}")
    printf 'dieharder, %d tests (%s): %d results PASSED, %d WEAK, %d FAILED\n' \
        "${#dieharder_tests[@]}" "-d ${dieharder_tests[*]}" \
        "$(echo "$all" | grep -c PASSED || true)" "$(echo "$all" | grep -c WEAK || true)" \
        "$(echo "$all" | grep -c FAILED || true)"
fi
if [ ${#verdicts[@]} -gt 0 ]; then
    printf '%s\n' "${verdicts[@]}"
    echo "FAILED: the source's output is not statistically random"
    exit 1
fi
echo "passed"
