#!/usr/bin/env bash
# Bounded work (issue 11): queries built to be expensive, over N generated
# events (default 20,000), tlx against fzf on the same events:
#
#   long      one term of 100,000 characters
#   many-and  3,000 short terms, ANDed
#   many-or   3,000 short terms, ORed (`a | b | …`): every event tries many
#
# The short terms are the three-letter pieces of the first 2,000 events'
# titles and summaries (about 440, each found in many events), then
# `zq0`, `zq1`… (found nowhere) up to 3,000, shuffled with a fixed seed.
# (a) is `tlx --filter "$(cat QUERY)" FILE --format id` (default order:
# best match first), (b) `fzf --filter "$(cat QUERY)"` over the events
# extracted as lines with bench-vs-fzf.sh's jq program. Prints a Markdown
# table of hyperfine's medians and writes it to RESULTS.
#
# Usage: scripts/bench-bounded.sh [WORKDIR]
# Environment: N [20000], SEED [42], RUNS [5], RESULTS [WORKDIR/bounded.md]
set -euo pipefail

N=${N:-20000}
SEED=${SEED:-42}
RUNS=${RUNS:-5}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-$(mktemp -d -t tlx-bounded.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS=${RESULTS:-$WORK/bounded.md}
JQ_PROGRAM='.events[] | [.id, .date, .title, (.companies|join(",")), (.countries|join(",")), (.topics|join(",")), .summary] | @tsv'

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench-bounded: %s\n' "$*" >&2; exit 1; }
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# shellcheck source=scripts/bench-tools.sh
. "$ROOT/scripts/bench-tools.sh"
ensure_tools
ensure_fzf

cd "$ROOT"
say "cargo build --release"
cargo build --release --bin tlx --example gen_timeline
TARGET=$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)
TLX=$TARGET/release/tlx
FILE=$WORK/events-$N.json
LINES=$WORK/lines-$N.tsv
"$TARGET/release/examples/gen_timeline" "$N" --seed "$SEED" >"$FILE"
jq -r "$JQ_PROGRAM" "$FILE" >"$LINES"

python3 - "$LINES" "$WORK" <<'PY'
import random, sys
lines, work = sys.argv[1], sys.argv[2]
grams = set()
with open(lines, encoding="utf-8") as f:
    for n, line in enumerate(f):
        if n == 2000:
            break
        cols = line.rstrip("\n").split("\t")
        for word in (cols[2] + " " + cols[6]).lower().split():
            word = "".join(c for c in word if c.isalnum())
            grams.update(word[i:i + 3] for i in range(len(word) - 2))
terms = sorted(grams)
terms += ["zq%d" % i for i in range(3000 - len(terms))]
random.Random(1).shuffle(terms)
open(work + "/many-and.txt", "w").write(" ".join(terms))
open(work + "/many-or.txt", "w").write(" | ".join(terms))
open(work + "/long.txt", "w").write(("orangecloudsovereign" * 5000)[:100000])
PY

{
    echo "## Bounded work: expensive queries over $N events, tlx against fzf $("$FZF" --version | cut -d' ' -f1)"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), tlx $(git -C "$ROOT" describe --always --dirty), $(nproc) cores, medians of $RUNS runs (hyperfine)."
    echo
    echo "| query | tlx --filter | fzf --filter | found by tlx / fzf |"
    echo "|---|---:|---:|---:|"
} >"$RESULTS"
human() { awk -v t="$1" 'BEGIN { if (t >= 1) printf "%.3g s", t; else printf "%.3g ms", t * 1000 }'; }
for q in long many-and many-or; do
    QF=$WORK/$q.txt
    say "$q ($(wc -c <"$QF") bytes)"
    t_found=$({ "$TLX" --filter "$(cat "$QF")" "$FILE" --format id || true; } | wc -l)
    f_found=$({ "$FZF" --filter "$(cat "$QF")" <"$LINES" || true; } | wc -l)
    hyperfine --runs "$RUNS" --warmup 1 --ignore-failure --export-json "$WORK/$q.json" \
        -n tlx "$(sq "$TLX") --filter \"\$(cat $(sq "$QF"))\" $(sq "$FILE") --format id > /dev/null" \
        -n fzf "$(sq "$FZF") --filter \"\$(cat $(sq "$QF"))\" < $(sq "$LINES") > /dev/null" >&2
    t=$(jq -r '.results[] | select(.command == "tlx") | .median' "$WORK/$q.json")
    f=$(jq -r '.results[] | select(.command == "fzf") | .median' "$WORK/$q.json")
    echo "| $q | $(human "$t") | $(human "$f") | $t_found / $f_found |" >>"$RESULTS"
done
cat "$RESULTS"
