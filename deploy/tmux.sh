#!/usr/bin/env bash
# tmux.sh - starts the whole system locally with each service in its own
# terminal: a tmux session with one window per program (broker, auth, data,
# scraper), plus a shell window for the CLI and, with a display, the
# monitor. Same programs, flags and files as scripts/start.sh (which runs
# them in the background instead); stores and keys under var/.
#
#   deploy/tmux.sh              start and attach (Ctrl-b n: next window)
#   deploy/tmux.sh --detach     start without attaching
#   deploy/tmux.sh --stop       stop the programs and close the session
#
# VC_TMUX_SESSION names the session (default vcovid); VC_TMUX_SOCKET picks a
# separate tmux server (tmux -L). VC_* settings in the environment (ports,
# log level...) are passed on to every program.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${VC_BIN:-$ROOT/${VC_BUILD_DIR:-build}/bin}
VAR=${VC_VAR:-$ROOT/var}
SESSION=${VC_TMUX_SESSION:-vcovid}
TMUX_ARGS=()
[ -n "${VC_TMUX_SOCKET:-}" ] && TMUX_ARGS=(-L "$VC_TMUX_SOCKET")

usage () { sed -n '2,15s/^# \{0,1\}//p' "$0"; }
tm () { tmux "${TMUX_ARGS[@]}" "$@"; }

mode=attach
for arg in "$@"; do
    case $arg in
        --detach) mode=detach ;;
        --stop) mode=stop ;;
        -h|--help) usage; exit 0 ;;
        *) echo "tmux.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

command -v tmux > /dev/null || { echo "tmux.sh: tmux is not installed" >&2; exit 1; }

# Stop: Ctrl-C in every window (programs exit cleanly), then close the session.
if [ "$mode" = stop ]; then
    tm has-session -t "=$SESSION" 2>/dev/null || { echo "tmux.sh: no session $SESSION"; exit 0; }
    for window in $(tm list-windows -t "=$SESSION" -F '#{window_index}'); do
        tm send-keys -t "=$SESSION:$window" C-c 2>/dev/null || true
    done
    sleep 1
    tm kill-session -t "=$SESSION"
    echo "tmux.sh: session $SESSION stopped"
    exit 0
fi

if tm has-session -t "=$SESSION" 2>/dev/null; then
    echo "tmux.sh: session $SESSION already exists (deploy/tmux.sh --stop closes it)" >&2
    exit 1
fi
if [ ! -x "$BIN/vc-broker" ]; then
    echo "tmux.sh: $BIN/vc-broker not found; run scripts/setup.sh first" >&2
    exit 1
fi
mkdir -p "$VAR"
if [ ! -s "$VAR/operator.key" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$VAR/operator.key")
fi

# Every VC_* variable of this environment, as tmux -e options.
ENV_ARGS=()
while IFS= read -r var; do
    ENV_ARGS+=(-e "$var=${!var}")
done < <(compgen -e | grep '^VC_' || true)

# window NAME PROGRAM ARGS...: a window running the program in the
# foreground; when it exits the window stays open with its last output.
window () {
    local name=$1 program=$2; shift 2
    if [ ! -x "$BIN/$program" ]; then
        echo "tmux.sh: $program not built, no $name window"
        return
    fi
    local cmd
    cmd="cd $(printf '%q' "$ROOT") && $(printf '%q ' "$BIN/$program" "$@")"
    cmd="$cmd; echo; echo \"== $name exited (status \$?); Enter closes this window\"; read -r _"
    if tm has-session -t "=$SESSION" 2>/dev/null; then
        tm new-window -d -t "=$SESSION:" -n "$name" "${ENV_ARGS[@]}" "$cmd"
    else
        tm new-session -d -s "$SESSION" -n "$name" -x 200 -y 50 "${ENV_ARGS[@]}" "$cmd"
    fi
    echo "tmux.sh: $name started in window $SESSION:$name"
}

window broker vc-broker --operator-key-file="$VAR/operator.key"
for _ in $(seq 1 50); do
    "$BIN/vc-cli" --timeout=500 ping > /dev/null 2>&1 && break
    sleep 0.1
done
window auth vc-auth-svc --db="$VAR/auth.db"
window data vc-data-svc --db="$VAR/cases.db" --data-dir="$ROOT/data"
window scraper vc-scraper-svc --db="$VAR/cases.db" --sources="$ROOT/data/sources-offline.conf"
if [ -n "${DISPLAY:-}" ] && [ "${VC_NO_GUI:-0}" != 1 ]; then
    window monitor vc-monitor --operator-key-file="$VAR/operator.key"
fi
# A shell for the CLI, with the build's bin/ first on PATH.
shell_cmd="cd $(printf '%q' "$ROOT") && PATH=$(printf '%q' "$BIN"):\$PATH exec \${SHELL:-bash}"
tm new-window -d -t "=$SESSION:" -n cli "${ENV_ARGS[@]}" "$shell_cmd"
tm send-keys -t "=$SESSION:cli" "vc-cli services   # try: vc-cli signup alice 'a-long-password'" Enter
tm select-window -t "=$SESSION:broker"

echo "tmux.sh: session $SESSION: windows $(tm list-windows -t "=$SESSION" -F '#{window_name}' | tr '\n' ' ')(stop: deploy/tmux.sh --stop)"
if [ "$mode" = attach ]; then
    if [ -n "${TMUX:-}" ]; then tm switch-client -t "=$SESSION"; else tm attach-session -t "=$SESSION"; fi
fi
