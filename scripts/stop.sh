#!/usr/bin/env bash
# stop.sh - stops what scripts/start.sh started (SIGTERM, then SIGKILL
# after 5 seconds for anything still running).
set -uo pipefail
cd "$(dirname "$0")/.."
VAR=${VC_VAR:-$PWD/var}
for name in gtk monitor scraper data auth broker; do
    pidfile=$VAR/run/$name.pid
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        echo "stop: $name stopped"
    fi
    rm -f "$pidfile"
done
