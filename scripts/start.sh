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
    echo "start: $name running (pid $!, log var/log/$name.log)"
}

start broker vc-broker --operator-key-file="$VAR/operator.key"
sleep 0.3
start auth vc-auth-svc --db="$VAR/auth.db"
start data vc-data-svc --db="$VAR/cases.db" --data-dir="$ROOT/data"
start scraper vc-scraper-svc --db="$VAR/cases.db" --sources="$ROOT/data/sources-offline.conf"

for i in $(seq 1 50); do
    "$BIN/vc-cli" --timeout=500 ping data > /dev/null 2>&1 && break
    sleep 0.2
done
"$BIN/vc-cli" services 2>/dev/null | sed 's/^/start: services: /' || true

if [ -n "${DISPLAY:-}" ] && [ "${VC_NO_GUI:-0}" != 1 ]; then
    start monitor vc-monitor --operator-key-file="$VAR/operator.key"
    start gtk vc-gtk
fi
cat <<MSG
The system is running on 127.0.0.1 (clients: port 5555, events: port 5558).
  Command line:  $BIN/vc-cli signup alice 'a-long-password'
                 $BIN/vc-cli --user alice --password 'a-long-password' lookup "ho chi minh" 15-12-2021
                 $BIN/vc-cli watch
  Desktop:       $BIN/vc-gtk        Monitor: $BIN/vc-monitor --operator-key-file=var/operator.key
  Stop:          scripts/stop.sh
MSG
