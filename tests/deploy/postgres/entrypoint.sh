#!/bin/sh
# entrypoint.sh - the db container: on first start initdb into $PGDATA
# with the superuser $POSTGRES_USER, its password read from
# $POSTGRES_PASSWORD_FILE, and the database $POSTGRES_DB; then PostgreSQL
# in the foreground, listening on every address of the container, password
# (SCRAM) authentication over TCP; the unix socket in $PGHOST (/tmp).
set -eu
: "${POSTGRES_USER:?}" "${POSTGRES_PASSWORD_FILE:?}"
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    # shellcheck disable=SC2086
    initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$POSTGRES_PASSWORD_FILE" \
        --auth-local=trust -E UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-}
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/tmp" -w start
    [ "$POSTGRES_DB" = postgres ] || createdb -U "$POSTGRES_USER" "$POSTGRES_DB"
    pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp
