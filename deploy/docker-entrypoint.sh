#!/bin/sh
# docker-entrypoint.sh - the container's entry point: the first argument
# picks the program (broker, auth, data, scraper, cli, keygen, scrape-dump,
# or a full vc-* name); the rest are its flags. Before the broker starts,
# a missing operator key or CURVE certificate named by the environment is
# created (in the keys volume) and the public half is copied to
# VC_PUBLIC_CERT (a volume the services mount), so a fresh deployment
# needs no manual step. With VC_WORKER_KEYS and VC_SERVICE_CERTS (folders)
# the broker also makes a certificate for each service (auth, data,
# scraper) in VC_SERVICE_CERTS (a volume the services mount) and admits
# the public halves, copied into VC_WORKER_KEYS. Other programs wait up
# to 30 s for the broker's public certificate named by VC_SERVER_KEY_FILE
# and for their own, VC_SERVICE_CERT.
set -eu

usage () {
    cat <<'EOF'
Usage: docker run IMAGE PROGRAM [FLAGS...]
Programs: broker, auth, data, scraper, cli, keygen, scrape-dump (or vc-NAME).
Every program takes --help; flags fall back to VC_* environment variables.
EOF
}

# make_operator_key PATH: 48 hex digits, readable by this user only.
make_operator_key () {
    if [ -s "$1" ]; then return 0; fi
    (umask 077; od -An -tx1 -N24 /dev/urandom | tr -d ' \n' > "$1")
    echo "entrypoint: created operator key $1"
}

# make_curve_cert SECRET_PATH: vc-keygen writes PATH (public) and PATH_secret.
make_curve_cert () {
    if [ -s "$1" ]; then return 0; fi
    case $1 in
        *_secret) vc-keygen --out="${1%_secret}" ;;
        *) echo "entrypoint: VC_CURVE_CERT must name the secret file (PATH_secret)" >&2; exit 2 ;;
    esac
}

# make_service_certs DIR ADMITTED: a key pair per service in DIR (made in a
# scratch folder and moved in, secret first, so a service never reads half
# a pair), its public half in ADMITTED.
make_service_certs () {
    for service in auth data scraper; do
        if [ ! -s "$1/$service.cert" ]; then
            scratch=$(mktemp -d "$1/.new.XXXXXX")
            vc-keygen --out="$scratch/$service.cert" > /dev/null
            mv "$scratch/$service.cert_secret" "$1/$service.cert_secret"
            mv "$scratch/$service.cert" "$1/$service.cert"
            rmdir "$scratch"
            echo "entrypoint: created the $service service's certificate $1/$service.cert"
        fi
        if ! cmp -s "$1/$service.cert" "$2/$service.cert"; then
            cp "$1/$service.cert" "$2/.$service.cert.tmp"
            mv "$2/.$service.cert.tmp" "$2/$service.cert"
        fi
    done
}

# wait_for_file PATH: the broker container writes it when it first starts.
wait_for_file () {
    i=0
    while [ ! -s "$1" ] && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
    if [ ! -s "$1" ]; then echo "entrypoint: $1 did not appear" >&2; exit 1; fi
}

program=${1:-help}
if [ $# -gt 0 ]; then shift; fi
case $program in
    help|-h|--help) usage; exit 0 ;;
    broker)      program=vc-broker ;;
    auth)        program=vc-auth-svc ;;
    data)        program=vc-data-svc ;;
    scraper)     program=vc-scraper-svc ;;
    cli)         program=vc-cli ;;
    keygen)      program=vc-keygen ;;
    scrape-dump) program=vc-scrape-dump ;;
    vc-*)        ;;
    *) echo "entrypoint: unknown program '$program'" >&2; usage >&2; exit 2 ;;
esac
if ! command -v "$program" > /dev/null 2>&1; then
    echo "entrypoint: $program is not in this image" >&2
    exit 2
fi
if [ "$program" = vc-broker ]; then
    if [ -n "${VC_OPERATOR_KEY_FILE:-}" ]; then make_operator_key "$VC_OPERATOR_KEY_FILE"; fi
    if [ -n "${VC_CURVE_CERT:-}" ]; then make_curve_cert "$VC_CURVE_CERT"; fi
    if [ -n "${VC_CURVE_CERT:-}" ] && [ -n "${VC_PUBLIC_CERT:-}" ] \
    && ! cmp -s "${VC_CURVE_CERT%_secret}" "$VC_PUBLIC_CERT"; then
        cp "${VC_CURVE_CERT%_secret}" "$VC_PUBLIC_CERT.tmp"
        chmod 0644 "$VC_PUBLIC_CERT.tmp"
        mv "$VC_PUBLIC_CERT.tmp" "$VC_PUBLIC_CERT"
    fi
    if [ -n "${VC_WORKER_KEYS:-}" ] && [ -n "${VC_SERVICE_CERTS:-}" ]; then
        mkdir -p "$VC_WORKER_KEYS"
        make_service_certs "$VC_SERVICE_CERTS" "$VC_WORKER_KEYS"
    fi
else
    if [ -n "${VC_SERVER_KEY_FILE:-}" ]; then wait_for_file "$VC_SERVER_KEY_FILE"; fi
    if [ -n "${VC_SERVICE_CERT:-}" ]; then wait_for_file "$VC_SERVICE_CERT"; fi
fi
exec "$program" "$@"
