#!/usr/bin/env bash
# start.sh - starts the whole system in the background on its embedded
# default: broker, auth, data and scraper services on loopback, SQLite
# stores and logs under var/, the shipped data snapshot, offline sources.
# With a display, also opens the monitor and the desktop client.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${VC_BIN:-$ROOT/${VC_BUILD_DIR:-build}/bin}
VAR=${VC_VAR:-$ROOT/var}
mkdir -p "$VAR/log" "$VAR/run"

if [ ! -x "$BIN/vc-broker" ]; then
    echo "start: $BIN/vc-broker not found; run scripts/setup.sh first" >&2
    exit 1
fi
if [ ! -s "$VAR/operator.key" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$VAR/operator.key")
fi

STARTED=()

# start NAME PROGRAM ARGS...: background process, log and pid file under var/
start () {
    local name=$1 program=$2; shift 2
    local pidfile=$VAR/run/$name.pid
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "start: $name already running (pid $(cat "$pidfile"))"; return
    fi
    if [ ! -x "$BIN/$program" ]; then
        echo "start: $program not built, skipping $name"; return
    fi
    nohup "$BIN/$program" "$@" >> "$VAR/log/$name.log" 2>&1 &
    echo $! > "$pidfile"
    STARTED+=("$name")
    echo "start: $name running (pid $!, log $VAR/log/$name.log)"
}

# wait_up SERVICE: until the broker routes to it (15 s at most); else say
# so with the end of its log, and fail.
wait_up () {
    local name=$1 i
    for i in $(seq 1 75); do
        "$BIN/vc-cli" --timeout=500 ping "$name" > /dev/null 2>&1 && return 0
        if [ -f "$VAR/run/$name.pid" ] && ! kill -0 "$(cat "$VAR/run/$name.pid")" 2>/dev/null; then
            break                   # it exited: no use waiting
        fi
        sleep 0.2
    done
    echo "start: $name did not come up; the end of its log, $VAR/log/$name.log:" >&2
    tail -n 5 "$VAR/log/$name.log" 2>/dev/null | sed 's/^/    /' >&2
    return 1
}

start broker vc-broker --operator-key-file="$VAR/operator.key"
sleep 0.3
start auth vc-auth-svc --db="$VAR/auth.db"
start data vc-data-svc --db="$VAR/cases.db" --data-dir="$ROOT/data"
start scraper vc-scraper-svc --db="$VAR/cases.db" --sources="$ROOT/data/sources-offline.conf"

# Every service started here answers before the system is said to run
if ! wait_up broker; then
    exit 1
fi
down=0
for name in "${STARTED[@]}"; do
    case $name in auth|data|scraper) wait_up "$name" || down=$((down + 1)) ;; esac
done
"$BIN/vc-cli" services 2>/dev/null | sed 's/^/    /' || true
if [ "$down" -ne 0 ]; then
    echo "start: $down service(s) did not come up (above); scripts/stop.sh stops the others" >&2
    exit 1
fi

if [ -n "${DISPLAY:-}" ] && [ "${VC_NO_GUI:-0}" != 1 ]; then
    start monitor vc-monitor --operator-key-file="$VAR/operator.key"
    start gtk vc-gtk
fi
# The ports in use: the defaults, or those VC_FRONTEND and VC_EVENTS_OUT name
port_of () { local endpoint=${1:-}; [ -n "$endpoint" ] && echo "${endpoint##*:}" || echo "$2"; }
cat <<MSG
The system is running on 127.0.0.1 (clients: port $(port_of "${VC_FRONTEND:-}" 5555), events: port $(port_of "${VC_EVENTS_OUT:-}" 5558)).
  Command line:  $BIN/vc-cli signup alice           (asks for a password)
                 $BIN/vc-cli --user alice lookup Hồ Chí Minh 15-12-2021
                 $BIN/vc-cli shell                  (sign in once, Tab completes)
                 $BIN/vc-cli watch
  Desktop:       $BIN/vc-gtk        Monitor: $BIN/vc-monitor --operator-key-file=$VAR/operator.key
  Stop:          scripts/stop.sh
MSG
