# test_cli_completion - the bash and zsh completion scripts: commands,
# options and their values, province names (one argument even with spaces),
# services; installed where bash-completion and zsh look.
source "$(dirname "$0")/cli_lib.sh"
BASH_SCRIPT=$VC_SOURCE/client/cli/completion/vc-cli.bash
ZSH_SCRIPT=$VC_SOURCE/client/cli/completion/_vc-cli

# comp WORDS...: what bash completion offers for the last word, one a line
comp () {
    PATH=$VC_BIN:$PATH bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
                                _vc_cli; printf "%s\n" "${COMPREPLY[@]}"' - "$BASH_SCRIPT" "$@"
}
same "bash: commands" "series
services" "$(comp vc-cli se | LC_ALL=C sort)"
same "bash: a province with spaces is one argument" 'Hồ\ Chí\ Minh' "$(comp vc-cli lookup Hồ)"
same "bash: ASCII names, after options" 'Ho\ Chi\ Minh
Hoa\ Binh' "$(comp vc-cli --raw series ho | LC_ALL=C sort)"
same "bash: options from --help" "--format=" "$(comp vc-cli --for)"
same "bash: option values" "--format=csv" "$(comp vc-cli --format=c)"
same "bash: services for ping" "data" "$(comp vc-cli ping d)"
same "bash: nothing after ping's service" "" "$(comp vc-cli ping data x)"
check "vc-cli complete commands (no server needed)" 0 "^scrape-status$" cli --server=127.0.0.1:1 complete commands
same "vc-cli complete provinces: 63 names, both spellings" 126 "$(cli complete provinces | wc -l)"
check "vc-cli complete with a wrong word" 2 "complete: commands or provinces" cli complete dates

zsh -n "$ZSH_SCRIPT" && pass "zsh: the script parses" || fail "zsh: syntax"
out=$(zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -D; autoload -Uz _vc-cli; whence -w _vc-cli' \
      - "$(dirname "$ZSH_SCRIPT")" 2>&1)
grep -q "_vc-cli: function" <<< "$out" && pass "zsh: loads as a completion function" || fail "zsh: $out"

# Installed where the shells look
cmake --install "$VC_BIN/.." --prefix "$TEST_TMP/prefix" > /dev/null 2>&1
[ -f "$TEST_TMP/prefix/share/bash-completion/completions/vc-cli" ] \
    && [ -f "$TEST_TMP/prefix/share/zsh/vendor-completions/_vc-cli" ] \
    && pass "installed: share/bash-completion/completions/vc-cli and share/zsh/vendor-completions/_vc-cli" \
    || fail "install: $(cd "$TEST_TMP/prefix" 2>/dev/null && find share -name '*vc-cli*')"
finish
