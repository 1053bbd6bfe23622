#!/usr/bin/env bash
# test_systemd - the installed programs under a real systemd as PID 1: a
# podman container (--systemd=always, runc, cgroupfs, explicit ulimits, no
# registry) booting /sbin/init in a Debian 12 root where the project's
# Debian packages are installed and their units (deploy/systemd, as
# packaged) enabled (tests/deploy/systemd/Dockerfile). Checks, with
# systemctl and journalctl inside:
#   - at boot vc-broker, vc-auth, vc-data and vc-scraper become active and
#     serve (sign up, sign in, lookup with vc-cli);
#   - service keys as installed: the package made a key pair per service
#     and the broker admits only those; a data service run with the
#     installed settings but without its unit's key is refused;
#   - Type=notify: a service started while the broker is down stays
#     "activating" (its STATUS= says it waits for the broker) and becomes
#     active only once it has registered (READY=1): the broker knows it the
#     moment systemctl start returns;
#   - systemctl status shows the programs' STATUS= text;
#   - the watchdog: a service whose event loop stops (SIGSTOP) is killed by
#     systemd after WatchdogSec= and started again by Restart=;
#   - Restart=on-failure: a service killed with SIGKILL comes back serving;
#   - the journal carries the programs' fields (journalctl -o json:
#     VC_COMPONENT, VC_LEVEL, PRIORITY, SYSLOG_IDENTIFIER), and
#     journalctl VC_COMPONENT=... VC_LEVEL=warn selects by them.
# The images share test_containers' cache ($VC_CONTAINER_CACHE, default
# /var/cache/vcovid-test): the base image, the build stage of
# deploy/Dockerfile (same build arguments, so one build serves both tests)
# and the systemd layers. Prints SKIP: and exits 77 only where podman
# cannot run a container, or systemd cannot run as a container's init.
# VC_SYSTEMD_IMAGE=NAME runs that image (built before) instead of building.
set -u
VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
RUN=vcsd$$
TEST_TMP=$(mktemp -d /tmp/vc-systemd.XXXXXX)
# The storage of test_containers (podman_lib.sh), so that the base image
# and the build stage's layers are shared
source "$VC_SOURCE/tests/deploy/podman_lib.sh"
BUILD_IMAGE=localhost/vcovid-build:$RUN
IMAGE=localhost/vcovid-systemd:$RUN
C=$RUN-host

cleanup () {
    if [ "$TEST_FAILURES" -ne 0 ] && pm container exists "$C" 2> /dev/null; then
        echo "--- journal of $C (last 60 lines)"
        pm exec "$C" journalctl --no-pager -n 60 2>&1
    fi
    pm rm -f -t 0 "$C" > /dev/null 2>&1
    # The run's names go; the images stay under their cache names (untag
    # with no name to remove would remove every name, the cache's too)
    [ -z "${VC_SYSTEMD_IMAGE:-}" ] && pm untag "$IMAGE" "$IMAGE" > /dev/null 2>&1
    pm untag "$BUILD_IMAGE" "$BUILD_IMAGE" > /dev/null 2>&1
    if [ "$TEST_FAILURES" -ne 0 ]; then
        for log in "$TEST_TMP"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }; done
    fi
    rm -rf "$TEST_TMP"
}
trap cleanup EXIT

# --- the images: base (as test_containers), build stage, systemd root ---------
if ! base_image; then
    fail "no base image: $(tail -5 "$TEST_TMP/debootstrap.log" 2>/dev/null)"; exit 1
fi
if ! out=$(pm run --rm --pull=never --network none "${LIMITS[@]}" docker.io/library/debian:12 true 2>&1); then
    echo "SKIP: podman cannot run a container here: $out"; exit 77
fi
# build_images: deploy/Dockerfile's build stage (test_containers' exact
# arguments, so the same cached layers), then the systemd root on it
build_images () {
    if pm build --network host --pull=never "${LIMITS[@]}" --ignorefile "$VC_SOURCE/deploy/Dockerfile.dockerignore" \
            --build-arg DEBIAN_IMAGE=docker.io/library/debian:12 -f "$VC_SOURCE/deploy/Dockerfile" \
            --target build -t localhost/vcovid-build:cache -t "$BUILD_IMAGE" "$VC_SOURCE" \
            > "$TEST_TMP/build-stage.log" 2>&1; then
        pass "packages built by deploy/Dockerfile's build stage ($(elapsed))"
    else fail "build stage failed: $(tail -5 "$TEST_TMP/build-stage.log")"; return 1; fi
    if pm build --network host --pull=never "${LIMITS[@]}" --build-arg DEBIAN_IMAGE=docker.io/library/debian:12 \
            --build-arg VC_BUILD_IMAGE="$BUILD_IMAGE" -f "$VC_SOURCE/tests/deploy/systemd/Dockerfile" \
            -t localhost/vcovid-systemd:cache -t "$IMAGE" "$VC_SOURCE/deploy" > "$TEST_TMP/image.log" 2>&1; then
        pass "systemd image: Debian 12, systemd, the packages installed, units enabled ($(elapsed))"
    else fail "systemd image: $(tail -5 "$TEST_TMP/image.log")"; return 1; fi
}
if [ -n "${VC_SYSTEMD_IMAGE:-}" ]; then
    IMAGE=$VC_SYSTEMD_IMAGE
    echo "# the image given: $IMAGE"
else
    build_images || exit 1
fi

# --- boot ---------------------------------------------------------------------
# No network but the container's own loopback: every program is on 127.0.0.1
# (the packaged /etc/vcovid/vcovid.env), and no port is shared with the host.
if ! out=$(pm run -d --pull=never --name "$C" --systemd=always --network none "${LIMITS[@]}" \
              "$IMAGE" 2>&1); then
    fail "the systemd container did not start: $out"; exit 1
fi
inside () { pm exec "$C" "$@"; }
# cli ARGS...: vc-cli inside, with the installed settings (broker address, key)
cli () { pm exec "$C" sh -c 'set -a; . /etc/vcovid/vcovid.env; set +a; exec vc-cli --timeout=3000 "$@"' cli "$@"; }
wait_for () {
    local limit=$1 end; shift
    end=$(( $(date +%s) + limit ))
    while [ "$(date +%s)" -lt "$end" ]; do "$@" > /dev/null 2>&1 && return 0; sleep 0.5; done
    return 1
}
show () { inside systemctl show -p "$2" --value "$1" 2>/dev/null; }
manager_up () { inside systemctl is-system-running 2>/dev/null | grep -qE '^(initializing|starting|running|degraded)$'; }
if ! wait_for 60 manager_up; then
    echo "SKIP: systemd does not run as a container's init here: $(pm logs "$C" 2>&1 | tail -5)"; exit 77
fi
inside timeout 120 systemctl is-system-running --wait > "$TEST_TMP/state" 2>&1
state=$(cat "$TEST_TMP/state")
[ "$(inside cat /proc/1/comm)" = systemd ] && [ "$state" = running ] \
    && pass "systemd is PID 1 and the boot finished: $state ($(elapsed))" \
    || fail "boot: $state; failed units: $(inside systemctl --failed --no-legend --plain 2>&1 | tr '\n' ' ')"
units=(vc-broker vc-auth vc-data vc-scraper)
for unit in "${units[@]}"; do
    [ "$(show "$unit" ActiveState)" = active ] && pass "$unit active after boot (enabled through vc.target)" \
        || fail "$unit after boot: $(show "$unit" ActiveState) $(show "$unit" Result)"
done
for service in auth data scraper; do
    wait_for 10 cli ping "$service" && pass "$service answers through the broker" || fail "ping $service"
done
out=$(cli signup alice 'a long password here' 2>&1) && pass "sign up" || fail "sign up: $out"
out=$(cli --user alice --password 'a long password here' lookup hcm 15-12-2021 2>&1)
grep -q "1.270" <<< "$out" && pass "sign in and lookup: $out" || fail "lookup: $out"

# --- service keys: the units as installed admit only the services' own --------
# The package made a key pair per service; a data service started with the
# installed settings but without its unit's VC_SERVICE_CERT is refused.
[ "$(inside ls /etc/vcovid/services)" = "$(printf 'auth.cert\ndata.cert\nscraper.cert')" ] \
    && pass "the package made the services' keys: /etc/vcovid/services holds auth, data and scraper" \
    || fail "/etc/vcovid/services: $(inside ls -l /etc/vcovid/services 2>&1)"
pm exec -d "$C" sh -c 'set -a; . /etc/vcovid/vcovid.env; set +a; exec timeout 20 vc-data-svc --db=/tmp/rogue.db' \
    > /dev/null
rogue_refused () { inside journalctl --no-pager -u vc-broker | grep -q "refused a service from"; }
wait_for 15 rogue_refused && pass "a data service without its key is refused: $(inside journalctl --no-pager -u vc-broker \
        | grep -m1 'refused a service from' | sed 's/.*vc-broker[^:]*: //')" \
    || fail "no refusal of the keyless data service in the broker's journal"
out=$(cli --raw services 2>&1)
grep -q '"name"=>"data", "instances"=>1' <<< "$out" && pass "the keyless data service did not join data" \
    || fail "services with the keyless data service: $(head -c 300 <<< "$out")"

# --- STATUS= in systemctl status ----------------------------------------------
status=$(inside systemctl status --no-pager vc-data 2>&1)
grep -q 'Status: "data: serving, registered with broker run [0-9a-f]* at tcp://127.0.0.1:5556"' <<< "$status" \
    && pass "systemctl status vc-data: $(grep -m1 'Status:' <<< "$status" | sed 's/^ *//')" \
    || fail "no STATUS= in systemctl status vc-data: $status"
# The broker's line is renewed every 10 s
broker_status () {
    status=$(inside systemctl status --no-pager vc-broker 2>&1)
    grep -q 'Status: "broker run [0-9a-f]*: [0-9]* clients ([0-9]* signed in), 3 instances' <<< "$status"
}
wait_for 15 broker_status; broker_status \
    && pass "systemctl status vc-broker: $(grep -m1 'Status:' <<< "$status" | sed 's/^ *//')" \
    || fail "no STATUS= in systemctl status vc-broker: $status"

# --- Type=notify: active only once registered ---------------------------------
# The broker stops; vc-data is restarted and cannot register: its start job
# waits (activating) with a STATUS= that says why, until the broker is back.
inside systemctl stop vc-broker
inside timeout 60 systemctl restart vc-data > "$TEST_TMP/restart.log" 2>&1 &
restart_job=$!
waiting () { show vc-data StatusText | grep -q "waiting for the broker"; }
if wait_for 15 waiting && [ "$(show vc-data ActiveState)" = activating ] \
&& kill -0 "$restart_job" 2> /dev/null; then
    pass "vc-data started without a broker: activating, systemctl restart still waiting, STATUS=$(show vc-data StatusText)"
else fail "vc-data without a broker: $(show vc-data ActiveState) $(show vc-data SubState) '$(show vc-data StatusText)'"; fi
sleep 2
[ "$(show vc-data ActiveState)" = activating ] && pass "still activating 2 s later (no READY=1 before registering)" \
    || fail "vc-data became $(show vc-data ActiveState) without a broker"
inside systemctl start vc-broker
wait "$restart_job"; rc=$?
# The moment systemctl restart returns (READY=1), the broker knows the service
out=$(cli services 2>&1)
if [ "$rc" -eq 0 ] && [ "$(show vc-data ActiveState)" = active ] && grep -q "^data" <<< "$out"; then
    pass "broker back: vc-data active, and the broker lists it as systemctl returns: $(grep -m1 '^data' <<< "$out")"
else fail "after the broker came back: restart rc $rc, $(show vc-data ActiveState), services: $out"; fi
epoch=$(show vc-broker StatusText | sed -n 's/^broker run \([0-9a-f]*\):.*/\1/p')
show vc-data StatusText | grep -q "registered with broker run $epoch" \
    && pass "vc-data's STATUS= names the new broker run ($epoch)" \
    || fail "vc-data's STATUS=: $(show vc-data StatusText) (broker run $epoch)"
for service in auth scraper; do
    wait_for 20 cli ping "$service" && pass "$service registered again by itself (not restarted)" \
        || fail "$service did not come back after the broker's restart"
done

# --- the watchdog: an event loop that stops is killed and restarted -----------
# restarted UNIT OLD_PID: active again with another main process
restarted () { local pid; pid=$(show "$1" MainPID); [ "$(show "$1" ActiveState)" = active ] && [ "$pid" != 0 ] && [ "$pid" != "$2" ]; }
pid=$(show vc-data MainPID)
restarts=$(show vc-data NRestarts)
watchdog=$(show vc-data WatchdogUSec)
since=$(inside date '+%Y-%m-%d %H:%M:%S')
inside sh -c "kill -STOP $pid"
start=$(date +%s%3N)
if wait_for 60 restarted vc-data "$pid"; then
    took=$(( $(date +%s%3N) - start ))
    log=$(inside journalctl --no-pager -u vc-data --since "$since" 2>&1)
    if grep -q "Watchdog timeout" <<< "$log" && [ "$(show vc-data NRestarts)" -gt "$restarts" ]; then
        pass "vc-data stopped (SIGSTOP): systemd's watchdog ($watchdog) killed it and Restart= started it again, active in $took ms: $(grep -m1 'Watchdog timeout' <<< "$log" | sed 's/.*: vc-data/vc-data/')"
    else fail "vc-data restarted without the watchdog's timeout: $log"; fi
    [ "$took" -ge 4000 ] && pass "not before the watchdog's time ($took ms >= half of $watchdog)" \
        || fail "restarted after $took ms, before the watchdog's time"
else fail "SIGSTOP: vc-data not restarted in 60 s: $(show vc-data ActiveState) $(show vc-data SubState)"; fi
wait_for 10 cli ping data && pass "vc-data serves again after the watchdog's restart" || fail "ping data after the watchdog"

# --- Restart=on-failure: kill -9 ----------------------------------------------
pid=$(show vc-auth MainPID)
restarts=$(show vc-auth NRestarts)
inside sh -c "kill -KILL $pid"
start=$(date +%s%3N)
if wait_for 30 restarted vc-auth "$pid" && [ "$(show vc-auth NRestarts)" -gt "$restarts" ]; then
    pass "vc-auth killed (SIGKILL): restarted by Restart=on-failure, active in $(( $(date +%s%3N) - start )) ms"
else fail "vc-auth not restarted: $(show vc-auth ActiveState) $(show vc-auth NRestarts)"; fi
out=$(cli --user alice --password 'a long password here' lookup "ha noi" 15-12-2021 2>&1)
[ $? -eq 0 ] && pass "sign in and lookup after the restart (the account kept): $out" || fail "after auth's restart: $out"

# --- the journal's fields -----------------------------------------------------
inside journalctl --no-pager -o json -u vc-data -u vc-broker -u vc-auth > "$TEST_TMP/journal.json" 2>&1
if out=$(python3 - "$TEST_TMP/journal.json" <<'EOF'
import json, sys
want = {"vc-data.service": ("data", "vc-data-svc"), "vc-broker.service": ("broker", "vc-broker"),
        "vc-auth.service": ("auth", "vc-auth-svc")}
priority = {"error": "3", "warn": "4", "info": "6", "debug": "7"}
seen, bad = {}, []
for line in open(sys.argv[1]):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    unit = entry.get("_SYSTEMD_UNIT")
    if unit not in want or "VC_COMPONENT" not in entry:
        continue
    component, ident = want[unit]
    level = entry.get("VC_LEVEL")
    if (entry["VC_COMPONENT"] != component or entry.get("SYSLOG_IDENTIFIER") != ident
            or entry.get("PRIORITY") != priority.get(level)
            or entry.get("_TRANSPORT") != "journal"
            or not str(entry.get("MESSAGE", "")).startswith(component + " ")):
        bad.append(line.strip()[:300])
    seen.setdefault(unit, set()).add(level)
missing = [u for u in want if "info" not in seen.get(u, ())]
if "warn" not in seen.get("vc-data.service", ()):
    missing.append("vc-data.service warn")
if bad or missing:
    print("missing:", missing, "bad:", bad[:3])
    sys.exit(1)
print("; ".join("%s: %s" % (u, ",".join(sorted(seen[u]))) for u in want))
EOF
); then
    pass "journalctl -o json: VC_COMPONENT, VC_LEVEL, PRIORITY, SYSLOG_IDENTIFIER on every line ($out)"
else fail "journal fields: $out"; fi
warns=$(inside journalctl --no-pager -o cat VC_COMPONENT=data VC_LEVEL=warn 2>&1)
# vc-data started while the broker was away warned that no broker answered
grep -q "^data data: no answer from a broker" <<< "$warns" && ! grep -q "registered with broker" <<< "$warns" \
    && pass "journalctl VC_COMPONENT=data VC_LEVEL=warn: $(head -1 <<< "$warns")" \
    || fail "journalctl VC_COMPONENT=data VC_LEVEL=warn: $warns"
sample=$(grep -m1 '"VC_COMPONENT":"data"' "$TEST_TMP/journal.json")
echo "# a line of vc-data in the journal: $(python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print({k: e[k] for k in ("MESSAGE","PRIORITY","SYSLOG_IDENTIFIER","VC_COMPONENT","VC_LEVEL","_SYSTEMD_UNIT")})' "$sample" 2>&1)"

echo "# systemd test: $(elapsed)"
echo "$TEST_PASSES passed, $TEST_FAILURES failed"
[ "$TEST_FAILURES" -eq 0 ]
