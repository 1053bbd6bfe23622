#!/usr/bin/env bash
# test_validate - checks the deployment files with the validators this
# machine has, and says SKIP for each one it lacks: shell syntax of the
# scripts; the compose file (YAML parse and structure, yamllint,
# `docker compose config` or `docker-compose config`, none of which needs
# a Docker engine); the Dockerfile (its
# copied files, base image and programs); the packages of the image
# against the programs' shared libraries; the systemd units
# (`systemd-analyze verify` and an offline security review).
set -u
VC_BIN=${VC_BIN:?VC_BIN must point at the build bin directory}
VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
DEPLOY=$VC_SOURCE/deploy
TEST_TMP=$(mktemp -d /tmp/vc-validate.XXXXXX)
trap 'rm -rf "$TEST_TMP"' EXIT
TEST_PASSES=0
TEST_FAILURES=0
TEST_SKIPS=0
PROGRAMS="vc-broker vc-keygen vc-auth-svc vc-data-svc vc-scraper-svc vc-cli vc-scrape-dump"
UNITS="vc-broker.service vc-auth.service vc-data.service vc-scraper.service vc.target"

pass () { TEST_PASSES=$((TEST_PASSES + 1)); echo "ok - $*"; }
fail () { TEST_FAILURES=$((TEST_FAILURES + 1)); echo "FAILED - $*"; }
skip () { TEST_SKIPS=$((TEST_SKIPS + 1)); echo "SKIP: $*"; }
# run NAME COMMAND...: passes when the command exits 0; shows its output if not.
run () {
    local name=$1 out; shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name: $(head -c 1500 <<< "$out")"; fi
}
have () { command -v "$1" > /dev/null 2>&1; }

# --- shell scripts ----------------------------------------------------------
run "docker-entrypoint.sh parses (sh -n)" sh -n "$DEPLOY/docker-entrypoint.sh"
run "tmux.sh parses (bash -n)" bash -n "$DEPLOY/tmux.sh"
for script in "$VC_SOURCE"/tests/deploy/test_*.sh; do
    run "$(basename "$script") parses (bash -n)" bash -n "$script"
done

# --- compose file -----------------------------------------------------------
COMPOSE=$DEPLOY/compose.yaml
PYTHON=""
for candidate in python3 /usr/bin/python3; do
    if have "$candidate" && "$candidate" -c 'import yaml' 2>/dev/null; then PYTHON=$candidate; break; fi
done
if [ -n "$PYTHON" ]; then
    run "compose.yaml: YAML with broker, auth, data, scraper, db (PostgreSQL, profile postgresql), named volumes, service-name endpoints" \
        "$PYTHON" - "$COMPOSE" "$DEPLOY/compose.postgresql.yaml" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
services = doc["services"]
assert set(services) == {"broker", "auth", "data", "scraper", "db"}, sorted(services)
assert set(doc["volumes"]) >= {"keys", "auth", "cases", "pgdata"}, doc["volumes"]
env = services["broker"]["environment"]
for key, port in (("VC_FRONTEND", 5555), ("VC_BACKEND", 5556), ("VC_EVENTS_IN", 5557), ("VC_EVENTS_OUT", 5558)):
    assert env[key] == "tcp://*:%d" % port, (key, env[key])
# docs/deploy.md: clients on every interface, events on loopback only, the
# service ports not published at all (nor the database's)
assert sorted(services["broker"]["ports"]) == ["127.0.0.1:5558:5558", "5555:5555"], services["broker"]["ports"]
for name in ("auth", "data", "scraper"):
    s = services[name]
    assert s["command"] == [name], s["command"]
    assert s["environment"]["VC_BACKEND"] == "tcp://broker:5556", name
    assert s["environment"]["VC_EVENTS_IN"] == "tcp://broker:5557", name
    assert any(v.split(":")[0] in ("auth", "cases") for v in s["volumes"]), name
    assert "profiles" not in s, name
# PostgreSQL 15, started only with --profile postgresql (SQLite files stay
# the default), its password from a secret file, never in the environment
db = services["db"]
assert db["image"].startswith("docker.io/library/postgres:15"), db["image"]
assert db["profiles"] == ["postgresql"], db.get("profiles")
assert "ports" not in db, db["ports"]
assert db["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/db_password", db["environment"]
assert "POSTGRES_PASSWORD" not in db["environment"], "a password in the environment"
assert db["secrets"] == ["db_password"] and "file" in doc["secrets"]["db_password"], doc.get("secrets")
assert any(v.startswith("pgdata:") for v in db["volumes"]), db["volumes"]
assert "pg_isready" in db["healthcheck"]["test"], db["healthcheck"]
# compose.postgresql.yaml: the stores in db, the password from the secret
# file, no password in an address, a command or the environment
over = yaml.safe_load(open(sys.argv[2]))["services"]
assert set(over) == {"auth", "data", "scraper"}, sorted(over)
for name, prefix in (("auth", "VC_AUTH_DB"), ("data", "VC_DATA_DB"), ("scraper", "VC_DATA_DB")):
    s = over[name]
    address = s["environment"][prefix]
    assert address.startswith("postgresql://vcovid@db:5432/"), address
    assert ":" not in address.split("://")[1].split("@")[0], "a password in " + address
    assert s["environment"][prefix + "_PASSWORD_FILE"] == "/run/secrets/db_password", name
    assert s["secrets"] == ["db_password"] and "db" in s["depends_on"], name
    assert "command" not in s, name
    assert not any("PASSWORD" in k and not k.endswith("_FILE") for k in s["environment"]), name
EOF
else
    skip "no python3 with the yaml module: compose.yaml structure not checked"
fi
if have yamllint; then
    run "yamllint compose.yaml compose.postgresql.yaml" yamllint -s -c "$VC_SOURCE/tests/deploy/yamllint.yaml" \
        "$COMPOSE" "$DEPLOY/compose.postgresql.yaml"
else
    skip "yamllint not installed (Debian package yamllint)"
fi
if have docker && docker compose version > /dev/null 2>&1; then
    run "docker compose config" docker compose -f "$COMPOSE" config -q
    run "docker compose config (with compose.postgresql.yaml)" \
        docker compose -f "$COMPOSE" -f "$DEPLOY/compose.postgresql.yaml" --profile postgresql config -q
elif have docker-compose; then
    run "docker-compose config" docker-compose -f "$COMPOSE" config -q
    run "docker-compose config (with compose.postgresql.yaml)" \
        docker-compose -f "$COMPOSE" -f "$DEPLOY/compose.postgresql.yaml" --profile postgresql config -q
else
    skip "neither 'docker compose' nor docker-compose: compose model not checked"
fi

# --- Dockerfile -------------------------------------------------------------
DOCKERFILE=$DEPLOY/Dockerfile
run "Dockerfile: both stages on debian:12-slim" \
    grep -qx 'ARG DEBIAN_IMAGE=debian:12-slim' "$DOCKERFILE"
[ "$(grep -c '^FROM \${DEBIAN_IMAGE}' "$DOCKERFILE")" -eq 2 ] \
    && pass "Dockerfile: two stages (build, runtime)" || fail "Dockerfile: expected two FROM \${DEBIAN_IMAGE}"
missing=""
for src in $(awk '/^COPY / && !/--from/ { for (i = 2; i <= NF && $i ~ /^--/; i++); print $i }' "$DOCKERFILE"); do
    [ -e "$VC_SOURCE/$src" ] || missing="$missing $src"
done
[ -z "$missing" ] && pass "Dockerfile: every copied file exists" || fail "Dockerfile copies missing files:$missing"
missing=""
for program in $PROGRAMS; do
    grep -q "$program" "$DOCKERFILE" || missing="$missing $program"
done
[ -z "$missing" ] && pass "Dockerfile: builds every server-side program" || fail "Dockerfile lacks:$missing"
grep -qE 'ENTRYPOINT \["/usr/bin/tini", "--", "/usr/local/bin/vc-entrypoint"\]' "$DOCKERFILE" \
    && grep -q 'tini' "$DEPLOY/packages-runtime.txt" \
    && pass "Dockerfile: entry point through tini, which the runtime stage installs" \
    || fail "Dockerfile: entry point or tini missing"
extra=$(comm -23 <(grep -vE '^\s*(#|$)' "$DEPLOY/packages-build.txt" | sort) \
                 <(grep -vE '^\s*(#|$)' "$VC_SOURCE/scripts/packages.txt" | sort))
[ -z "$extra" ] && pass "build-stage packages are among scripts/packages.txt" \
                || fail "build-stage packages not in scripts/packages.txt: $extra"

# The runtime packages hold every shared library the programs link directly.
if have readelf && have dpkg; then
    needed=""
    for program in $PROGRAMS; do
        [ -x "$VC_BIN/$program" ] || { skip "$program not built: its libraries not checked"; continue; }
        needed="$needed $(readelf -d "$VC_BIN/$program" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')"
    done
    uncovered=""
    for lib in $(tr ' ' '\n' <<< "$needed" | sort -u); do
        path=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
        package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
        [ -z "$package" ] && package=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
        case $package in
            libc6) ;;
            "") uncovered="$uncovered $lib(no package)" ;;
            *) grep -qx "$package" "$DEPLOY/packages-runtime.txt" || uncovered="$uncovered $lib($package)" ;;
        esac
    done
    [ -z "$uncovered" ] && pass "runtime packages hold every linked library" \
                        || fail "libraries not covered by packages-runtime.txt:$uncovered"
else
    skip "no readelf or dpkg: runtime libraries not checked"
fi

# --- entry point ------------------------------------------------------------
mkdir -p "$TEST_TMP/keys" "$TEST_TMP/public" "$TEST_TMP/service-keys"
out=$(PATH=$VC_BIN:$PATH VC_OPERATOR_KEY_FILE="$TEST_TMP/keys/operator.key" \
      VC_CURVE_CERT="$TEST_TMP/keys/broker.cert_secret" VC_PUBLIC_CERT="$TEST_TMP/public/broker.cert" \
      VC_WORKER_KEYS="$TEST_TMP/keys/services" VC_SERVICE_CERTS="$TEST_TMP/service-keys" \
      sh "$DEPLOY/docker-entrypoint.sh" broker --help 2>&1)
made=1
for service in auth data scraper; do
    [ -s "$TEST_TMP/service-keys/$service.cert_secret" ] \
    && cmp -s "$TEST_TMP/service-keys/$service.cert" "$TEST_TMP/keys/services/$service.cert" || made=0
done
if grep -q "Usage: vc-broker" <<< "$out" && [ -s "$TEST_TMP/keys/operator.key" ] && [ "$made" -eq 1 ] \
&& [ -s "$TEST_TMP/keys/broker.cert_secret" ] && cmp -s "$TEST_TMP/keys/broker.cert" "$TEST_TMP/public/broker.cert"; then
    pass "entry point: picks the broker, makes the operator key, its certificate and the services', publishes the public halves"
else
    fail "entry point for the broker: $out"
fi
out=$(sh "$DEPLOY/docker-entrypoint.sh" nosuch 2>&1); rc=$?
[ "$rc" -eq 2 ] && grep -q "unknown program" <<< "$out" \
    && pass "entry point: an unknown program is a usage error" || fail "entry point nosuch: exit $rc: $out"

# --- systemd units ----------------------------------------------------------
# Verified as installed, except that ExecStart points at stand-ins for the
# programs (verify checks that the command exists), since nothing is
# installed under /usr/local here.
if have systemd-analyze; then
    mkdir -p "$TEST_TMP/bin" "$TEST_TMP/units"
    for program in vc-broker vc-auth-svc vc-data-svc vc-scraper-svc; do
        printf '#!/bin/sh\nexit 0\n' > "$TEST_TMP/bin/$program"
        chmod +x "$TEST_TMP/bin/$program"
    done
    for unit in $UNITS; do
        sed "s|/usr/local/bin/|$TEST_TMP/bin/|" "$DEPLOY/systemd/$unit" > "$TEST_TMP/units/$unit"
    done
    paths=$(for unit in $UNITS; do echo "$TEST_TMP/units/$unit"; done)
    # Exit 0 is not enough: unknown keys and bad values are only warnings.
    out=$(systemd-analyze verify --man=no $paths 2>&1); rc=$?
    [ "$rc" -eq 0 ] && [ -z "$out" ] && pass "systemd-analyze verify: no errors, no warnings" \
                                     || fail "systemd-analyze verify (exit $rc): $out"
    for unit in $UNITS; do
        [ "${unit%.service}" = "$unit" ] && continue
        run "$unit: exposure at most 2.5 (systemd-analyze security)" \
            systemd-analyze security --offline=true --threshold=25 "$TEST_TMP/units/$unit"
    done
else
    skip "systemd-analyze not installed: units not verified"
fi
for unit in vc-broker vc-auth vc-data vc-scraper; do
    file=$DEPLOY/systemd/$unit.service
    missing=""
    for setting in 'EnvironmentFile=/etc/vcovid/vcovid.env' 'ProtectSystem=strict' 'ProtectHome=yes' \
                   'PrivateTmp=yes' 'NoNewPrivileges=yes' 'Restart=on-failure' 'User=vcovid' \
                   'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK'; do
        grep -qx "$setting" "$file" || missing="$missing $setting"
    done
    [ "$unit" = vc-broker ] || grep -q '^StateDirectory=vcovid/' "$file" || missing="$missing StateDirectory"
    [ "$unit" != vc-broker ] || grep -qx 'LimitNOFILE=65536' "$file" || missing="$missing LimitNOFILE"
    [ "$unit" = vc-broker ] || grep -qx "Environment=VC_SERVICE_CERT=/etc/vcovid/${unit#vc-}.cert" "$file" \
        || missing="$missing VC_SERVICE_CERT"
    [ -z "$missing" ] && pass "$unit.service: hardening and settings present" || fail "$unit.service lacks:$missing"
done

grep -qx 'VC_WORKER_KEYS=/etc/vcovid/services' "$DEPLOY/vcovid.env.example" \
    && pass "vcovid.env.example: the broker admits only the services' keys (VC_WORKER_KEYS)" \
    || fail "vcovid.env.example: VC_WORKER_KEYS is not set"

# The env example sets only variables some program or unit reads.
unknown=""
for var in $(sed -n 's/^\(VC_[A-Z_]*\)=.*/\1/p' "$DEPLOY/vcovid.env.example"); do
    found=0
    grep -q "\${$var}" "$DEPLOY"/systemd/*.service && found=1
    for program in $PROGRAMS; do
        [ -x "$VC_BIN/$program" ] && "$VC_BIN/$program" --help 2>&1 | grep -q "env $var\]" && found=1
    done
    grep -rqs "\"$var\"" "$VC_SOURCE/common" && found=1
    [ "$found" -eq 1 ] || unknown="$unknown $var"
done
[ -z "$unknown" ] && pass "vcovid.env.example: every variable is read by a program or unit" \
                  || fail "vcovid.env.example: nothing reads$unknown"

echo "$TEST_PASSES passed, $TEST_FAILURES failed, $TEST_SKIPS skipped"
[ "$TEST_FAILURES" -eq 0 ] || exit 1
[ "$TEST_SKIPS" -eq 0 ] || exit 77     #  a check could not run: skipped, not passed
