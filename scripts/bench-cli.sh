#!/usr/bin/env bash
# Throughput of the `secrets` command (issue 7's target: `--count 1000000` on the card policy at
# least 5x faster than before exact sampling). Times
#
#   secrets password --policy "len = 10, lower >= 1, upper >= 1, digits >= 3" --count 1000000 > /dev/null
#
# with the release binary of this checkout and, given a git revision, with that revision's,
# built in a temporary worktree with its own target directory under target/bench-cli/ (kept, so
# a second run of the same revision does not rebuild). Prints the median, min and max of each,
# and the ratio of the medians.
#
# Usage: scripts/bench-cli.sh [REVISION]          e.g. scripts/bench-cli.sh dbb48a7
# Environment: RUNS (default 10), COUNT (default 1000000), POLICY (default the card),
#              BENCH_NO_INSTALL=1 to not install hyperfine, BENCH_TIMER=loop for the plain loop.
#
# It uses hyperfine (installed with apt-get when missing and this runs as root), which runs all
# the runs of one binary, then all of the other; without it, a plain loop that alternates the
# two binaries run by run. Before timing, each binary must print 1000 lines for `--count 1000`,
# so that a binary that prints nothing cannot look fast.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/timing.sh
source "$root/scripts/lib/timing.sh"

policy="${POLICY:-len = 10, lower >= 1, upper >= 1, digits >= 3}"
count="${COUNT:-1000000}"
runs="${RUNS:-10}"
revision="${1:-}"
work="$root/target/bench-cli"
mkdir -p "$work"

ensure_hyperfine() {
    [[ "${BENCH_TIMER:-}" == loop ]] && return 1
    command -v hyperfine >/dev/null && return 0
    [[ "${BENCH_NO_INSTALL:-}" == 1 ]] && return 1
    [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null || return 1
    echo "installing hyperfine with apt-get" >&2
    apt-get install -y -qq hyperfine >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; } ||
        return 1
}

# The binary of this checkout, copied so that a later build cannot change it mid-run.
describe_current() {
    local head
    head="$(git rev-parse --short HEAD)"
    if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
        head="$head+changes"
    fi
    echo "$head"
}

build_current() {
    echo "building this checkout ($(describe_current))" >&2
    cargo build --release --quiet -p secrets-rt-cli --bin secrets
    cp target/release/secrets "$work/secrets-current"
}

# The binary of a revision, built in a temporary worktree that is removed afterwards.
build_revision() {
    local sha short tree
    sha="$(git rev-parse --verify "$1^{commit}")"
    short="${sha:0:9}"
    tree="$work/worktree-$short"
    echo "building $1 ($short) in $tree" >&2
    git worktree remove --force "$tree" >/dev/null 2>&1 || true
    git worktree add --detach --quiet "$tree" "$sha"
    # shellcheck disable=SC2064 # the paths are fixed now, on purpose
    trap "git -C '$root' worktree remove --force '$tree' >/dev/null 2>&1 || true" EXIT
    CARGO_TARGET_DIR="$work/target-$short" \
        cargo build --release --quiet --bin secrets --manifest-path "$tree/Cargo.toml"
    cp "$work/target-$short/release/secrets" "$work/secrets-$short"
    git -C "$root" worktree remove --force "$tree"
    trap - EXIT
    echo "$short"
}

check_output() {
    local binary="$1" lines
    lines="$("$binary" password --policy "$policy" --count 1000 | wc -l)"
    if [[ "$lines" != 1000 ]]; then
        echo "error: $binary printed $lines lines for --count 1000" >&2
        exit 1
    fi
}

command_line() {
    printf '%q ' "$1" password --policy "$policy" --count "$count"
    printf '> /dev/null'
}

# Median, min and max of the numbers on standard input, one a line.
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.4f %.4f %.4f\n", m, v[1], v[NR]
    }'
}

names=()
binaries=()
build_current
names+=("$(describe_current)")
binaries+=("$work/secrets-current")
if [[ -n "$revision" ]]; then
    short="$(build_revision "$revision")"
    names+=("$revision")
    binaries+=("$work/secrets-$short")
fi
for binary in "${binaries[@]}"; do
    check_output "$binary"
done

echo
echo "## secrets password --count $count"
echo
echo "- policy: \`$policy\`"
echo "- machine: $(machine_line)"
echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# Wall-clock time is what issue 7's target is about; CPU time (user + system) is printed beside
# it because, on a busy machine, waiting for a core inflates the wall clock and not the CPU time.
table_head() {
    echo "| binary | wall, median (s) | wall, min (s) | wall, max (s) | CPU user+sys (s) | passwords per second (median wall) |"
    echo "|---|--:|--:|--:|--:|--:|"
}
table_row() { # name, median, min, max, cpu
    awk -v n="$1" -v m="$2" -v lo="$3" -v hi="$4" -v cpu="$5" -v c="$count" \
        'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.3f | %.0f |\n", n, m, lo, hi, cpu, c / m }'
}

declare -A medians cpus
if ensure_hyperfine; then
    echo "- timer: $(hyperfine --version), $runs runs after 1 warm-up run, each binary's runs in a row; CPU time is hyperfine's mean"
    echo
    args=()
    for i in "${!binaries[@]}"; do
        args+=(--command-name "${names[$i]}" "$(command_line "${binaries[$i]}")")
    done
    hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" "${args[@]}" >&2
    # One of each field per command, in order, in hyperfine's JSON export.
    field() { grep -o "\"$1\": *[0-9.e+-]*" "$work/hyperfine.json" | awk '{ print $2 }'; }
    mapfile -t found < <(field median)
    mapfile -t low < <(field min)
    mapfile -t high < <(field max)
    mapfile -t user < <(field user)
    mapfile -t system < <(field system)
    table_head
    for i in "${!binaries[@]}"; do
        medians[$i]="${found[$i]}"
        cpus[$i]="$(awk -v u="${user[$i]}" -v s="${system[$i]}" 'BEGIN { printf "%.4f", u + s }')"
        table_row "${names[$i]}" "${found[$i]}" "${low[$i]}" "${high[$i]}" "${cpus[$i]}"
    done
else
    echo "- timer: bash's \`time\` in a plain loop (hyperfine unavailable), $runs runs after 1 warm-up run, the binaries alternating run by run; CPU time is the median"
    echo
    for i in "${!binaries[@]}"; do
        : >"$work/times-$i"
        : >"$work/cpu-$i"
        eval "$(command_line "${binaries[$i]}")"
    done
    for ((run = 0; run < runs; run++)); do
        for i in "${!binaries[@]}"; do
            timed_run "$work/time" eval "$(command_line "${binaries[$i]}")"
            read -r wall cpu <"$work/time"
            echo "$wall" >>"$work/times-$i"
            echo "$cpu" >>"$work/cpu-$i"
        done
    done
    table_head
    for i in "${!binaries[@]}"; do
        read -r median low high < <(stats <"$work/times-$i")
        read -r cpu _ _ < <(stats <"$work/cpu-$i")
        medians[$i]="$median"
        cpus[$i]="$cpu"
        table_row "${names[$i]}" "$median" "$low" "$high" "$cpu"
    done
fi
echo
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n "$revision" ]]; then
    awk -v a="${medians[1]}" -v b="${medians[0]}" -v ca="${cpus[1]}" -v cb="${cpus[0]}" \
        -v old="${names[1]}" -v new="${names[0]}" 'BEGIN {
            printf "- %s is %.2fx faster than %s in wall-clock time (issue 7 asks for at least 5x),", new, a / b, old
            printf " %.2fx in CPU time\n", ca / cb
        }'
fi
