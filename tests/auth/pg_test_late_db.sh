# pg_test_late_db - auth-svc starts before its PostgreSQL server is up, as
# in a container deployment where every service starts at once: first
# nothing listens on the server's port (connection refused), then a socket
# listens there and never answers (a server that does not answer), and for
# a second instance the server's host name does not resolve (a name server
# that does not answer, in a mount namespace of its own). Bursts of
# requests arriving at once are each answered 503 "store unavailable"
# within a bound derived from a ping in the same run, never held behind an
# attempt to open the store. Then PostgreSQL starts on that port and the
# name resolves: sign-up and sign-in work on both instances, without a
# restart, and the accounts are in the store. PostgreSQL only.
VC_TEST_DB=postgresql
source "$VC_SOURCE/tests/auth/auth_lib.sh"

FAST=(--pwhash-ops=1 --pwhash-mem=8)
LATE_HOST=vc-late-db.test

pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null 2>&1 \
    && pass "PostgreSQL stopped: nothing listens on port $PG_PORT" || fail "PostgreSQL did not stop"

start_auth_broker
burst_bound

start_auth auth --db-password-file="$TEST_TMP/pg.password" "${FAST[@]}"
grep -q "store unavailable at start" "$TEST_TMP/auth.log" \
    && pass "auth says the store is unavailable at start" || fail "auth: $(tail -3 "$TEST_TMP/auth.log")"

burst refused auth

# A socket that listens on the server's port and never answers
silent_listener "$PG_PORT"
sleep 1                 # Past the pause between two attempts to open the store
burst silent auth
sleep 1
burst silent-again auth

# PostgreSQL starts on that port: the same instance serves, the accounts
# made then are in the store, and none of the refused sign-ups made one
kill "$SILENT_PID"; wait "$SILENT_PID" 2> /dev/null
pg_restart && pass "PostgreSQL started on port $PG_PORT" || fail "PostgreSQL did not start"
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" signup late-user late-password 2>&1 | grep -q 'account created'" \
    && pass "sign-up works once PostgreSQL is up" || fail "no sign-up once PostgreSQL is up: $(tail -5 "$TEST_TMP/auth.log")"
check "sign-in once PostgreSQL is up" 0 "signed in" cli signin late-user late-password
check "a second account at once" 0 "account created" cli signup late-user2 late-password
made=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username IN ('late-user', 'late-user2')" 2>&1)
[ "$made" = 2 ] && pass "both accounts are in the store" || fail "accounts in the store: $made"
refused=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username NOT IN ('late-user', 'late-user2')" 2>&1)
[ "$refused" = 0 ] && pass "no account from the refused sign-ups" || fail "refused sign-ups made accounts: $refused"
kill -0 "$AUTH_PID" && pass "auth served on without a restart" || fail "auth died"

# A second instance, alone, whose server is named by a host name that the
# name server does not answer for: its own /etc/resolv.conf and /etc/hosts
# (a mount namespace); the name server is a UDP socket that never replies
kill "$AUTH_PID"; wait "$AUTH_PID" 2> /dev/null
wait_for 20 bash -c "! \"$VC_BIN/vc-cli\" --timeout=500 ping auth" || fail "the first instance still serves"
DNS_PART=0
DNS_ADDR=127.0.0.$(( 100 + RANDOM % 100 ))
if unshare --mount true 2> /dev/null; then
    python3 -c '
import socket, sys, time
s = socket.socket (socket.AF_INET, socket.SOCK_DGRAM); s.bind ((sys.argv [1], 53))
print ("listening", flush=True)
while True: s.recv (4096)' "$DNS_ADDR" > "$TEST_TMP/dns.log" 2>&1 &
    TEST_PIDS+=($!)
    wait_for 10 grep -q listening "$TEST_TMP/dns.log" && DNS_PART=1
fi
if [ "$DNS_PART" -eq 1 ]; then
    printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$DNS_ADDR" > "$TEST_TMP/resolv.conf"
    cp /etc/hosts "$TEST_TMP/hosts"
    spawn auth-dns unshare --mount sh -c \
        'mount --bind "$1" /etc/resolv.conf && mount --bind "$2" /etc/hosts && shift 2 && exec "$@"' \
        sh "$TEST_TMP/resolv.conf" "$TEST_TMP/hosts" "$VC_BIN/vc-auth-svc" --log-level=debug "${FAST[@]}" \
        --db="postgresql://$PG_USER@$LATE_HOST:$PG_PORT/auth" --db-password-file="$TEST_TMP/pg.password"
    AUTH_DNS_PID=$LAST_PID
    started=$(now_ms)
    # Its first try at start waits 2 s for the name (the lookup bound), not
    # for the name server's 10 s (5 s, twice): the lookup goes on without it
    wait_for 30 cli --timeout=1000 ping auth \
        && pass "auth started with a database host name that does not resolve" \
        || fail "auth-dns did not register: $(tail -3 "$TEST_TMP/auth-dns.log")"
    took=$(( $(now_ms) - started ))
    echo "# figure: auth registered $took ms after its start (the name lookup is bound to 2000 ms)"
    [ "$took" -lt $(( 2000 + BOUND + 2000 )) ] \
        && pass "auth registered in $took ms: the start waited for the name at most the lookup bound" \
        || fail "auth registered after $took ms: its start waited for the name server"
    sleep 1
    burst unresolved auth-dns
    sleep 1
    burst unresolved-again auth-dns
    # The name resolves (the namespace's hosts file): the instance serves
    echo "127.0.0.1 $LATE_HOST" >> "$TEST_TMP/hosts"
    wait_for 40 bash -c "\"$VC_BIN/vc-cli\" signup late-dns late-password 2>&1 | grep -q 'account created'" \
        && pass "sign-up works once the name resolves" || fail "no sign-up once the name resolves: $(tail -5 "$TEST_TMP/auth-dns.log")"
    check "sign-in on the instance that waited for the name" 0 "signed in" cli signin late-user2 late-password
    kill -0 "$AUTH_DNS_PID" && pass "auth-dns served on without a restart" || fail "auth-dns died"
else
    skip_part "no mount namespace or no UDP port 53 on $DNS_ADDR: the host name case is not run"
fi
finish
