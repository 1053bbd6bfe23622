#!/usr/bin/env bash
# test_tmux - deploy/tmux.sh starts every built program in its own tmux
# window (on free loopback ports, a private tmux server and a temporary
# var/), the services register with the broker, a second start is refused,
# and --stop ends the programs and the session.
source "$(dirname "$0")/../integration/lib.sh"
if ! command -v tmux > /dev/null; then
    skip_all "tmux not installed (Debian package tmux)"
fi
export VC_TMUX_SOCKET=vc-test-$$ VC_TMUX_SESSION=vcovid VC_VAR=$TEST_TMP/var VC_NO_GUI=1
tm () { tmux -L "$VC_TMUX_SOCKET" "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT

check "tmux.sh starts the session detached" 0 "session vcovid" \
      bash "$VC_SOURCE/deploy/tmux.sh" --detach
windows=$(tm list-windows -t "=vcovid" -F '#{window_name}' 2>/dev/null | tr '\n' ' ')
echo "windows: $windows"
grep -qw broker <<< "$windows" && grep -qw cli <<< "$windows" \
    && pass "broker and cli windows" || fail "windows: $windows"

declare -A PROGRAM=([auth]=vc-auth-svc [data]=vc-data-svc [scraper]=vc-scraper-svc)
for service in auth data scraper; do
    if [ ! -x "$VC_BIN/${PROGRAM[$service]}" ]; then
        skip_part "${PROGRAM[$service]} not built: no $service window"
        continue
    fi
    grep -qw "$service" <<< "$windows" && pass "$service window" || fail "no $service window"
    wait_for 20 cli --timeout=1000 ping "$service" \
        && pass "$service in its window registered with the broker" || fail "$service did not register"
done
wait_for 5 bash -c "tmux -L '$VC_TMUX_SOCKET' capture-pane -p -t '=vcovid:broker' | grep -q 'broker run'" \
    && pass "the broker window shows the broker's log" || fail "broker window: $(tm capture-pane -p -t '=vcovid:broker')"
[ -s "$VC_VAR/operator.key" ] && pass "operator key made under var/" || fail "no operator key"
check "a second start is refused while the session exists" 1 "already exists" \
      bash "$VC_SOURCE/deploy/tmux.sh" --detach

check "tmux.sh --stop closes the session" 0 "stopped" bash "$VC_SOURCE/deploy/tmux.sh" --stop
tm has-session -t "=vcovid" 2>/dev/null && fail "session still there" || pass "session gone"
wait_for 5 bash -c "! \"$VC_BIN/vc-cli\" --timeout=500 ping" \
    && pass "the broker stopped with the session" || fail "the broker still answers"
finish
