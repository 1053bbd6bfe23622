#!/bin/sh
# docker-entrypoint.sh - the container's entry point: the first argument
# picks the program (broker, auth, data, scraper, cli, keygen, scrape-dump,
# or a full vc-* name); the rest are its flags. Before the broker starts,
# a missing operator key or CURVE certificate named by the environment is
# created (in the keys volume), so a fresh deployment needs no manual step.
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
fi
exec "$program" "$@"
