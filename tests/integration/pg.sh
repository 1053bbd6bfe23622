# pg.sh - a real PostgreSQL server for the tests, sourced by lib.sh:
# initdb into a folder of its own, pg_ctl as an unprivileged user (postgres
# when the tests run as root), listening on a free loopback port and on a
# unix socket in that folder, password (SCRAM) authentication over TCP for
# the programs under test; stopped and removed when the test ends.
# The programs find the password through libpq's PGPASSFILE.
PG_BIN=${VC_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_DIR=""
PG_PORT=""
PG_USER=vc

# pg_as COMMAND...: run as the server's owner.
pg_as () {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_admin SQL: run SQL as the superuser over the unix socket.
pg_admin () {
    pg_as "$PG_BIN/psql" -X -q -tA -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" \
        -U postgres -d postgres -c "$1"
}

pg_stop () {
    [ -n "$PG_DIR" ] || return 0
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop > /dev/null 2>&1
    if [ "$TEST_FAILURES" -ne 0 ] && [ -f "$PG_DIR/server.log" ]; then
        echo "--- postgresql"; tail -n 20 "$PG_DIR/server.log"
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
}

# pg_start: a fresh server; the test is skipped (77) if PostgreSQL is not
# installed, and fails if it is but does not start.
pg_start () {
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && command -v psql > /dev/null \
        || skip_all "PostgreSQL is not installed (postgresql-15 in scripts/packages.txt)"
    PG_DIR=$(mktemp -d /tmp/vc-pg.XXXXXX)
    chmod 755 "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
    TEST_CLEANUPS+=(pg_stop)
    PG_PASSWORD=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    pg_as sh -c "umask 077; echo '$PG_PASSWORD' > '$PG_DIR/password'"
    if ! pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust \
            --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > "$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log"; fail "initdb failed"; exit 1
    fi
    pg_restart || { fail "PostgreSQL did not start"; exit 1; }
    pg_admin "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" > /dev/null \
        || { fail "cannot create the role $PG_USER"; exit 1; }
    # The programs under test read the password through libpq's PGPASSFILE
    # (a file readable by its owner only), or --db-password-file
    echo "$PG_PASSWORD" > "$TEST_TMP/pg.password"
    ( umask 077; echo "127.0.0.1:$PG_PORT:*:$PG_USER:$PG_PASSWORD" > "$TEST_TMP/pgpass" )
    export PGPASSFILE=$TEST_TMP/pgpass
}

# pg_restart: start the server (again) on its port, or on a fresh one the
# first time; 0 once it accepts connections.
pg_restart () {
    local attempt
    for attempt in 1 2 3; do
        [ -n "$PG_PORT" ] && [ "$attempt" -eq 1 ] || PG_PORT=$(free_port)
        if pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
                -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" \
                start > /dev/null 2>&1; then
            return 0
        fi
        grep -q "could not bind" "$PG_DIR/server.log" 2>/dev/null || break
    done
    tail -n 20 "$PG_DIR/server.log" 2>/dev/null
    return 1
}

# pg_kill9: SIGKILL the server and every backend of it (a crash).
pg_kill9 () {
    local pid
    pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || return 1
    kill -9 "$pid"
    pkill -9 -P "$pid" 2>/dev/null
    wait_for 10 bash -c "! kill -0 $pid 2>/dev/null"
    # Backends that outlived their postmaster hold its shared memory
    wait_for 10 bash -c "! pgrep -P $pid > /dev/null"
}

# pg_createdb NAME: an empty database owned by the test role.
pg_createdb () {
    pg_admin "CREATE DATABASE \"$1\" OWNER $PG_USER" > /dev/null
}

# pg_address NAME: the address programs are given (no password in it).
pg_address () {
    echo "postgresql://$PG_USER@127.0.0.1:$PG_PORT/$1?connect_timeout=2"
}
