#!/usr/bin/env bash
# Fuzzes tlx with libFuzzer: each target in fuzz/ (load, query, sanitise)
# runs for SECONDS (default 60), niced, one after the other, from a corpus
# seeded with the project's fixtures. Needs a nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`). Findings land in
# fuzz/artifacts/TARGET/; once fixed, copy each to fuzz/regressions/TARGET/,
# where tests/fuzz_standin.rs replays it on every `cargo test`.
#
#   scripts/fuzz.sh 300          # five minutes per target
#   scripts/fuzz.sh 60 query     # one target
set -euo pipefail
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load query sanitise)
cd "$(dirname "$0")/.."

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz.sh: no nightly toolchain (rustup toolchain install nightly); on stable, run: cargo test --test fuzz_standin" >&2
    exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is missing (cargo install cargo-fuzz)" >&2
    exit 2
fi

# Seeds: every fixture and the embedded timeline for the loader; queries
# and hostile text for the others. The corpus grows across runs.
mkdir -p fuzz/corpus/load fuzz/corpus/query fuzz/corpus/sanitise
cp tests/fixtures/* assets/huawei-partnerships.json fuzz/corpus/load/
cp tests/fixtures/*.json fuzz/corpus/sanitise/
i=0
while IFS= read -r query; do
    i=$((i + 1))
    printf '%s\nOrange and Huawei launch the Flexible Engine cloud|Telecom Égypte, Pékin\nTogo signs|cloud 5G\n' \
        "$query" > "fuzz/corpus/query/seed-$i"
done <<'QUERIES'
orange cloud
'togo | monaco 5g
^tel egypt$ !monaco
^x$ \ b Égypte pekin
!^a !b$ 'c | d
QUERIES
printf 'a\033]2;TITLE\007b\tc\r\nd\302\233e\342\200\256f\177' > fuzz/corpus/sanitise/seed-hostile

status=0
for target in "${targets[@]}"; do
    case $target in
        load) extra=(-dict=fuzz/json.dict -max_len=65536) ;;
        *) extra=(-max_len=4096) ;;
    esac
    echo "== $target, ${seconds}s"
    # -timeout: an input taking over 30 s is a finding (a hang); less
    # mistakes a busy machine, where the fuzzer runs niced, for one.
    nice -n 19 cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
        -print_final_stats=1 "${extra[@]}" || status=1
done
[ $status -eq 0 ] || echo "fuzz.sh: findings in fuzz/artifacts/" >&2
exit $status
