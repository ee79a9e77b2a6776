#!/usr/bin/env bash
# Measures `secrets passphrase --wordlist` on a 64 MiB word list: 9,586,980 distinct six-letter
# words (every string from `aaaaaa` on), one a line, in order and shuffled. Prints the wall time
# and the peak memory that `/usr/bin/time -v` reports for a release build, without and with
# `--entropy` (which sorts the words to check that none is a prefix of another).
#
#   bash scripts/wordlist-memory.sh
#
# Needs GNU time (`apt-get install -y time`). Takes about a minute, most of it building and
# writing the file.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
    echo "needs /usr/bin/time (GNU time): apt-get install -y time" >&2
    exit 1
fi
cargo build --release --quiet -p secrets-rt-cli --bin secrets

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
list="$dir/words.txt"
# 64 MiB / 7 bytes a line.
awk 'BEGIN {
    n = int(64 * 1024 * 1024 / 7); split("abcdefghijklmnopqrstuvwxyz", letter, "");
    for (i = 0; i < n; i++) {
        v = i; w = "";
        for (k = 0; k < 6; k++) { w = letter[v % 26 + 1] w; v = int(v / 26) }
        print w
    }
}' > "$list"
shuf --random-source=<(yes) "$list" > "$dir/shuffled.txt"
echo "word list: $(wc -l < "$list") lines, $(wc -c < "$list") bytes"

for order in sorted shuffled; do
    file=$list
    [ "$order" = shuffled ] && file=$dir/shuffled.txt
    for flags in "" "--entropy" "--capitalize --entropy"; do
        /usr/bin/time -v target/release/secrets passphrase --wordlist "$file" $flags \
            > /dev/null 2> "$dir/time.txt" || { cat "$dir/time.txt" >&2; exit 1; }
        seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
        kbytes=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
        echo "$order: secrets passphrase --wordlist FILE $flags: $seconds wall, $((kbytes / 1024)) MiB peak"
    done
done
