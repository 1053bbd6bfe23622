#!/usr/bin/env bash
# test_containers - the container deployment built and run for real with
# podman (runc, cgroupfs, explicit ulimits, no registry): a Debian 12 base
# image made locally (debootstrap --variant=minbase bookworm, imported and
# tagged docker.io/library/debian:12; cached), the project's image built
# from deploy/Dockerfile (its build stage makes the Debian packages, its
# runtime stage installs them with apt into a clean Debian 12), the
# packages checked with lintian and their dependencies and files; then the
# services of deploy/compose.yaml started as the same containers on a
# podman network of the run's own, sign up, sign in, lookups and monitor
# events across the containers, a data container killed and seen coming
# back by its restart policy, and the packages purged.
# Images and the base image are cached in $VC_CONTAINER_CACHE (default
# /var/cache/vcovid-test) between runs. Prints SKIP: and exits 77 only
# where podman cannot run a container at all.
set -u
VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
CACHE=${VC_CONTAINER_CACHE:-/var/cache/vcovid-test}
RUN=vct$$
TEST_TMP=$(mktemp -d /tmp/vc-containers.XXXXXX)
TEST_PASSES=0
TEST_FAILURES=0
STARTED=$(date +%s)
pass () { TEST_PASSES=$((TEST_PASSES + 1)); echo "ok - $*"; }
fail () { TEST_FAILURES=$((TEST_FAILURES + 1)); echo "FAILED - $*"; }
elapsed () { echo "$(( $(date +%s) - STARTED )) s"; }

if ! command -v podman > /dev/null || [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: podman is not installed or this is not root"; exit 77
fi
mkdir -p "$CACHE"
# Storage of its own (cached images), runc and cgroupfs, limits on every run
pm () {
    podman --root "$CACHE/storage" --runroot /run/vcovid-test --runtime runc \
           --cgroup-manager=cgroupfs "$@"
}
LIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
IMAGE=localhost/vcovid:$RUN
BUILD_IMAGE=localhost/vcovid-build:$RUN
NET=$RUN-net

cleanup () {
    for c in $(pm ps -a --format '{{.Names}}' 2>/dev/null | grep "^$RUN-"); do pm rm -f -t 0 "$c" > /dev/null 2>&1; done
    pm network rm -f "$NET" > /dev/null 2>&1
    for v in $(pm volume ls --format '{{.Name}}' 2>/dev/null | grep "^${RUN}_"); do pm volume rm -f "$v" > /dev/null 2>&1; done
    # The run's names go; the images stay under their cache names, with
    # their layers (removing them would drop the build cache)
    pm untag "$IMAGE" > /dev/null 2>&1
    pm untag "$BUILD_IMAGE" > /dev/null 2>&1
    if [ "$TEST_FAILURES" -ne 0 ]; then
        for log in "$TEST_TMP"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 40 "$log"; }; done
    fi
    rm -rf "$TEST_TMP"
}
trap cleanup EXIT

# --- the base image: debootstrap once, then from the cached tarball ---------
base_image () {
    pm image exists docker.io/library/debian:12 && return 0
    local tarball=$CACHE/debian-12-minbase.tar root
    if [ ! -s "$tarball" ]; then
        root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
        echo "# debootstrap --variant=minbase bookworm (first run only)"
        debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian \
            > "$TEST_TMP/debootstrap.log" 2>&1 || { rm -rf "$root"; return 1; }
        tar -C "$root" -c . > "$tarball.tmp" && mv "$tarball.tmp" "$tarball"
        rm -rf "$root"
    fi
    pm import "$tarball" localhost/deb12 > /dev/null && pm tag localhost/deb12 docker.io/library/debian:12
}
if (flock 9; base_image) 9> "$CACHE/base.lock"; then
    pass "base image docker.io/library/debian:12 (debootstrap minbase bookworm) ($(elapsed))"
else
    fail "no base image: $(tail -5 "$TEST_TMP/debootstrap.log" 2>/dev/null)"; exit 1
fi
if ! out=$(pm run --rm --pull=never "${LIMITS[@]}" docker.io/library/debian:12 true 2>&1); then
    echo "SKIP: podman cannot run a container here: $out"; exit 77
fi

# --- the project's image: packages built, then installed with apt ------------
build () {
    pm build --pull=never "${LIMITS[@]}" --ignorefile "$VC_SOURCE/deploy/Dockerfile.dockerignore" \
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
dpkg --purge vcovid-server > /dev/null
test ! -e /var/lib/vcovid/auth
test ! -e /usr/bin/vc-broker
echo installed-ok'
if out=$(pm run --rm --pull=never "${LIMITS[@]}" --image-volume=ignore --user root --entrypoint sh "$IMAGE" \
              -c "$check_installed" 2>&1) \
&& grep -q installed-ok <<< "$out"; then
    pass "installed from the packages: programs, man pages, units with /usr paths, data, user vcovid, state folders 0750; purge removes them"
else fail "installed files: $out"; fi

# --- compose's services as containers on a network of the run's own ----------
COMPOSE=$VC_SOURCE/deploy/compose.yaml
SUBNET=10.$(( 90 + $$ % 60 )).$(( $$ / 60 % 250 )).0/24
PREFIX=${SUBNET%.0/24}
BROKER_IP=$PREFIX.10
pm network create --subnet "$SUBNET" "$NET" > /dev/null || { fail "cannot create network $NET"; exit 1; }
for volume in $(python3 "$VC_SOURCE/tests/deploy/compose_to_podman.py" "$COMPOSE" "$RUN" --volumes); do
    pm volume create "$volume" > /dev/null
done
# start SERVICE: podman run with the compose file's settings for SERVICE.
start () {
    local service=$1 args=() arg ip=()
    while IFS= read -r arg; do
        [ "$arg" = IMAGE ] && arg=$IMAGE
        args+=("$arg")
    done < <(python3 "$VC_SOURCE/tests/deploy/compose_to_podman.py" "$COMPOSE" "$RUN" "$service")
    [ "$service" = broker ] && ip=(--ip "$BROKER_IP")
    pm run -d --pull=never "${LIMITS[@]}" --name "$RUN-$service" --network "$NET" "${ip[@]}" \
       --add-host "broker:$BROKER_IP" "${args[@]}" > /dev/null
}
for service in $(python3 "$VC_SOURCE/tests/deploy/compose_to_podman.py" "$COMPOSE" "$RUN" --services); do
    start "$service" || fail "cannot start $service"
done
# cli ARGS...: vc-cli in a container of its own on the network, with the
# broker's public certificate from the shared volume.
cli () {
    pm run --rm --pull=never "${LIMITS[@]}" --network "$NET" --add-host "broker:$BROKER_IP" \
       --volume "${RUN}_public:/var/lib/vcovid/public:ro" --env VC_SERVER=tcp://broker:5555 \
       --env VC_EVENTS=tcp://broker:5558 --env VC_SERVER_KEY_FILE=/var/lib/vcovid/public/broker.cert \
       "$IMAGE" cli --timeout=3000 "$@"
}
wait_for () {
    local limit=$1 end; shift
    end=$(( $(date +%s) + limit ))
    while [ "$(date +%s)" -lt "$end" ]; do "$@" > /dev/null 2>&1 && return 0; sleep 1; done
    return 1
}
for service in auth data scraper; do
    wait_for 90 cli ping "$service" && pass "$service container registered with the broker container (CURVE)" \
                                     || fail "$service did not register"
done
pm run -d --pull=never "${LIMITS[@]}" --name "$RUN-monitor" --network "$NET" --add-host "broker:$BROKER_IP" \
   --env VC_EVENTS=tcp://broker:5558 "$IMAGE" cli watch > /dev/null
sleep 2
out=$(cli signup alice 'a long password here' 2>&1) && pass "sign up across containers" || fail "sign up: $out"
out=$(cli --user alice --password 'a long password here' lookup hcm 15-12-2021 2>&1)
grep -q "1.270" <<< "$out" && pass "sign in and lookup across containers: $out" || fail "lookup: $out"
out=$(cli --user alice --password 'wrong password!' lookup hcm 2>&1)
[ $? -ne 0 ] && pass "a wrong password is refused" || fail "wrong password accepted: $out"
wait_for 10 sh -c "podman --root '$CACHE/storage' --runroot /run/vcovid-test logs $RUN-monitor 2>&1 | grep -q data.lookup"
events=$(pm logs "$RUN-monitor" 2>&1)
missing=""
for topic in auth.register auth.login auth.login_failed data.lookup client.connect; do
    grep -q "$topic" <<< "$events" || missing="$missing $topic"
done
[ -z "$missing" ] && pass "the monitor container saw the events of the others" || fail "monitor lacks$missing: $(tail -5 <<< "$events")"

# --- a container dies and comes back (restart: on-failure) ------------------
pid=$(pm inspect -f '{{.State.Pid}}' "$RUN-data")
before=$(pm inspect -f '{{.RestartCount}}' "$RUN-data")
kill -KILL "$pid"
if wait_for 60 sh -c "[ \$(podman --root '$CACHE/storage' --runroot /run/vcovid-test inspect -f '{{.RestartCount}}' $RUN-data) -gt $before ]" \
&& wait_for 60 cli ping data; then
    pass "data killed (SIGKILL): restarted by its policy and serving again"
else fail "data did not come back: $(pm ps -a --filter name=$RUN-data 2>&1 | tail -1)"; fi
out=$(cli --user alice --password 'a long password here' lookup "ha noi" 15-12-2021 2>&1)
[ $? -eq 0 ] && pass "lookups after the restart: $out" || fail "lookup after restart: $out"
wait_for 10 sh -c "podman --root '$CACHE/storage' --runroot /run/vcovid-test logs $RUN-monitor 2>&1 | grep -q service.lost"
pm logs "$RUN-monitor" 2>&1 | grep -q "service.lost" && pass "the monitor saw service.lost" || fail "no service.lost event"

for c in broker auth data scraper; do pm logs "$RUN-$c" > "$TEST_TMP/$c.log" 2>&1; done
echo "# container test: $(elapsed)"
echo "$TEST_PASSES passed, $TEST_FAILURES failed"
[ "$TEST_FAILURES" -eq 0 ]
