#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz, libFuzzer) of everything that reads outside input:
# `Policy::parse`, `Policy::from_passwordrules`, word lists (`Wordlist::from_words` and
# `from_file`) and the command's argument parsing. The checks are in
# `secrets-rt/tests/common/checks.rs` and `fuzz/cli_checks.rs`: no panic, no hang (10 s a run),
# every error span inside the input, a parsed policy prints back to itself, a word list holds
# trimmed distinct words.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 300 s, all four targets)
#
# Runs on the stable toolchain without a sanitizer (`-s none`; the crates have no unsafe code),
# with debug assertions (overflow checks) on. Corpora grow in target/fuzz/corpus/TARGET, seeded
# from ui-tests/ and ../shared/data/password-rules.json; `fuzz/regressions/TARGET/` is read as
# well. A failing input is saved under target/fuzz/artifacts/TARGET/: copy it to
# fuzz/regressions/TARGET/ with a name that says what it found, and the normal test suite
# replays it (secrets-rt/tests/bad_input.rs, tests/bad_input_cli.rs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

seconds=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(policy_parse passwordrules wordlist cli_args)
fi

if ! command -v cargo-fuzz > /dev/null; then
    cargo install cargo-fuzz --locked
fi
if ! command -v c++ > /dev/null; then
    # libfuzzer-sys compiles libFuzzer (C++).
    apt-get update && apt-get install -y g++
fi

work="$root/target/fuzz"
mkdir -p "$work"
(cd fuzz && cargo fuzz build -s none -a --target-dir "$work")

seed() {
    local target=$1 corpus=$2
    case $target in
        policy_parse)
            # The text inside every `password_policy!( ... )` of the compile-fail cases.
            for file in ui-tests/*.rs; do
                sed -n 's/.*password_policy!(\(.*\));.*/\1/p' "$file" > "$corpus/ui-$(basename "$file" .rs)"
            done
            ;;
        passwordrules)
            if [ -f ../shared/data/password-rules.json ]; then
                grep -o '"password-rules": *"[^"]*"' ../shared/data/password-rules.json |
                    sed 's/"password-rules": *"\(.*\)"/\1/' | split -l 1 - "$corpus/site-"
            fi
            ;;
        wordlist)
            printf 'correct\nhorse\n\nbattery staple\n  horse  \n' > "$corpus/basic"
            ;;
        cli_args)
            printf 'password\0--policy\0len = 10, digits >= 3\0--count\0002' > "$corpus/password"
            printf 'token-bytes\00064\0--out\0key.bin\0--force' > "$corpus/token-bytes"
            printf 'passphrase\0--words\0004\0--sep\0-' > "$corpus/passphrase"
            ;;
    esac
}

summary=()
status=0
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    artifacts="$work/artifacts/$target/"
    log="$work/$target.log"
    mkdir -p "$corpus" "$artifacts" "fuzz/regressions/$target"
    if [ -z "$(ls -A "$corpus")" ]; then
        seed "$target" "$corpus"
    fi
    echo "== fuzzing $target for $seconds s (log: $log)"
    result=ok
    if ! (cd fuzz && cargo fuzz run -s none -a --target-dir "$work" "$target" \
        "$corpus" "$root/fuzz/regressions/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=4096 \
        -dict="$root/fuzz/dictionaries/$target.dict" -artifact_prefix="$artifacts" \
        -print_final_stats=1) > "$log" 2>&1; then
        result="FAILED: see $artifacts and $log"
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    summary+=("$(printf '%-14s %6s s %12s runs %6s edges %8s inputs %6s MB  %s' \
        "$target" "$seconds" "${runs:-?}" "${cov:-?}" "$(ls "$corpus" | wc -l)" "${rss:-?}" "$result")")
done

echo
echo "Fuzzing summary ($(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
printf '%s\n' "${summary[@]}"
exit $status
