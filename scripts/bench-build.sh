#!/usr/bin/env bash
# Clean debug build of a one-policy application, side by side with an application on `rand`.
#
#   bash scripts/bench-build.sh [REPETITIONS [GIT-REVISION]]     (default 5, no revision)
#
# Makes throwaway applications under target/bench-build/, each its own workspace with
# its own target directory, and the versions of this checkout's Cargo.lock:
#   secrets          a `const` policy from `secrets_rt::password_policy!` and one `generate()`,
#                    on this checkout's secrets-rt by path, default features;
#   secrets-minimal  the same with `default-features = false` (no text front ends, no
#                    passphrases);
#   secrets-parse    the same with `default-features = false, features = ["parse"]` (policies
#                    read from text too, as from a configuration file; no passphrases);
#   secrets-minimal-nodebug
#                    the same, with `[profile.dev.package.secrets-policy] debug = false` in the
#                    application's manifest (the rule core compiled without debug info);
#   rand             `rand` 0.10 (default features) making a password from `Alphanumeric` with
#                    its thread RNG;
#   secrets-at-REV, secrets-minimal-at-REV
#                    with a GIT-REVISION: the first two applications on secrets-rt as it was at
#                    that revision (exported with `git archive` into target/bench-build/), to
#                    measure a change side by side.
# The checkout's packages are built without incremental compilation, as cargo builds packages
# from a registry (a `path` dependency is otherwise compiled incrementally, like the
# application itself). Dependencies are fetched first (`cargo fetch`), so that no download is
# timed; each build is then `cargo build --offline` from an empty target directory, the
# applications interleaved in each repetition. Prints each build's wall-clock time and CPU time (user + system, of cargo
# and every compiler it ran), then for each application the median time, and the median of
# its ratios to the `rand` build of the same repetition (builds a few seconds apart see about
# the same load, so these ratios vary less than the times), then builds `secrets` and
# `secrets-minimal` once more each with `--timings` and prints their slowest units and critical
# paths (read from cargo's timings reports, whose HTML is kept under target/bench-build/timings/).
#
# Wall-clock times depend on what else the machine runs: run it with nothing else building,
# and read the CPU times (the work, which a busy machine changes much less) beside them. It
# needs python3 for the summary (`apt-get install -y python3`). Takes about 6 minutes on the
# 2-core machine of BENCHMARKS.md at the default repetitions.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
reps=${1:-5}
revision=${2:-}

if ! command -v python3 > /dev/null; then
    echo "needs python3 for the summary: apt-get install -y python3" >&2
    exit 1
fi

bench=$repo/target/bench-build
rm -rf "$bench"
mkdir -p "$bench/timings"

# make_app NAME DEPENDENCY-LINE MAIN-SOURCE [MANIFEST-SECTION]
make_app() {
    local dir=$bench/$1
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" << EOF
[package]
name = "bench-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$2

# Its own workspace: not a member of the checkout it sits in.
[workspace]

${4:-}
EOF
    printf '%s\n' "$3" > "$dir/src/main.rs"
    # The checkout's versions (cargo drops what the application does not use).
    cp "$repo/Cargo.lock" "$dir/Cargo.lock"
    (cd "$dir" && cargo fetch --quiet)
}

policy_main='use secrets_rt::{password_policy, Policy};

const POLICY: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);

fn main() {
    println!("{}", POLICY.generate());
}'
rand_main='use rand::distr::{Alphanumeric, SampleString};

fn main() {
    println!("{}", Alphanumeric.sample_string(&mut rand::rng(), 10));
}'
rand_version=$(grep -A1 '^name = "rand"$' Cargo.lock | sed -n 's/^version = "\(0\.10\.[0-9]*\)"$/\1/p')
if [ -z "$rand_version" ]; then
    echo "Cargo.lock has no rand 0.10 (a dev-dependency of secrets-rt)" >&2
    exit 1
fi

# Cargo compiles a `path` dependency incrementally, as it does the application's own package,
# but never a dependency from a registry. An application gets secrets-rt from crates.io, so the
# checkout's three packages are built as a registry's would be, without the incremental cache
# (which a clean build would otherwise spend time writing).
as_registry=$'[profile.dev.package.secrets-rt]\nincremental = false\n[profile.dev.package.secrets-macros]\nincremental = false\n[profile.dev.package.secrets-policy]\nincremental = false'

make_app secrets "secrets-rt = { path = \"$repo/secrets-rt\" }" "$policy_main" "$as_registry"
make_app secrets-minimal \
    "secrets-rt = { path = \"$repo/secrets-rt\", default-features = false }" "$policy_main" \
    "$as_registry"
make_app secrets-parse \
    "secrets-rt = { path = \"$repo/secrets-rt\", default-features = false, features = [\"parse\"] }" \
    "$policy_main" "$as_registry"
make_app secrets-minimal-nodebug \
    "secrets-rt = { path = \"$repo/secrets-rt\", default-features = false }" "$policy_main" \
    "$as_registry"$'\ndebug = false'
make_app rand "rand = \"=$rand_version\"" "$rand_main"
apps=(secrets secrets-minimal secrets-parse secrets-minimal-nodebug rand)
if [ -n "$revision" ]; then
    old=$bench/source-at-$revision
    mkdir -p "$old"
    git archive "$revision" | tar -x -C "$old"
    make_app "secrets-at-$revision" "secrets-rt = { path = \"$old/secrets-rt\" }" "$policy_main" \
        "$as_registry"
    make_app "secrets-minimal-at-$revision" \
        "secrets-rt = { path = \"$old/secrets-rt\", default-features = false }" "$policy_main" \
        "$as_registry"
    apps+=("secrets-at-$revision" "secrets-minimal-at-$revision")
fi

# clean_build APP: prints the wall-clock and CPU seconds of a clean debug build.
clean_build() {
    local dir=$bench/$1
    rm -rf "$dir/target"
    local TIMEFORMAT='%R %U %S'
    { time (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --offline --quiet); } 2>&1 \
        | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
}

echo "rustc: $(rustc --version); $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "clean debug builds, $reps repetitions, interleaved (seconds, wall / CPU):"
results=$bench/results.txt
: > "$results"
for rep in $(seq "$reps"); do
    line="  repetition $rep:"
    for app in "${apps[@]}"; do
        read -r wall cpu < <(clean_build "$app")
        echo "$app $wall $cpu" >> "$results"
        line="$line $app $wall / $cpu"
    done
    echo "$line"
done

python3 - "$results" << 'EOF'
import statistics, sys
walls, cpus, rounds = {}, {}, []
for line in open(sys.argv[1]):
    app, wall, cpu = line.split()
    if app == "secrets":
        rounds.append({})
    rounds[-1][app] = (float(wall), float(cpu))
    walls.setdefault(app, []).append(float(wall))
    cpus.setdefault(app, []).append(float(cpu))

def ratio(app, which):
    """The median over repetitions of the app's time over rand's in the same repetition."""
    return statistics.median(r[app][which] / r["rand"][which] for r in rounds)

print()
print("| Application | Wall clock: median (min to max) | Ratio to `rand` | CPU: median | Ratio to `rand` |")
print("|---|---|---|---|---|")
for app in walls:
    wall = statistics.median(walls[app])
    cpu = statistics.median(cpus[app])
    print(f"| {app} | {wall:.2f} s ({min(walls[app]):.2f} to {max(walls[app]):.2f}) "
          f"| {ratio(app, 0):.2f}x | {cpu:.2f} s | {ratio(app, 1):.2f}x |")
EOF

# One more build of the default and of the minimal application, with cargo's timings report.
timings() {
    local app=$1
    rm -rf "$bench/$app/target"
    (cd "$bench/$app" && CARGO_TARGET_DIR="$bench/$app/target" \
        cargo build --offline --quiet --timings)
    local report=$bench/$app/target/cargo-timings/cargo-timing.html
    cp "$report" "$bench/timings/$app.html"
    echo
    echo "timings of one more build of \`$app\` (report: target/bench-build/timings/$app.html):"
    python3 - "$report" << 'EOF'
import json, sys
html = open(sys.argv[1]).read()
start = html.index("const UNIT_DATA = ") + len("const UNIT_DATA = ")
units = json.JSONDecoder().raw_decode(html[start:])[0]
by_index = {unit["i"]: unit for unit in units}

def label(unit):
    target = unit["target"].strip()
    return f'{unit["name"]} {unit["version"]}' + (f" ({target})" if target else "")

end = max(unit["start"] + unit["duration"] for unit in units)
print(f"total {end:.2f} s of unit time span, {len(units)} units")
print("slowest units:")
for unit in sorted(units, key=lambda unit: -unit["duration"])[:8]:
    print(f'  {unit["duration"]:6.2f} s  {label(unit)}')

# The unit that let another start is the one whose completion (or metadata) unblocked it; a unit
# that nothing unblocked was ready at once. A unit that started after it was ready waited for
# a free core: on a small machine the build is bound by its total work as much as by its path.
unblocked_by = {}
for unit in units:
    for other in unit["unblocked_units"] + unit["unblocked_rmeta_units"]:
        unblocked_by[other] = unit["i"]
work = sum(unit["duration"] for unit in units)
print(f"sum of unit durations {work:.2f} s")
path = [max(units, key=lambda unit: unit["start"] + unit["duration"])]
while path[-1]["i"] in unblocked_by:
    path.append(by_index[unblocked_by[path[-1]["i"]]])
print("critical path (each unit waited for the one below it; start, duration, wait for a core):")
for unit in path:
    blocker = by_index.get(unblocked_by.get(unit["i"]))
    ready = blocker["start"] + blocker["duration"] if blocker else 0.0
    wait = unit["start"] - ready
    note = f"  (+{wait:.2f} s for a core)" if wait > 0.05 else ""
    print(f'  {unit["start"]:6.2f} s  {unit["duration"]:6.2f} s  {label(unit)}{note}')
EOF
}
timings secrets
timings secrets-minimal
