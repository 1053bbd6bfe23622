#!/usr/bin/env bash
# test_containers - the container deployment built and run for real with
# podman (runc, cgroupfs, explicit ulimits, no registry): a Debian 12 base
# image made locally (debootstrap --variant=minbase bookworm, imported and
# tagged docker.io/library/debian:12; cached), the project's image built
# from deploy/Dockerfile (its build stage makes the Debian packages, its
# runtime stage installs them with apt into a clean Debian 12), the
# packages checked with lintian and their dependencies and files; then
# deploy/compose.yaml run by podman-compose on a network of the run's own
# (netavark, whose aardvark-dns resolves the service names): sign up, sign
# in, lookups and monitor events across the containers, a data container
# killed and seen coming back by its restart policy, and the packages
# purged. Then the "postgresql" profile with compose.postgresql.yaml: a db
# container built from the same Debian base with postgresql-15
# (tests/deploy/postgres/), auth, data and scraper on it, sign up, sign in,
# lookups; the db container killed with SIGKILL: clear 503s meanwhile, then
# recovery without restarting the services.
# Images and the base image are cached in $VC_CONTAINER_CACHE (default
# /var/cache/vcovid-test) between runs. Prints SKIP: and exits 77 only
# where podman cannot run a container at all.
set -u
VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
RUN=vct$$
TEST_TMP=$(mktemp -d /tmp/vc-containers.XXXXXX)
source "$VC_SOURCE/tests/deploy/podman_lib.sh"
for tool in podman-compose /usr/lib/podman/netavark /usr/lib/podman/aardvark-dns; do
    command -v "$tool" > /dev/null \
        || { echo "FAILED - $tool is not installed (scripts/packages.txt)"; exit 1; }
done
# Builds use the host's network, the rest networks of the run.
IMAGE=localhost/vcovid:$RUN
BUILD_IMAGE=localhost/vcovid-build:$RUN
DB_IMAGE=localhost/vcovid-postgres:$RUN
NET=$RUN-net

cleanup () {
    for c in $(pm ps -a --format '{{.Names}}' 2>/dev/null | grep "^$RUN[-_p]"); do pm rm -f -t 0 "$c" > /dev/null 2>&1; done
    pm network rm -f "$NET" > /dev/null 2>&1
    pm network rm -f "$NET-pg" > /dev/null 2>&1
    for v in $(pm volume ls --format '{{.Name}}' 2>/dev/null | grep "^${RUN}p\?_"); do pm volume rm -f "$v" > /dev/null 2>&1; done
    # The run's names go (untag with no name would remove every name,
    # the cache's too); the images stay under their cache names, with
    # their layers (removing them would drop the build cache)
    pm untag "$IMAGE" "$IMAGE" > /dev/null 2>&1
    pm untag "$BUILD_IMAGE" "$BUILD_IMAGE" > /dev/null 2>&1
    pm untag "$DB_IMAGE" "$DB_IMAGE" > /dev/null 2>&1
    # Earlier builds that lost their cache names to newer ones are of no
    # further use: remove those older than two hours (not a build under way)
    pm image prune -f --filter until=2h > /dev/null 2>&1
    if [ "$TEST_FAILURES" -ne 0 ]; then
        for log in "$TEST_TMP"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 40 "$log"; }; done
    fi
    rm -rf "$TEST_TMP"
}
trap cleanup EXIT

# --- the base image (podman_lib.sh) ---------------------------------------
if base_image; then
    pass "base image docker.io/library/debian:12 (debootstrap minbase bookworm) ($(elapsed))"
else
    fail "no base image: $(tail -5 "$TEST_TMP/debootstrap.log" 2>/dev/null)"; exit 1
fi
if ! out=$(pm run --rm --pull=never --network none "${LIMITS[@]}" docker.io/library/debian:12 true 2>&1); then
    echo "SKIP: podman cannot run a container here: $out"; exit 77
fi

# --- the project's image: packages built, then installed with apt ------------
build () {
    pm build --network host --pull=never "${LIMITS[@]}" --ignorefile "$VC_SOURCE/deploy/Dockerfile.dockerignore" \
       --build-arg DEBIAN_IMAGE=docker.io/library/debian:12 -f "$VC_SOURCE/deploy/Dockerfile" "$@" "$VC_SOURCE"
}
if build -t localhost/vcovid:cache -t "$IMAGE" > "$TEST_TMP/build.log" 2>&1; then
    pass "image built from deploy/Dockerfile ($(elapsed))"
else
    fail "image build failed"; exit 1
fi
build --target build -t localhost/vcovid-build:cache -t "$BUILD_IMAGE" > "$TEST_TMP/build-stage.log" 2>&1
mkdir -p "$TEST_TMP/debs"
cid=$(pm create "$BUILD_IMAGE" true) && pm cp "$cid:/out/." "$TEST_TMP/debs/" && pm rm -f "$cid" > /dev/null
ls "$TEST_TMP"/debs/vcovid-server_*.deb "$TEST_TMP"/debs/vcovid-client_*.deb "$TEST_TMP"/debs/vcovid-common_*.deb \
    > /dev/null 2>&1 && pass "packages: vcovid-server, vcovid-client, vcovid-common" || fail "packages missing: $(ls "$TEST_TMP/debs")"
if command -v lintian > /dev/null; then
    if out=$(lintian --fail-on error "$TEST_TMP"/debs/*.deb 2>&1); then
        pass "lintian: no errors ($(grep -c '^W:' <<< "$out") warnings)"
    else fail "lintian: $(grep '^E:' <<< "$out" | head -10)"; fi
else fail "lintian is not installed"; fi
depends=$(dpkg-deb -f "$TEST_TMP"/debs/vcovid-server_*.deb Depends)
for lib in libzmq5 libczmq4 libsodium23 libsqlite3-0 libmicrohttpd12 libsystemd0 adduser; do
    grep -q "$lib" <<< "$depends" || missing="${missing:-} $lib"
done
[ -z "${missing:-}" ] && pass "vcovid-server depends on its libraries (dpkg-shlibdeps) and adduser" \
                      || fail "vcovid-server Depends lacks$missing: $depends"

# --- installed from the packages: files, user, folders, purge ----------------
check_installed='
set -e
dpkg -s vcovid-server vcovid-client vcovid-common > /dev/null
for p in vc-broker vc-auth-svc vc-data-svc vc-scraper-svc vc-keygen vc-cli; do
    test -x /usr/bin/$p; test -s /usr/share/man/man1/$p.1.gz
    zcat /usr/share/man/man1/$p.1.gz | grep -q "^\.SH OPTIONS" || zcat /usr/share/man/man1/$p.1.gz | grep -q "^\.SH DESCRIPTION"
done
grep -qx "ExecStart=/usr/bin/vc-auth-svc" /lib/systemd/system/vc-auth.service
grep -q "^Type=notify" /lib/systemd/system/vc-data.service
grep -q "VC_DATA_DIR=/usr/share/vcovid/data" /lib/systemd/system/vc-data.service
test -s /usr/share/vcovid/data/sources.conf
getent passwd vcovid | grep -q nologin
test "$(stat -c %U:%a /var/lib/vcovid/auth)" = vcovid:750
test "$(stat -c %U:%a /var/lib/vcovid/cases)" = vcovid:750
grep -q "127.0.0.1" /etc/vcovid/vcovid.env
test -s /usr/share/doc/vcovid-server/copyright
# The image dropped the keys the package made: its postinst makes them again
test ! -e /etc/vcovid/auth.cert_secret
/var/lib/dpkg/info/vcovid-server.postinst configure
grep -qx "VC_WORKER_KEYS=/etc/vcovid/services" /etc/vcovid/vcovid.env
for s in auth data scraper; do
    grep -qx "Environment=VC_SERVICE_CERT=/etc/vcovid/$s.cert" /lib/systemd/system/vc-$s.service
    test "$(stat -c %U:%G:%a /etc/vcovid/$s.cert_secret)" = root:vcovid:640
    cmp -s /etc/vcovid/$s.cert /etc/vcovid/services/$s.cert
done
test "$(ls /etc/vcovid/services | wc -l)" = 3
dpkg --purge vcovid-server > /dev/null
test ! -e /var/lib/vcovid/auth
test ! -e /etc/vcovid/services
test ! -e /usr/bin/vc-broker
echo installed-ok'
if out=$(pm run --rm --pull=never --network none "${LIMITS[@]}" --image-volume=ignore --user root --entrypoint sh "$IMAGE" \
              -c "$check_installed" 2>&1) \
&& grep -q installed-ok <<< "$out"; then
    pass "installed from the packages: programs, man pages, units with /usr paths, data, user vcovid, state folders 0750, a key pair per service admitted by the broker's settings; purge removes them"
else fail "installed files: $out"; fi

# --- compose.yaml run by podman-compose, on a network of the run's own -------
# The test's copy of the compose files (compose_for_test.py: its image, no
# published ports, its secret, its network); names resolve through
# aardvark-dns, so the services reach "broker" and "db" as in compose.
SECRET=$TEST_TMP/db-password
head -c 24 /dev/urandom | base64 > "$SECRET" && chmod 0644 "$SECRET"
printf '#!/bin/sh\nexec %s "$@"\n' "$(printf '%q ' "${PODMAN[@]}")" > "$TEST_TMP/podman"
chmod 0755 "$TEST_TMP/podman"
# compose_up PROJECT NETWORK SUBNET_INDEX FILE... -- SERVICE...: the files
# rewritten for the test, the network made, podman-compose up -d.
compose_up () {
    local project=$1 net=$2 index=$3 files=() args=() f; shift 3
    while [ "$1" != -- ]; do files+=("$1"); shift; done; shift
    mkdir -p "$TEST_TMP/$project"
    pm network create --subnet "10.$(( 90 + $$ % 60 )).$(( ($$ / 60 + index) % 250 )).0/24" "$net" > /dev/null \
        || return 1
    while IFS= read -r f; do args+=(-f "$f"); done < <(python3 "$VC_SOURCE/tests/deploy/compose_for_test.py" \
        "$TEST_TMP/$project" "$IMAGE" "$DB_IMAGE" "$net" "$SECRET" "${files[@]}")
    COMPOSE_ARGS=(--podman-path "$TEST_TMP/podman" --podman-run-args="--pull=never ${LIMITS[*]}"
                  -p "$project" "${args[@]}")
    podman-compose "${COMPOSE_ARGS[@]}" up -d --no-build "$@" > "$TEST_TMP/$project-up.log" 2>&1 || return 1
    # podman-compose 1.0 says nothing when a container cannot start (no
    # iptables for netavark, say): each must be running, or its error is told
    local stopped
    stopped=$(comm -23 <(pm ps -a --filter "name=^${project}_" --format '{{.Names}}' | sort) \
                       <(pm ps --filter "name=^${project}_" --format '{{.Names}}' | sort))
    [ -z "$stopped" ] && return 0
    echo "not running: $stopped" >> "$TEST_TMP/$project-up.log"
    return 1
}
# kill_container NAME: SIGKILL to the container's main process; 1 if it has
# none (a pid of 0 would be this test's own process group)
kill_container () {
    local pid
    pid=$(pm inspect -f '{{.State.Pid}}' "$1" 2>/dev/null)
    [[ "$pid" =~ ^[1-9][0-9]*$ ]] || { echo "$1 has no running process (pid '$pid')"; return 1; }
    kill -KILL "$pid"
}
# cli PROJECT NETWORK ARGS...: vc-cli in a container of its own on the
# network, with the broker's public certificate from the project's volume.
cli () {
    local project=$1 net=$2; shift 2
    pm run --rm --pull=never "${LIMITS[@]}" --network "$net" \
       --volume "${project}_public:/var/lib/vcovid/public:ro" --env VC_SERVER=tcp://broker:5555 \
       --env VC_EVENTS=tcp://broker:5558 --env VC_SERVER_KEY_FILE=/var/lib/vcovid/public/broker.cert \
       "$IMAGE" cli --timeout=3000 "$@"
}
wait_for () {
    local limit=$1 end; shift
    end=$(( $(date +%s) + limit ))
    while [ "$(date +%s)" -lt "$end" ]; do "$@" > /dev/null 2>&1 && return 0; sleep 1; done
    return 1
}
logs () { pm logs "$1" 2>&1; }
# restarted CONTAINER COUNT: its restart count went past COUNT
restarted () { [ "$(pm inspect -f '{{.RestartCount}}' "$1")" -gt "$2" ]; }

# --- the default services: broker, auth, data, scraper (SQLite stores) -------
P=$RUN
if compose_up "$P" "$NET" 0 "$VC_SOURCE/deploy/compose.yaml" -- broker auth data scraper; then
    pass "podman-compose up: broker, auth, data, scraper ($(elapsed))"
else fail "podman-compose up: $(tail -5 "$TEST_TMP/$P-up.log")"; fi
for service in auth data scraper; do
    wait_for 90 cli "$P" "$NET" ping "$service" \
        && pass "$service container registered with the broker container by its name (aardvark-dns, CURVE)" \
        || fail "$service did not register"
done
# A container on the network with the broker's public key but no service
# key (as any host reaching 5556 could have) cannot register as data.
pm run -d --pull=never "${LIMITS[@]}" --name "$RUN-rogue" --network "$NET" \
   --volume "${P}_public:/var/lib/vcovid/public:ro" --env VC_BACKEND=tcp://broker:5556 \
   --env VC_EVENTS_IN=tcp://broker:5557 --env VC_EVENTS_OUT=tcp://broker:5558 \
   --env VC_SERVER_KEY_FILE=/var/lib/vcovid/public/broker.cert "$IMAGE" data > /dev/null
if wait_for 20 bash -c "$(declare -f pm); $(declare -p PODMAN); pm logs ${P}_broker_1 2>&1 | grep -q 'refused a service from'"; then
    pass "a data container without a service key is refused by the broker"
else fail "no refusal of the keyless data container in the broker's log"; fi
out=$(cli "$P" "$NET" --raw services 2>&1)
grep -q '"name"=>"data", "instances"=>1' <<< "$out" && pass "the keyless container did not join data" \
    || fail "services with the keyless container: $(head -c 300 <<< "$out")"
pm rm -f -t 0 "$RUN-rogue" > /dev/null 2>&1
pm run -d --pull=never "${LIMITS[@]}" --name "$RUN-monitor" --network "$NET" \
   --env VC_EVENTS=tcp://broker:5558 "$IMAGE" cli watch > /dev/null
sleep 2
out=$(cli "$P" "$NET" signup alice 'a long password here' 2>&1) && pass "sign up across containers" || fail "sign up: $out"
out=$(cli "$P" "$NET" --user alice --password 'a long password here' lookup hcm 15-12-2021 2>&1)
grep -q "1.270" <<< "$out" && pass "sign in and lookup across containers: $out" || fail "lookup: $out"
out=$(cli "$P" "$NET" --user alice --password 'wrong password!' lookup hcm 2>&1)
[ $? -ne 0 ] && pass "a wrong password is refused" || fail "wrong password accepted: $out"
wait_for 10 bash -c "$(declare -f pm); $(declare -p PODMAN); pm logs $RUN-monitor 2>&1 | grep -q data.lookup"
events=$(logs "$RUN-monitor")
missing=""
for topic in auth.register auth.login auth.login_failed data.lookup client.connect; do
    grep -q "$topic" <<< "$events" || missing="$missing $topic"
done
[ -z "$missing" ] && pass "the monitor container saw the events of the others" || fail "monitor lacks$missing: $(tail -5 <<< "$events")"

# A container dies and comes back (restart: on-failure)
DATA=${P}_data_1
before=$(pm inspect -f '{{.RestartCount}}' "$DATA")
kill_container "$DATA" || fail "data cannot be killed"
if wait_for 60 restarted "$DATA" "$before" && wait_for 60 cli "$P" "$NET" ping data; then
    pass "data killed (SIGKILL): restarted by its policy and serving again"
else fail "data did not come back: $(pm ps -a --filter name="$DATA" 2>&1 | tail -1)"; fi
out=$(cli "$P" "$NET" --user alice --password 'a long password here' lookup "ha noi" 15-12-2021 2>&1)
[ $? -eq 0 ] && pass "lookups after the restart: $out" || fail "lookup after restart: $out"
wait_for 10 bash -c "$(declare -f pm); $(declare -p PODMAN); pm logs $RUN-monitor 2>&1 | grep -q service.lost"
logs "$RUN-monitor" | grep -q "service.lost" && pass "the monitor saw service.lost" || fail "no service.lost event"
for c in broker auth data scraper; do logs "${P}_${c}_1" > "$TEST_TMP/$c.log"; done
podman-compose "${COMPOSE_ARGS[@]}" down > /dev/null 2>&1
pm rm -f -t 0 "$RUN-monitor" > /dev/null 2>&1

# --- the "postgresql" profile: db (PostgreSQL 15 from the Debian base) -------
# podman-compose 1.0 has no profiles: the db service is simply started with
# the others. Its image is built from the test's own base with Debian's
# postgresql-15 (tests/deploy/postgres/), cached like the others.
if pm build --network host --pull=never "${LIMITS[@]}" --build-arg DEBIAN_IMAGE=docker.io/library/debian:12 \
        -t localhost/vcovid-postgres:cache -t "$DB_IMAGE" "$VC_SOURCE/tests/deploy/postgres" \
        > "$TEST_TMP/db-build.log" 2>&1; then
    pass "db image: postgresql-15 on the Debian 12 base ($(elapsed))"
else fail "db image build failed: $(tail -5 "$TEST_TMP/db-build.log")"; fi
P=${RUN}p
PNET=$NET-pg
if compose_up "$P" "$PNET" 1 "$VC_SOURCE/deploy/compose.yaml" "$VC_SOURCE/deploy/compose.postgresql.yaml" --; then
    pass "podman-compose up with compose.postgresql.yaml: db, broker, auth, data, scraper ($(elapsed))"
else fail "podman-compose up (postgresql): $(tail -5 "$TEST_TMP/$P-up.log")"; fi
for service in auth data scraper; do
    wait_for 120 cli "$P" "$PNET" ping "$service" \
        && pass "$service on PostgreSQL registered" || fail "$service on PostgreSQL did not register"
done
# The data service seeds the shared database with the whole series under the
# database's migration lock; auth, whose first try may have come before db
# was up, opens its store in the background and answers 503 "store
# unavailable" at once until then. So the first sign-up comes once data has
# copied the shared store into memory (its line "copied the shared store into
# memory"; its earlier line "case store ADDRESS" comes before the database
# answers, and a lookup then is answered 503 "store unavailable"), and is made
# again, as a person would, while it is answered 503.
data_store_open () { logs "${P}_data_1" | grep -q 'copied the shared store into memory'; }
wait_for 120 data_store_open \
    || fail "data did not copy the shared store into memory: $(logs "${P}_data_1" | grep -m2 -i 'store\|db')"
U=(--user bob --password 'another long password')
for try in $(seq 30); do
    out=$(cli "$P" "$PNET" signup bob 'another long password' 2>&1) && break
    grep -qi "store unavailable" <<< "$out" || break
    sleep 1
done
grep -q "account created" <<< "$out" && pass "sign up into PostgreSQL (try $try): $out" || fail "sign up (try $try): $out"
for service in auth data; do
    logs "${P}_${service}_1" | grep -q "connected to PostgreSQL [0-9]* on db" \
        && pass "$service uses the db container" || fail "$service: $(logs "${P}_${service}_1" | grep -m2 -i 'store\|db')"
done
out=$(cli "$P" "$PNET" "${U[@]}" lookup hcm 15-12-2021 2>&1)
grep -q "1.270" <<< "$out" && pass "sign in and lookup on PostgreSQL: $out" || fail "lookup: $out"

# kill -9 of the db container: clear 503s, then recovery without restarts
# (the services may have been restarted at first, while db was starting)
DB=${P}_db_1
declare -A RESTARTS
for service in auth data scraper; do RESTARTS[$service]=$(pm inspect -f '{{.RestartCount}}' "${P}_${service}_1"); done
before=$(pm inspect -f '{{.RestartCount}}' "$DB")
kill_container "$DB" || fail "db cannot be killed"
start=$(date +%s%3N)
out=$(cli "$P" "$PNET" signup carol 'a third long password' 2>&1); rc=$?
took=$(( $(date +%s%3N) - start ))
if [ "$rc" -ne 0 ] && grep -qi "503\|store unavailable" <<< "$out"; then
    pass "db killed (SIGKILL): a sign-up is answered in $took ms: $out"
else fail "sign-up while db is down: exit $rc in $took ms: $out"; logs "${P}_auth_1" | tail -8; fi
start=$(date +%s%3N)
out=$(cli "$P" "$PNET" --timeout=15000 "${U[@]}" lookup "ha noi" 15-12-2021 2>&1)
took=$(( $(date +%s%3N) - start ))
grep -qi "store unavailable\|Hà Nội" <<< "$out" && pass "sign-in and lookup while db is down or coming back, in $took ms: $out" \
    || { fail "sign-in and lookup while db is down: $out"; logs "${P}_auth_1" | tail -8; }
wait_for 60 restarted "$DB" "$before" && pass "db restarted by its policy" || fail "db did not restart"
if wait_for 60 cli "$P" "$PNET" signup carol 'a third long password'; then
    pass "sign-ups succeed again once db is back ($(( $(date +%s%3N) - start )) ms after the kill)"
else fail "no recovery: $(cli "$P" "$PNET" signup carol 'a third long password' 2>&1)"; fi
out=$(cli "$P" "$PNET" "${U[@]}" lookup hcm 15-12-2021 2>&1)
grep -q "1.270" <<< "$out" && pass "bob signs in again: the account survived the crash" || fail "after recovery: $out"
for service in auth data scraper; do
    [ "$(pm inspect -f '{{.RestartCount}}' "${P}_${service}_1")" -eq "${RESTARTS[$service]}" ] \
        && pass "$service recovered without a restart" || fail "$service was restarted"
done
for c in db broker auth data scraper; do logs "${P}_${c}_1" > "$TEST_TMP/pg-$c.log"; done
podman-compose "${COMPOSE_ARGS[@]}" down > /dev/null 2>&1

echo "# container test: $(elapsed)"
echo "$TEST_PASSES passed, $TEST_FAILURES failed"
[ "$TEST_FAILURES" -eq 0 ]
