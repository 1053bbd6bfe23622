#!/usr/bin/env bash
# test_netns - the system across hosts: the broker, a PostgreSQL database
# host, two auth hosts, two data hosts, a scraper host, a client and a
# monitor each run in their own network namespace (own address on a private
# bridge, 10.77.0.0/24, that exists only inside these namespaces). The
# services keep accounts and cases in PostgreSQL on the database host
# (TLS, sslmode=verify-full against the run's own CA, the password in a
# file), as the commented lines of deploy/vcovid.env.example say: sign up
# through one auth host, sign in through the other, an account in use on
# one host is refused on the other, and the scraper's import is answered
# by both data hosts, neither of which runs the scraper. Each program runs the way its systemd unit in
# deploy/systemd would start it, with deploy/vcovid.env.example as the
# settings (so client and service links are CURVE-encrypted), and requests
# and events cross the "network". Then links are cut: a service host's link
# goes down (the broker reports service.lost and 'service unavailable'
# within the heartbeat timeout; when the link is back the service
# registers again and serves), and the client host's link goes down
# (client.lost). Finally the operator shuts the whole system down from the
# client host. The broker admits only the services' own keys, as the env
# file and the units set by default (VC_WORKER_KEYS, each unit's
# VC_SERVICE_CERT; no flag added here): a service started on the client
# host without one is refused. Needs root
# (ip netns); otherwise it ends as skipped (exit 77).
# Programs not built yet (auth, data, scraper) are skipped with a message;
# the test service vc-echo-svc then stands in on the data host.
set -u
VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
NETNS_PREFIX=vc
SUBNET=10.77.0
source "$(dirname "$0")/netns_lib.sh"
[ -x "$VC_BIN/vc-broker" ] && [ -x "$VC_BIN/vc-cli" ] || { echo "vc-broker or vc-cli missing in $VC_BIN"; exit 1; }

DB_DIR=$(mktemp -d /tmp/vc-netns-db.XXXXXX)     #  PostgreSQL's (owned by its user)
SERVICE_PIDS=()                         #  The services among them
TEST_SKIPS=0
SECONDS=0
DEADLINE=${VC_NETNS_DEADLINE:-240}      #  Whole test, seconds

cleanup () {
    netns_cleanup
    if [ "$TEST_FAILURES" -ne 0 ]; then
        netns_show_logs 30 "$TEST_TMP"/*.log "$TEST_TMP"/*/*.service.sh
        netns_show_logs 20 "$DB_DIR/server.log"
    fi
    rm -rf "$TEST_TMP" "$DB_DIR"
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 1' INT TERM

over_time () { [ "$SECONDS" -ge "$DEADLINE" ]; }

# check NAME EXPECTED_EXIT PATTERN COMMAND...: exit code and output pattern.
check () {
    local name=$1 want=$2 pattern=$3; shift 3
    local out rc
    out=$("$@" 2>&1); rc=$?
    if [ "$rc" -eq "$want" ] && grep -qE -- "$pattern" <<< "$out"; then
        pass "$name"
    else
        fail "$name (exit $rc, want $want; output: $(head -c 400 <<< "$out"))"
    fi
}

# --- the network: one bridge, one namespace per host -------------------------
netns_switch
BROKER_IP=$SUBNET.1
declare -A HOST_IP=([broker]=$SUBNET.1 [auth]=$SUBNET.2 [data]=$SUBNET.3 [scraper]=$SUBNET.4
                    [db]=$SUBNET.5 [auth2]=$SUBNET.6 [data2]=$SUBNET.7
                    [client]=$SUBNET.10 [monitor]=$SUBNET.11)
DB_IP=${HOST_IP[db]}
for role in broker auth data scraper db auth2 data2 client monitor; do
    add_hosts "$role:${HOST_IP[$role]##*.}"
done
pass "nine hosts on a bridge: broker $BROKER_IP, auth .2 and .6, data .3 and .7, scraper .4, database .5, client .10, monitor .11"

# --- keys, settings, and the broker -------------------------------------------
# Each host runs its programs as its systemd unit would: the unit's
# Environment= defaults, then the env file (deploy/vcovid.env.example with
# the broker's address filled in), then the unit's ExecStart. Installed
# paths map to this run's folders: /etc/vcovid (keys, shared here as if
# copied to every host), /var/lib/vcovid (one per host), the shipped data
# and the build's programs. The scraper reads the offline sources.
ETC=$TEST_TMP/etc
mkdir -p "$ETC"
"$VC_BIN/vc-keygen" --out="$ETC/broker.cert" > /dev/null || { fail "vc-keygen"; exit 1; }
(umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$ETC/operator.key")
KEY=$ETC/broker.cert
# Each service has its own certificate; the broker admits on its service
# port only the keys in $ETC/services: made as the package makes them at
# install (docs/deploy.md "Keys"), named by the units and the env file.
mkdir -p "$ETC/services"
for service in auth data scraper; do
    "$VC_BIN/vc-keygen" --out="$ETC/$service.cert" > /dev/null && cp "$ETC/$service.cert" "$ETC/services/" \
        || { fail "vc-keygen $service"; exit 1; }
done
SERVER=tcp://$BROKER_IP:5555
BACKEND=tcp://$BROKER_IP:5556

# --- the database host: PostgreSQL over TLS -----------------------------------
# A CA of the run's own signs the server's certificate (for DB_IP); the
# services get the CA (db-ca.pem) and the role's password (db-password)
# in /etc/vcovid, and check the server with sslmode=verify-full. Only TLS
# connections with a password from the subnet are let in (pg_hba.conf).
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/postgres" ] \
    || { fail "PostgreSQL is not installed (postgresql-15 in scripts/packages.txt)"; exit 1; }
pg_as () { runuser -u postgres -- "$@"; }
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=vcovid test CA $ID" \
    -keyout "$TEST_TMP/ca.key" -out "$ETC/db-ca.pem" > /dev/null 2>&1 \
&& openssl req -newkey rsa:2048 -nodes -subj "/CN=$DB_IP" -keyout "$DB_DIR/server.key" \
    -out "$TEST_TMP/server.csr" > /dev/null 2>&1 \
&& openssl x509 -req -in "$TEST_TMP/server.csr" -CA "$ETC/db-ca.pem" -CAkey "$TEST_TMP/ca.key" \
    -CAcreateserial -days 2 -extfile <(printf 'subjectAltName=IP:%s\n' "$DB_IP") \
    -out "$DB_DIR/server.crt" > /dev/null 2>&1 \
    || { fail "cannot make the database's certificates"; exit 1; }
(umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$ETC/db-password")
chmod 0755 "$DB_DIR"
chmod 0600 "$DB_DIR/server.key"
chown -R postgres: "$DB_DIR"
pg_as "$PG_BIN/initdb" -D "$DB_DIR/data" -U postgres --auth-local=trust --auth-host=reject \
    -E UTF8 --locale=C.UTF-8 > "$DB_DIR/initdb.log" 2>&1 || { fail "initdb: $(tail -3 "$DB_DIR/initdb.log")"; exit 1; }
echo "hostssl vcovid vcovid $SUBNET.0/24 scram-sha-256" > "$DB_DIR/data/pg_hba.conf.new"
cat "$DB_DIR/data/pg_hba.conf" >> "$DB_DIR/data/pg_hba.conf.new"
mv "$DB_DIR/data/pg_hba.conf.new" "$DB_DIR/data/pg_hba.conf" && chown postgres: "$DB_DIR/data/pg_hba.conf"
spawn db postgres runuser -u postgres -- "$PG_BIN/postgres" -D "$DB_DIR/data" -p 5432 -k "$DB_DIR" \
    -c listen_addresses="$DB_IP" -c ssl=on -c ssl_cert_file="$DB_DIR/server.crt" \
    -c ssl_key_file="$DB_DIR/server.key" -c logging_collector=off
db_admin () { on db runuser -u postgres -- "$PG_BIN/psql" -X -q -tA -v ON_ERROR_STOP=1 -h "$DB_DIR" -p 5432 -U postgres -d postgres -c "$1"; }
if wait_for 20 db_admin "SELECT 1" \
&& db_admin "CREATE ROLE vcovid LOGIN PASSWORD '$(cat "$ETC/db-password")'" > /dev/null \
&& db_admin "CREATE DATABASE vcovid OWNER vcovid" > /dev/null; then
    pass "PostgreSQL on the database host ${DB_IP}:5432, TLS only, role vcovid"
else
    fail "PostgreSQL did not start on the database host: $(tail -5 "$TEST_TMP/postgres.log")"; exit 1
fi
check "the database refuses a connection without TLS" 2 "no pg_hba.conf entry|SSL off" \
      on client env PGPASSWORD="$(cat "$ETC/db-password")" "$PG_BIN/psql" -X -tA \
      "postgresql://vcovid@$DB_IP:5432/vcovid?sslmode=disable&connect_timeout=3" -c "SELECT 1"

# host_sed ROLE: the sed program that maps installed paths for that host.
host_sed () {
    printf 's|/etc/vcovid|%s|g; s|/var/lib/vcovid|%s|g; s|/usr/local/share/vcovid/data|%s|g; ' \
           "$ETC" "$TEST_TMP/$1/var" "$VC_SOURCE/data"
    printf 's|/usr/local/bin/|%s/|g; s|broker[.]example[.]org|%s|g; s|/sources[.]conf$|/sources-offline.conf|; ' \
           "$VC_BIN" "$BROKER_IP"
    #  The stores on the database host: the env file's PostgreSQL lines
    printf 's|^#\\(VC_[A-Z]*_DB[A-Z_]*=\\)|\\1|; s|@D:5432/|@%s:5432/|' "$DB_IP"
}
# unit_script ROLE UNIT [EXTRA_ARGS...]: a script that runs the unit's program
# on that host the way systemd would (without its sandbox).
unit_script () {
    local role=$1 unit=$VC_SOURCE/deploy/systemd/$2 script=$TEST_TMP/$1/$2.sh; shift 2
    mkdir -p "$TEST_TMP/$role/var/auth" "$TEST_TMP/$role/var/cases"
    sed "$(host_sed "$role")" "$VC_SOURCE/deploy/vcovid.env.example" > "$TEST_TMP/$role/vcovid.env"
    {
        echo 'set -a'
        sed -n 's/^Environment=//p' "$unit" | tr ' ' '\n'
        echo ". $TEST_TMP/$role/vcovid.env"
        echo 'set +a; set -f'
        printf 'exec '
        awk '/^ExecStart=/ { on = 1; sub(/^ExecStart=/, "") }
             on { more = sub(/\\$/, ""); printf "%s ", $0; if (!more) on = 0 }' "$unit"
        [ $# -gt 0 ] && printf '%q ' "$@"
        echo
    } | sed "$(host_sed "$role")" > "$script"
    UNIT_SCRIPT=$script
}
# run_unit ROLE NAME UNIT [EXTRA_ARGS...]: start it on that host, clean environment.
run_unit () {
    local role=$1 name=$2 unit=$3; shift 3
    unit_script "$role" "$unit" "$@"
    spawn "$role" "$name" env -i PATH="$PATH" bash "$UNIT_SCRIPT"
}

run_unit broker broker vc-broker.service --services=auth,data,scraper,echo
BROKER_PID=$LAST_PID

# cli [FLAGS] COMMAND...: vc-cli on the client host, encrypted to the broker.
cli () { on client "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" "$@"; }

if wait_for 10 cli --timeout=500 ping; then
    pass "the client host reaches the broker host over the bridge"
else
    fail "broker on $BROKER_IP not reachable from the client host"; exit 1
fi
check "the client host is another host: nothing on its own loopback" 3 "cannot connect" \
      on client "$VC_BIN/vc-cli" --server=tcp://127.0.0.1:5555 --timeout=1000 ping
check "without the broker's public key the encrypted link refuses the client" 3 "cannot connect|not responding" \
      on client "$VC_BIN/vc-cli" --server="$SERVER" --timeout=1500 ping

# The monitor host watches every event.
spawn monitor watch "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" watch
WATCH_LOG=$TEST_TMP/watch.log
wait_for 5 grep -q "watching events" "$WATCH_LOG" || fail "watch did not start"
sleep 0.5

# --- the services, each on its own host --------------------------------------
# start_service ROLE SERVICE COMMAND...: start it on that host and wait until
# the broker routes to it.
start_service () {
    local role=$1 service=$2; shift 2
    "$@"
    SERVICE_PIDS+=("$LAST_PID")
    if wait_for 20 cli --timeout=1000 ping "$service"; then
        pass "$service on host ${HOST_IP[$role]} registered with the broker"
        return 0
    fi
    fail "$service on host ${HOST_IP[$role]} did not register"
    return 1
}
have () { [ -x "$VC_BIN/$1" ]; }

if have vc-auth-svc; then
    start_service auth auth run_unit auth auth vc-auth.service
else
    TEST_SKIPS=$((TEST_SKIPS + 1)); echo "SKIPPED (part) - vc-auth-svc not built yet: no sign-up / sign-in across hosts"
fi
if have vc-data-svc; then
    #  A store without the snapshot: the figures come from the scraper
    start_service data data run_unit data data vc-data.service --data-dir=
    CUT_SERVICE=data
    DATA_PID=$LAST_PID
    start_service data2 data run_unit data2 data2 vc-data.service --data-dir=
else
    TEST_SKIPS=$((TEST_SKIPS + 1)); echo "SKIPPED (part) - vc-data-svc not built yet: vc-echo-svc stands in on the data host, no lookups"
    start_service data echo spawn data echo env VC_SERVER_KEY_FILE="$KEY" VC_SERVICE_CERT="$ETC/data.cert" \
        "$VC_BIN/vc-echo-svc" --backend="$BACKEND"
    CUT_SERVICE=echo
fi
[ "$CUT_SERVICE" = echo ] && DATA_PID=$LAST_PID
# A host on the network that holds the broker's public key but no service
# key cannot pose as a service: refused in the handshake.
if have vc-auth-svc; then
    spawn client rogue env VC_SERVER_KEY_FILE="$KEY" "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=auth
    ROGUE_PID=$LAST_PID
    wait_for 10 grep -q "refused a service from ${HOST_IP[client]}" "$TEST_TMP/broker.log" \
        && pass "a service without an admitted key is refused from the client host" \
        || fail "no refusal of the client host's service in the broker log"
    check "the rogue did not join auth" 0 "\"name\"=>\"auth\", \"instances\"=>1" cli --raw services
    kill "$ROGUE_PID" 2> /dev/null
fi
INSTANCES=1; [ "$CUT_SERVICE" = data ] && INSTANCES=2
check "the broker lists the service of the data hosts" 0 "\"name\"=>\"$CUT_SERVICE\", \"instances\"=>$INSTANCES" \
      cli --raw services
wait_for 5 grep -qE "service.ready .*addr=${HOST_IP[data]} " "$WATCH_LOG" \
    && pass "service.ready carries the data host's address (${HOST_IP[data]})" \
    || fail "no service.ready from ${HOST_IP[data]} in the events"

# --- accounts and lookups across hosts ---------------------------------------
USER1=alice$ID
PASS1=a-long-password-$ID
if have vc-auth-svc; then
    check "sign up from the client host" 0 "account created" cli signup "$USER1" "$PASS1"
    check "the same name again is refused" 1 "taken|exists|conflict" cli signup "$USER1" "$PASS1"
    check "sign in with a wrong password is refused" 1 "unauthorised|wrong|invalid" \
          cli --user "$USER1" --password "not-the-password" ping
    check "sign in and ping" 0 "pong" cli --user "$USER1" --password "$PASS1" ping
fi
# --- a scrape seen by data hosts that run no scraper ----------------------------
if have vc-auth-svc && have vc-data-svc; then
    check "before the scrape: no figures in the shared store" 1 "no daily figures are stored yet" \
          cli --user "$USER1" --password "$PASS1" lookup "ho chi minh" 15/12/2021
fi
if have vc-scraper-svc; then
    start_service scraper scraper run_unit scraper scraper vc-scraper.service \
        --data-dir= --interval=0
    wait_for 60 grep -q "scrape.updated .*snapshot-timeline" "$WATCH_LOG" \
        && pass "the scraper host wrote the offline import to the database: scrape.updated" \
        || fail "no scrape.updated from the scraper host"
else
    TEST_SKIPS=$((TEST_SKIPS + 1)); echo "SKIPPED (part) - vc-scraper-svc not built yet: no scraper host"
fi
if have vc-scraper-svc && have vc-data-svc; then
    for role in data data2; do
        wait_for 20 bash -c "[ \$(grep -c 'copied the shared store' '$TEST_TMP/$role.log') -ge 2 ]" \
            && pass "the $role host (no scraper) copied the database again after the scrape" \
            || fail "the $role host did not copy the database again: $(grep -c 'copied the shared store' "$TEST_TMP/$role.log")"
    done
    answers=0
    for _ in 1 2 3 4; do
        cli --user "$USER1" --password "$PASS1" lookup "ho chi minh" 15/12/2021 2>&1 | grep -q "1.270" \
            && answers=$((answers + 1))
    done
    [ "$answers" -eq 4 ] && pass "the scraped figure from both data hosts: 4 of 4 lookups say 1.270" \
                         || fail "only $answers of 4 lookups had the scraped figure"
fi
if have vc-auth-svc && have vc-data-svc; then
    check "lookup of a province total across hosts" 0 "[0-9]" \
          cli --user "$USER1" --password "$PASS1" lookup "ha noi"
    check "lookup of a day across hosts" 0 "[0-9]" \
          cli --user "$USER1" --password "$PASS1" lookup "ho chi minh" 15/12/2021
    check "unknown province is a clear error" 1 "no province matches 'atlantis'" \
          cli --user "$USER1" --password "$PASS1" lookup "atlantis"
    wait_for 5 grep -qE "user=$USER1 " "$WATCH_LOG" \
        && pass "the monitor host sees the account's events" || fail "no events for $USER1"
elif [ "$CUT_SERVICE" = echo ]; then
    check "a request crosses client -> broker -> data host and back" 0 "across hosts" \
          cli call echo echo "text=across hosts"
fi
if have vc-scraper-svc; then
    check "the scraper host answers scrape-status" 0 '"running"=>' cli --raw scrape-status
fi
wait_for 5 grep -qE "client.connect .*addr=${HOST_IP[client]} " "$WATCH_LOG" \
    && pass "client.connect carries the client host's address (${HOST_IP[client]})" \
    || fail "no client.connect from ${HOST_IP[client]}"

# --- the second auth host: the account lives in the database -----------------
if have vc-auth-svc; then
    start_service auth2 auth run_unit auth2 auth2 vc-auth.service
    lost_before=$(grep -c "service.lost .*auth instance" "$WATCH_LOG")
    link auth down
    wait_for 10 bash -c "[ \$(grep -c 'service.lost .*auth instance' '$WATCH_LOG') -gt $lost_before ]" \
        || fail "no service.lost for the first auth host"
    check "sign in through the second auth host (the first cut off): the account signed up on the first" 0 "pong" \
          cli --user "$USER1" --password "$PASS1" ping
    check "a wrong password through the second auth host is refused" 1 "unauthorised|wrong|invalid" \
          cli --user "$USER1" --password "not-the-password" ping
    link auth up
    auth_twice () { cli --raw services 2>&1 | grep -q '"name"=>"auth", "instances"=>2'; }
    wait_for 20 auth_twice \
        && pass "the first auth host registered again: two auth instances" \
        || fail "the first auth host did not come back"
fi

# --- cut the data host's link ------------------------------------------------
# Heartbeat 1 s x liveness 3: the broker must notice within about 3 s; the
# bound below leaves room for a loaded machine.
LOST_LIMIT_MS=6000
# A slow service on the same host holds a request when the link goes down:
# the broker answers it 503 once the host is lost, long before the request
# could have been answered.
spawn data slowdata env VC_SERVER_KEY_FILE="$KEY" VC_SERVICE_CERT="$ETC/data.cert" \
    "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=slowdata
wait_for 20 cli --timeout=1000 ping slowdata || fail "slowdata on the data host did not register"
( started=$(now_ms)
  on monitor "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" --timeout=30000 \
     --raw call slowdata sleep ms:=20000 > "$TEST_TMP/inflight.out" 2>&1
  echo "exit=$? ms=$(( $(now_ms) - started ))" >> "$TEST_TMP/inflight.out" ) &
INFLIGHT_PID=$!
sleep 1
lost_before=$(grep -c "service.lost" "$WATCH_LOG")
start=$(now_ms)
link data down
wait_for 10 bash -c "[ \$(grep -c 'service.lost .*$CUT_SERVICE instance' '$WATCH_LOG') -gt $lost_before ]"
elapsed=$(( $(now_ms) - start ))
if [ "$elapsed" -lt "$LOST_LIMIT_MS" ]; then
    pass "data host cut off: service.lost after ${elapsed} ms"
else
    fail "data host cut off: no service.lost within ${LOST_LIMIT_MS} ms (${elapsed} ms)"
fi
if [ "$CUT_SERVICE" = data ]; then
    check "requests for data go to the other data host" 0 "pong" cli --timeout=3000 ping data
else
    check "requests for the cut-off service: service unavailable" 1 "unavailable" \
          cli --timeout=3000 ping "$CUT_SERVICE"
fi
wait "$INFLIGHT_PID"
inflight_ms=$(sed -n 's/^exit=[0-9]* ms=\([0-9]*\)$/\1/p' "$TEST_TMP/inflight.out")
if grep -q "503" "$TEST_TMP/inflight.out" && grep -q "^exit=1 " "$TEST_TMP/inflight.out" \
   && [ "${inflight_ms:-99999}" -lt 15000 ]; then
    pass "a request in flight on the cut host got 503 after ${inflight_ms} ms (it asked for 20 s)"
else
    fail "request in flight on the cut host: $(tr '\n' ' ' < "$TEST_TMP/inflight.out")"
fi
if [ "$CUT_SERVICE" = data ] && have vc-auth-svc; then
    check "a lookup is answered by the other data host" 0 "1.270" \
          cli --user "$USER1" --password "$PASS1" lookup "ho chi minh" 15/12/2021
fi
check "other hosts keep working during the cut" 0 "pong" \
      on monitor "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" ping
kill -0 "$DATA_PID" 2>/dev/null && pass "the cut-off service keeps running on its host" \
                                || fail "the service on the data host exited during the cut"

ready_before=$(grep -c "service.ready .*$CUT_SERVICE instance" "$WATCH_LOG")
start=$(now_ms)
link data up
#  Registered again: a new service.ready (the other data host answers pings anyway)
ready_again () { [ "$(grep -c "service.ready .*$CUT_SERVICE instance" "$WATCH_LOG")" -gt "$ready_before" ]; }
if wait_for 20 ready_again && wait_for 20 cli --timeout=1000 ping "$CUT_SERVICE"; then
    pass "data host link back: the service registered again after $(( $(now_ms) - start )) ms"
else
    fail "data host link back: the service did not register again within 20 s"
fi
[ "$(grep -c "service.ready .*$CUT_SERVICE instance" "$WATCH_LOG")" -gt "$ready_before" ] \
    && pass "a new service.ready was published" || fail "no new service.ready after the link came back"
if [ "$CUT_SERVICE" = data ] && have vc-auth-svc; then
    check "lookups work again" 0 "[0-9]" cli --user "$USER1" --password "$PASS1" lookup "ha noi"
else
    check "requests work again" 0 "again" cli call echo echo "text=again"
fi

# --- cut the client host's link ----------------------------------------------
mkfifo "$TEST_TMP/shell.in"
on client "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" shell \
    < "$TEST_TMP/shell.in" >> "$TEST_TMP/shell.log" 2>&1 &
SHELL_PID=$!
PIDS+=("$SHELL_PID")
exec 7> "$TEST_TMP/shell.in"
echo "call broker ping" >&7
if wait_for 5 grep -q '"client"=>' "$TEST_TMP/shell.log"; then
    SHELL_ID=$(grep -o '"client"=>"[0-9a-f]*"' "$TEST_TMP/shell.log" | head -1 | cut -d'"' -f4)
    pass "a long-lived client on the client host (client $SHELL_ID)"
else
    fail "the shell on the client host did not answer"; SHELL_ID=none
fi
if have vc-auth-svc; then
    lines=$(grep -c '' "$TEST_TMP/shell.log")
    echo "signin $USER1 $PASS1" >&7
    wait_for 5 bash -c "[ \$(grep -c '' '$TEST_TMP/shell.log') -gt $lines ]"
    #  Two auth hosts: the rule holds whichever one answers
    for try in 1 2 3; do
        check "the account is in use: sign-in from the monitor host is refused ($try)" 1 "in use" \
              on monitor "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" \
              --user "$USER1" --password "$PASS1" ping
    done
fi
sleep 1.5                               #  Idle: heartbeats alone keep it alive
start=$(now_ms)
link client down
wait_for 10 grep -qE "client.lost .*client=$SHELL_ID " "$WATCH_LOG"
elapsed=$(( $(now_ms) - start ))
if [ "$elapsed" -lt "$LOST_LIMIT_MS" ]; then
    pass "client host cut off: client.lost for $SHELL_ID after ${elapsed} ms"
else
    fail "client host cut off: no client.lost within ${LOST_LIMIT_MS} ms (${elapsed} ms)"
fi
grep -qE "client.bye .*client=$SHELL_ID " "$WATCH_LOG" \
    && fail "the cut-off client was reported as a graceful exit" \
    || pass "a lost link is told apart from a graceful exit (no client.bye)"
check "clients on other hosts are not affected" 0 "pong" \
      on monitor "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" ping
if have vc-auth-svc; then
    if wait_for 5 on monitor "$VC_BIN/vc-cli" --server="$SERVER" --server-key-file="$KEY" \
                  --user "$USER1" --password "$PASS1" ping; then
        pass "the lost client's account is free again: signed in from the monitor host"
    else
        fail "the lost client's account stays in use"
    fi
fi
link client up
lines=$(grep -c '' "$TEST_TMP/shell.log")
echo "ping" >&7
if wait_for 10 bash -c "[ \$(grep -c '' '$TEST_TMP/shell.log') -gt $lines ]"; then
    pass "after the link is back the client's next request gets an answer: $(tail -n 1 "$TEST_TMP/shell.log")"
else
    fail "the client hung after its link came back"
fi
if have vc-auth-svc; then
    lines=$(grep -c '' "$TEST_TMP/shell.log")
    echo "call auth whoami" >&7
    wait_for 10 bash -c "[ \$(grep -c '' '$TEST_TMP/shell.log') -gt $lines ]"
    tail -n +"$((lines + 1))" "$TEST_TMP/shell.log" | grep -qiE "not signed in" \
        && pass "the client came back signed out (its session ended with client.lost)" \
        || fail "after the link came back: $(tail -n +"$((lines + 1))" "$TEST_TMP/shell.log" | tr '\n' ' ')"
fi
exec 7>&-
wait_for 5 bash -c "! kill -0 $SHELL_PID" || fail "the shell did not exit at the end of its input"

# --- the operator shuts everything down from the client host ----------------
check "shutdown with the operator key from another host" 0 "system is shutting down" \
      cli --operator-key-file="$ETC/operator.key" shutdown
if wait_for 10 bash -c "! kill -0 $BROKER_PID"; then
    pass "the broker host stopped"
else
    fail "the broker still runs after shutdown"
fi
stopped=0
for pid in "${SERVICE_PIDS[@]}"; do
    wait_for 10 bash -c "! kill -0 $pid" && stopped=$((stopped + 1))
done
[ "$stopped" -eq "${#SERVICE_PIDS[@]}" ] \
    && pass "the services on the other hosts stopped too ($stopped)" \
    || fail "only $stopped of ${#SERVICE_PIDS[@]} services stopped after shutdown"
grep -q "broker.shutdown" "$WATCH_LOG" && pass "the monitor host saw broker.shutdown" \
                                       || fail "no broker.shutdown event"
over_time && fail "the test took ${SECONDS} s (limit ${DEADLINE} s)"

echo "$TEST_PASSES passed, $TEST_FAILURES failed, $TEST_SKIPS skipped"
[ "$TEST_FAILURES" -eq 0 ] || exit 1
[ "$TEST_SKIPS" -eq 0 ] || exit 77
