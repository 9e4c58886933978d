//! Shell completion scripts: clap's, generated from `cli.rs`, with the facet
//! options (`--country`, `--company`, `--topic`) taught to offer the values
//! of the timeline named on the command line (else the embedded one), which
//! they ask of `tlx --complete-facet FACET [--columns MAP] -- FILE...`.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::timeline::Facet;

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    // Generated in memory: clap_complete panics on a write error.
    clap_complete::generate(shell, &mut cmd, "tlx", &mut out);
    let text = match String::from_utf8(out) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    match shell {
        Shell::Bash => bash(&text, &valued_options(&cmd)),
        Shell::Zsh => zsh(&text, &valued_options(&cmd)),
        Shell::Fish => fish(&text, &valued_options(&cmd)),
        _ => text,
    }
    .into_bytes()
}

/// Every option that takes a value, as typed (`--query`, `-q`): the words
/// after them are not files.
fn valued_options(cmd: &clap::Command) -> Vec<String> {
    let takes_value = cmd
        .get_arguments()
        .filter(|a| !a.is_positional() && a.get_action().takes_values());
    let mut out = Vec::new();
    for arg in takes_value {
        out.extend(arg.get_long().map(|l| format!("--{l}")));
        out.extend(arg.get_short().map(|s| format!("-{s}")));
    }
    out
}

/// bash: each facet option's `compgen -f` becomes a call to `_tlx_facet`.
fn bash(script: &str, valued: &[String]) -> String {
    let mut out = script.to_owned();
    for facet in Facet::ALL {
        let from = format!(
            "--{})\n                    COMPREPLY=($(compgen -f \"${{cur}}\"))",
            facet.name()
        );
        let to = format!(
            "--{})\n                    _tlx_facet {} \"${{cur}}\"",
            facet.name(),
            facet.name()
        );
        out = out.replacen(&from, &to, 1);
    }
    out.push_str(&BASH_FACET.replace("@VALUED@", &valued.join("|")));
    out
}

/// The bash helper: finds the FILEs (and `--columns`) on the line, asks
/// tlx for the facet's values, and offers those that start with the word
/// typed (in any case), escaped for the shell.
const BASH_FACET: &str = r#"
# Words as typed, without the quoting the shell would remove (no eval).
_tlx_dequote() {
    local w="$1"
    case "$w" in
        \'*\') w="${w:1:${#w}-2}" ;;
        \"*\") w="${w:1:${#w}-2}" ;;
        *) w="${w//\\/}" ;;
    esac
    case "$w" in
        "~/"*) w="$HOME/${w:2}" ;;
    esac
    printf '%s' "$w"
}

# Offers the values of facet $1 matching $2, from the files on the line.
_tlx_facet() {
    local facet="$1" cur="$2" word i skip="" rest="" quoted="" value nocase=""
    local -a files=() columns=()
    for (( i = 1; i < ${#COMP_WORDS[@]}; i++ )); do
        (( i == COMP_CWORD || i == COMP_CWORD - 1 )) && continue
        word="${COMP_WORDS[i]}"
        if [[ -n "$skip" ]]; then
            [[ "$skip" == --columns ]] && columns=(--columns "$(_tlx_dequote "$word")")
            skip=""
            continue
        fi
        if [[ -z "$rest" ]]; then
            case "$word" in
                --) rest=1; continue ;;
                @VALUED@) skip="$word"; continue ;;
                --columns=*) columns=("$(_tlx_dequote "$word")"); continue ;;
                -?*) continue ;;
            esac
        fi
        [[ "$word" == - ]] || files+=("$(_tlx_dequote "$word")")
    done
    case "$cur" in
        \'*|\"*) quoted=1; cur="${cur:1}" ;;
        *) cur="$(_tlx_dequote "$cur")" ;;
    esac
    local tlx
    tlx="$(_tlx_dequote "${COMP_WORDS[0]}")"
    type -P "$tlx" >/dev/null 2>&1 || tlx=tlx
    shopt -q nocasematch && nocase=1
    shopt -s nocasematch
    COMPREPLY=()
    while IFS= read -r value; do
        [[ -n "$value" && "$value" == "$cur"* ]] || continue
        if [[ -n "$quoted" ]]; then
            COMPREPLY+=("$value")
        else
            COMPREPLY+=("$(printf '%q' "$value")")
        fi
    done < <("$tlx" --complete-facet "$facet" "${columns[@]}" -- "${files[@]}" 2>/dev/null </dev/null)
    [[ -n "$nocase" ]] || shopt -u nocasematch
    return 0
}
"#;

/// zsh: each facet option's `_default` becomes `_tlx_facet FACET`.
fn zsh(script: &str, valued: &[String]) -> String {
    let mut out = script.to_owned();
    for facet in Facet::ALL {
        let name = facet.name();
        // `*--country=[…]:C:_default`: the action is the last field.
        let Some(start) = out.find(&format!("'*--{name}=[")) else {
            continue;
        };
        let Some(end) = out[start..].find(":_default'").map(|i| start + i) else {
            continue;
        };
        out.replace_range(
            end..end + ":_default'".len(),
            &format!(":_tlx_facet {name}'"),
        );
    }
    // Defined before the `compdef` line or the autoload call at the end.
    let helper = ZSH_FACET.replace("@VALUED@", &valued.join("|"));
    match out.find("\nif [ \"$funcstack[1]\" = \"_tlx\" ]") {
        Some(at) => out.insert_str(at + 1, &helper),
        None => out.push_str(&helper),
    }
    out
}

/// The zsh helper, as bash's: `compadd` does the quoting.
const ZSH_FACET: &str = r#"
(( $+functions[_tlx_facet] )) ||
_tlx_facet() {
    local facet="$1" word skip="" rest="" i
    local -a files columns values
    for (( i = 2; i <= $#words; i++ )); do
        (( i == CURRENT || i == CURRENT - 1 )) && continue
        word="${(Q)words[i]}"
        if [[ -n "$skip" ]]; then
            [[ "$skip" == --columns ]] && columns=(--columns "$word")
            skip=""
            continue
        fi
        if [[ -z "$rest" ]]; then
            case "$word" in
                --) rest=1; continue ;;
                @VALUED@) skip="$word"; continue ;;
                --columns=*) columns=("$word"); continue ;;
                -?*) continue ;;
            esac
        fi
        [[ "$word" == '~/'* ]] && word="$HOME/${word#\~/}"
        [[ "$word" == - ]] || files+=("$word")
    done
    # Arrays expand to one word an element, empty ones to none.
    values=(${(f)"$(${(Q)words[1]} --complete-facet $facet $columns -- $files 2>/dev/null </dev/null)"})
    compadd -M 'm:{a-zA-Z}={A-Za-z}' -a values
}

"#;

/// fish: each facet option gets `-f -a "(__tlx_facet FACET)"`.
fn fish(script: &str, valued: &[String]) -> String {
    let mut out = String::new();
    for line in script.lines() {
        out.push_str(line);
        for facet in Facet::ALL {
            if line.starts_with(&format!("complete -c tlx -l {} ", facet.name())) {
                out.push_str(&format!(" -f -a \"(__tlx_facet {})\"", facet.name()));
            }
        }
        out.push('\n');
    }
    let valued: Vec<&str> = valued.iter().map(String::as_str).collect();
    out.push_str(&FISH_FACET.replace("@VALUED@", &valued.join(" ")));
    out
}

/// The fish helper: `commandline -opc` gives the words before the cursor,
/// unquoted.
const FISH_FACET: &str = r#"
function __tlx_facet
    set -l words (commandline -opc)
    set -l program $words[1]
    # The words between the command and the facet option.
    set -e words[1]
    set -e words[-1]
    set -l files
    set -l columns
    set -l skip
    set -l rest
    for word in $words
        if test -n "$skip"
            test "$skip" = --columns; and set columns --columns $word
            set skip
            continue
        end
        if test -z "$rest"
            switch $word
                case --
                    set rest 1
                    continue
                case @VALUED@
                    set skip $word
                    continue
                case '--columns=*'
                    set columns $word
                    continue
                case '-?*'
                    continue
            end
        end
        test "$word" = -; or set -a files $word
    end
    command $program --complete-facet $argv[1] $columns -- $files 2>/dev/null </dev/null
end
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn text(shell: Shell) -> String {
        String::from_utf8(script(shell)).unwrap()
    }

    #[test]
    fn every_facet_option_asks_tlx_for_its_values() {
        let bash = text(Shell::Bash);
        for facet in Facet::ALL {
            let call = format!("_tlx_facet {} \"${{cur}}\"", facet.name());
            assert!(bash.contains(&call), "bash: {call}");
        }
        assert!(!bash.contains("@VALUED@"));
        assert!(bash.contains("--query|-q|--filter|-f|--country|"), "{bash}");

        let zsh = text(Shell::Zsh);
        for facet in Facet::ALL {
            let call = format!(":_tlx_facet {}'", facet.name());
            assert!(zsh.contains(&call), "zsh: {call}");
        }
        let helper = zsh.find("_tlx_facet() {").unwrap();
        assert!(helper < zsh.find("if [ \"$funcstack[1]\" = \"_tlx\" ]").unwrap());

        let fish = text(Shell::Fish);
        for facet in Facet::ALL {
            let call = format!("-f -a \"(__tlx_facet {})\"", facet.name());
            assert!(fish.contains(&call), "fish: {call}");
        }
    }

    #[test]
    fn format_offers_its_names_and_sort_its_orders() {
        let bash = text(Shell::Bash);
        assert!(bash.contains(&format!(
            "compgen -W \"{}\"",
            crate::output::OutputFormat::NAMES.join(" ")
        )));
        assert!(bash.contains("compgen -W \"auto date -date score\""));
    }
}
