#!/usr/bin/env bash
# Differential test of tlx's search against fzf's (issue 11): a few hundred
# queries generated from the data go through `tlx --filter` and
# `fzf --filter`, and every query whose matched set differs is put in a
# named class, so the differences tlx makes on purpose are told apart from
# the ones nobody has explained yet.
#
# Usage: scripts/fzf-diff.sh [--seed N] [--queries N] [--multi N]
#                            [--examples N] [--workdir DIR] [--no-testdata]
#                            [--no-edge] [--strict]
#   --seed N       query generator seed (default 11): the same seed, data
#                  and programs give the same queries and the same table
#   --queries N    single-word queries (default 300)
#   --multi N      queries of several words (default 60)
#   --examples N   examples listed per class under the table (default 1;
#                  `other` always lists up to 5)
#   --workdir DIR  where the inputs and differences.tsv go (default: mktemp)
#   --no-testdata  only the embedded timeline
#   --no-edge      leave out the dozen built-in edge values (below)
#   --strict       exit 1 when some difference is in class `other`
# Environment: TLX [target/release/tlx, built with `cargo build --release`
# when missing]; fzf $FZF_SERIES comes from scripts/lib/fzf.sh (installed
# from PyPI into a cache virtualenv the first time).
#
# The texts. tlx matches each query word within ONE field of an event
# (title, summary, kind, place, or one company, country, topic, person);
# fzf matches within a line. So each distinct field value becomes its own
# tlx event (that field alone filled; the required title is a filler no
# query can match) and its own fzf record `ID<US>VALUE` searched with
# --nth=2.., with ids like `summary-0042`. The values come from the
# embedded timeline, the TimelineJS files in ../shared/testdata/ beside the
# repository when present (read through tlx, never copied), and a dozen edge
# values the data lacks (a padded "  Cairo ", "Việt Nam", full-width
# "ＡＢＣ Cloud", "Straße…", "Łódź"…).
#
# The queries. Single words made from the values: substrings, letters with
# gaps, words and their starts, ^prefix, suffix$, ^whole$, 'exact, 'word',
# !negations (!x, !^x, !x$), mixed case (smart case), accented variants
# (lecôm), accent-free words of accented values, random strings,
# operator-only words, !'x and 'x$, and field terms (country:egy). Then
# queries of several words (AND, |, negation), reported only as counts: for
# a single word the two matched sets must agree exactly, or be explained.
#
# The classes, tried in this order for each id one program matched and the
# other did not (a query is listed under every class its ids fall in):
#   operator-only    the word is only operators (! ' ^ $ | !^ ^$ …): fzf
#                    drops most of them (then matches everything) and reads
#                    a lone | or $ as text; tlx reads them all as text.
#   field-term       country:egy and the like, compared with fzf's matches
#                    for `egy` among that field's values. While tlx lacks
#                    field terms (probed at start) every such difference is
#                    here; once it has them, these are classified as the
#                    bare word and only real disagreements remain.
#   exact-word       'word': fzf matches word at word boundaries; tlx reads
#                    the text word' (until it learns 'word'); what remains
#                    afterwards is the two drawing word bounds apart.
#   quote-combo      fzf reads !'x as "does not fuzzy-match x" and 'x$ as
#                    exact x with the $ dropped; tlx reads "does not contain
#                    x" and "ends with x".
#   trim             ^ and $ : fzf skips the spaces around a line, tlx
#                    anchors at the field's first and last character.
#   accents          the query has accents (lecôm): fzf then stops folding
#                    and wants them literally; tlx folds the query and the
#                    text always.
#   unicode-folding  the value or query holds a character the two fold to
#                    different letters (ß, ệ, full-width Ａ, capital Ł…), as
#                    probed from both programs at start and listed in the
#                    header of the summary.
#   case             smart case decided apart: fzf with -i gives tlx's set.
#   window           fzf finds the letters scattered over more than the
#                    word's length + 8 characters, which tlx rejects by
#                    design (`togo` must not match any long summary holding
#                    a t, an o, a g and an o).
#   other            none of the above: look at these. Every difference,
#                    with the value, is in DIR/differences.tsv.
#
# Exit status: 0, or 1 with --strict when `other` is not empty; 2 when
# something fails (tlx or fzf errors, fzf cannot be installed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { printf 'fzf-diff: %s\n' "$*" >&2; exit 2; }

args=()
testdata=$ROOT/../shared/testdata
while (($#)); do
    case $1 in
        -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        --no-testdata) testdata= ;;
        *) args+=("$1") ;;
    esac
    shift
done

command -v python3 >/dev/null || die "python3 is missing"
# shellcheck source=scripts/lib/fzf.sh
source "$ROOT/scripts/lib/fzf.sh"
fzf_ensure || exit 2

if [ -n "${TLX:-}" ]; then
    [ -x "$TLX" ] || die "TLX=$TLX is not an executable"
else
    TLX=$ROOT/target/release/tlx
    if [ ! -x "$TLX" ]; then
        command -v cargo >/dev/null || die "no $TLX and no cargo to build it"
        printf '== cargo build --release\n' >&2
        (cd "$ROOT" && cargo build --release --bin tlx) || die "cargo build failed"
    fi
    if [ -n "$(find "$ROOT/src" "$ROOT/assets" -newer "$TLX" -type f -print -quit)" ]; then
        printf '== warning: %s is older than the sources; run cargo build --release\n' "$TLX" >&2
    fi
fi

printf '== %s, fzf %s\n' "$("$TLX" --version)" "$("$FZF" --version)" >&2
exec python3 "$ROOT/scripts/fzf-diff.py" --tlx "$TLX" --fzf "$FZF" \
    ${testdata:+--testdata "$testdata"} ${args[@]+"${args[@]}"}
