# test_worker_keys - a broker run with --worker-keys admits on its worker
# endpoint only services whose key has a certificate in that folder: a known
# service registers and serves; a service with an unknown key, or with a
# fresh key of its own, is refused in the handshake (broker log names the
# key; the service says why it gets no answer); a key added to the folder
# while the broker runs is admitted without a restart, and one removed is
# refused at its next connection; clients are not
# affected; wrong uses of the options stop the programs with a reason.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

KEYS=$TEST_TMP/keys
ADMITTED=$TEST_TMP/admitted
mkdir -p "$KEYS" "$ADMITTED"
for name in broker echo rogue late; do
    "$VC_BIN/vc-keygen" --out="$KEYS/$name.cert" > /dev/null || fail "vc-keygen $name"
done
cp "$KEYS/echo.cert" "$ADMITTED/"

export VC_SERVER_KEY_FILE=$KEYS/broker.cert
# Wrong uses of the broker's option: a reason and exit, never a silent start
check "--worker-keys without CURVE on the worker endpoint is refused" 1 "needs --curve-cert and --curve-backend" \
      "$VC_BIN/vc-broker" --frontend=tcp://127.0.0.1:1 --worker-keys="$ADMITTED"
check "--worker-keys that is not a folder is refused" 1 "is not a folder" \
      "$VC_BIN/vc-broker" --curve-cert="$KEYS/broker.cert_secret" --curve-backend \
      --worker-keys="$KEYS/echo.cert"

start_broker --services=echo,rogue,late,fresh --curve-cert="$KEYS/broker.cert_secret" \
    --curve-backend --worker-keys="$ADMITTED"
grep -q "only services whose keys are in" "$TEST_TMP/broker.log" \
    && pass "the broker says which services it admits" || fail "no worker-keys line in the broker log"

# A known service
start_service echo echo "$VC_BIN/vc-echo-svc" --service-cert="$KEYS/echo.cert"
check "a service with an admitted key serves" 0 "admitted" cli call echo echo "text=admitted"
grep -q "identifying to the broker with key" "$TEST_TMP/echo.log" \
    && pass "the service says which key it uses" || fail "service log: no key line"

# An unknown key, and no key of its own (a fresh pair per connection)
spawn rogue env VC_SERVICE_CERT="$KEYS/rogue.cert" "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=rogue
spawn fresh "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=fresh
wait_for 8 grep -q "no answer from a broker.*worker-keys" "$TEST_TMP/rogue.log" \
    && pass "a service with an unknown key gets no answer and says why" \
    || fail "rogue service log: $(tail -2 "$TEST_TMP/rogue.log")"
wait_for 8 grep -q "no answer from a broker" "$TEST_TMP/fresh.log" \
    && pass "a service without a certificate of its own is refused too" \
    || fail "fresh-key service log: $(tail -2 "$TEST_TMP/fresh.log")"
ROGUE_KEY=$(sed -n 's/^ *public-key = "\(.*\)"/\1/p' "$KEYS/rogue.cert")
grep -qF "refused a service from 127.0.0.1: its key $ROGUE_KEY" "$TEST_TMP/broker.log" \
    && pass "the broker logs the refused key" || fail "no refusal naming $ROGUE_KEY in the broker log"
check "the refused service is not registered" 1 "unavailable" cli call rogue echo text=x
check "nor the one without a certificate" 1 "unavailable" cli call fresh echo text=x
check "the admitted service still serves" 0 "still" cli call echo echo "text=still"

# A key added while the broker runs is admitted at its next handshake
spawn late env VC_SERVICE_CERT="$KEYS/late.cert" "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=late
wait_for 8 grep -q "no answer from a broker" "$TEST_TMP/late.log" || fail "late service was not refused first"
cp "$KEYS/late.cert" "$ADMITTED/"
wait_for 15 cli --timeout=1000 call late echo text=late > /dev/null \
    && pass "a key added to the folder is admitted without a restart" \
    || fail "late service not admitted: $(tail -2 "$TEST_TMP/late.log")"

# A key removed while the broker runs: the connection it has stays, the
# next one is refused
LATE_PID=$LAST_PID
rm "$ADMITTED/late.cert"
sleep 1.5      #  the folder is re-read when it changes, at most once a second
check "a removed key's connection in place still serves" 0 "kept" cli call late echo text=kept
kill "$LATE_PID"; wait "$LATE_PID" 2>/dev/null
spawn late-again env VC_SERVICE_CERT="$KEYS/late.cert" "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=late
wait_for 8 grep -q "no answer from a broker" "$TEST_TMP/late-again.log" \
    && pass "a removed key is refused at its next connection" \
    || fail "removed key admitted again: $(tail -2 "$TEST_TMP/late-again.log")"
check "the service of the removed key is not registered" 1 "unavailable" cli call late echo text=x

# Services: a certificate without the broker's key, or one that is not there
check "a service certificate without the broker's key is refused" 1 "needs the broker's public key" \
      env -u VC_SERVER_KEY_FILE "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service-cert="$KEYS/echo.cert"
check "a missing service certificate is reported" 1 "cannot read this service's secret key" \
      "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service-cert="$KEYS/missing.cert"
mv "$KEYS/rogue.cert_secret" "$KEYS/rogue.moved"
check "a public certificate alone is not enough for a service" 1 "cannot read this service's secret key" \
      "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service-cert="$KEYS/rogue.cert"
check "clients are not affected by the worker keys" 0 "pong" cli ping
finish
