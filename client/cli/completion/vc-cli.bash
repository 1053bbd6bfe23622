# bash completion for vc-cli: commands, options, province names (Vietnamese
# or ASCII, inserted as one argument) and services. Installed as
# share/bash-completion/completions/vc-cli; to try it: source this file.
_vc_cli ()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local program=${COMP_WORDS[0]} command="" word i
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        if [[ $word != -* && -z $command ]]; then command=$word; fi
    done
    COMPREPLY=()
    if [[ $cur == --*=* ]]; then
        local option=${cur%%=*} value=${cur#*=}
        case $option in
            --format) COMPREPLY=($(compgen -W "table csv json" -P "$option=" -- "$value")) ;;
            --log-level) COMPREPLY=($(compgen -W "error warn info debug" -P "$option=" -- "$value")) ;;
            --*-file) COMPREPLY=($(compgen -f -P "$option=" -- "$value")) ;;
        esac
        return 0
    fi
    if [[ $cur == -* ]]; then
        local options
        options=$("$program" --help 2>/dev/null | sed -n 's/^  \(--[a-z-]*\)\(=VALUE\)\{0,1\}$/\1\2/p' \
                  | sed 's/=VALUE$/=/')
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
        return 0
    fi
    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$("$program" complete commands 2>/dev/null)" -- "$cur"))
        return 0
    fi
    case $command in
        lookup|series)
            local name IFS=$'\n'
            for name in $("$program" complete provinces 2>/dev/null); do
                [[ ${name,,} == "${cur,,}"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
            done ;;
        ping|call)
            [[ $prev == "$command" ]] && COMPREPLY=($(compgen -W "broker auth data scraper" -- "$cur")) ;;
        watch)
            COMPREPLY=($(compgen -W "broker. client. service. auth. data. scrape." -- "$cur")) ;;
    esac
    return 0
}
complete -F _vc_cli vc-cli
