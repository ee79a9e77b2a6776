# Shared by the benchmark scripts (sourced, not run): the machine's description, a median, and
# a timed command's wall-clock and CPU seconds.
#
#   source "$root/scripts/lib/timing.sh"

# One line naming the CPU, its count, the kernel and the compiler, for a report's header.
machine_line() {
    printf '%s, %s CPUs, %s; %s\n' \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
        "$(nproc)" "$(uname -sr)" "$(rustc --version 2>/dev/null || echo 'rustc not found')"
}

# The median of the numbers on standard input, one a line ("nan" for none).
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) print "nan"; else printf "%.3f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}

# timed_run FILE COMMAND...: runs the command and writes "WALL CPU" to FILE, in seconds, where
# CPU is the user and system time of the command and every process it started (on a busy
# machine, waiting for a core inflates the first and not the second). The command's own output
# and errors pass through; returns the command's status.
timed_run() {
    local out="$1" status=0 real user system
    shift
    local TIMEFORMAT='%R %U %S'
    { time "$@" 2>&3; } 3>&2 2>"$out.time" || status=$?
    read -r real user system < <(tail -n 1 "$out.time")
    rm -f "$out.time"
    awk -v r="$real" -v u="$user" -v s="$system" 'BEGIN { printf "%.4f %.4f\n", r, u + s }' >"$out"
    return "$status"
}
