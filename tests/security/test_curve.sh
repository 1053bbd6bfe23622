# test_curve - the encrypted link (ZeroMQ CURVE) end to end: a broker with a
# certificate serves clients that have its public key, refuses plain clients
# and clients with a wrong key cleanly (exit 3 within the connect timeout,
# with a reason that names the key), encrypts the worker link with
# --curve-backend for services given VC_SERVER_KEY_FILE, and (when tcpdump
# is available) no password crosses the encrypted link in clear, while the
# same capture of a plain link does show it.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

KEYS=$TEST_TMP/keys
mkdir -p "$KEYS"
"$VC_BIN/vc-keygen" --out="$KEYS/broker.cert" > /dev/null || fail "vc-keygen failed"
"$VC_BIN/vc-keygen" --out="$KEYS/other.cert" > /dev/null || fail "vc-keygen failed (second key)"
[ "$(stat -c %a "$KEYS/broker.cert_secret")" = 600 ] && pass "the secret key file is private (0600)" \
                                                     || fail "secret key file mode"
echo "not a certificate" > "$KEYS/garbage.cert"

export VC_SERVER_KEY_FILE=$KEYS/broker.cert
start_broker --services=echo --curve-cert="$KEYS/broker.cert_secret" --curve-backend
grep -q "(CURVE)" "$TEST_TMP/broker.log" && pass "the broker says its link is encrypted" \
                                       || fail "broker start line does not mention CURVE"

check "a client with the broker's public key is served" 0 "pong" cli ping
check "the key can be given as a flag too" 0 "pong" \
      env -u VC_SERVER_KEY_FILE "$VC_BIN/vc-cli" --server-key-file="$KEYS/broker.cert" ping

start=$(now_ms)
check "a plain client cannot talk to an encrypted broker" 3 "cannot connect.*public key" \
      env -u VC_SERVER_KEY_FILE "$VC_BIN/vc-cli" ping
elapsed=$(( $(now_ms) - start ))
[ "$elapsed" -lt 5000 ] && pass "the plain client gives up within the connect timeout (${elapsed} ms)" \
                        || fail "the plain client took ${elapsed} ms"

start=$(now_ms)
check "a client with a wrong key fails cleanly" 3 "cannot connect.*wrong public key" \
      env VC_SERVER_KEY_FILE="$KEYS/other.cert" "$VC_BIN/vc-cli" ping
elapsed=$(( $(now_ms) - start ))
[ "$elapsed" -lt 5000 ] && pass "the wrong key fails within the connect timeout (${elapsed} ms)" \
                        || fail "the wrong key took ${elapsed} ms"
check "a key file that is not a certificate is reported" 1 "cannot read the broker's public key" \
      env VC_SERVER_KEY_FILE="$KEYS/garbage.cert" "$VC_BIN/vc-sec-probe" burst "$FRONTEND" 1 broker ping
check "the secret file works as a key file too" 0 "^200=1 " \
      env VC_SERVER_KEY_FILE="$KEYS/broker.cert_secret" "$VC_BIN/vc-sec-probe" burst "$FRONTEND" 1 broker ping
check "library clients read VC_SERVER_KEY_FILE themselves" 0 "^200=3 " \
      "$VC_BIN/vc-sec-probe" burst "$FRONTEND" 3 broker ping
check "a missing key file is reported" 2 "cannot read the broker's public key" \
      env VC_SERVER_KEY_FILE="$KEYS/missing.cert" "$VC_BIN/vc-cli" ping
check "the broker still serves after refused handshakes" 0 "pong" cli ping

# Services: VC_SERVER_KEY_FILE encrypts the worker link too
start_service echo echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND"
grep -q "encrypting the link" "$TEST_TMP/echo.log" && pass "the service says its link is encrypted" \
                                                 || fail "service log does not mention encryption"
check "a request reaches a service over encrypted links" 0 "through the tunnel" \
      cli call echo echo "text=through the tunnel"
spawn plainsvc env -u VC_SERVER_KEY_FILE "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=plain
wait_for 8 grep -q "no answer from a broker" "$TEST_TMP/plainsvc.log" \
    && pass "a plain service cannot join an encrypted worker endpoint and says why" \
    || fail "plain service: $(cat "$TEST_TMP/plainsvc.log")"
check "the plain service is not registered" 1 "unknown service" cli ping plain
spawn badsvc env VC_SERVER_KEY_FILE="$KEYS/garbage.cert" "$VC_BIN/vc-echo-svc" --backend="$BACKEND" \
      --service=bad
wait_for 5 grep -q "cannot read the broker's public key" "$TEST_TMP/badsvc.log" \
    && pass "a service with an unreadable key file says so" || fail "bad key file not reported by service"

# Capture the loopback traffic: the password must not be visible when encrypted
SECRET="Sekr1t-Passw0rd-$RANDOM$RANDOM"
# capture FILE PORT COMMAND...: records PORT on loopback while COMMAND runs;
# 0 if the recording holds packets (immediate mode: packets are written as
# they come, not when a kernel buffer block fills).
capture () {
    local file=$1 port=$2; shift 2
    local log=$file.log
    tcpdump --immediate-mode -Z root -i lo -U -s 0 -w "$file" "tcp port $port" > "$log" 2>&1 &
    local dump=$!
    wait_for 5 grep -q "listening on" "$log" || { kill "$dump" 2>/dev/null; return 1; }
    "$@" > /dev/null 2>&1
    sleep 0.5
    kill -INT "$dump" 2>/dev/null
    wait_for 3 bash -c "! kill -0 $dump" || kill -9 "$dump" 2>/dev/null
    wait "$dump" 2>/dev/null
    [ "$(tcpdump -r "$file" -nn "tcp port $port" 2>/dev/null | wc -l)" -gt 0 ]
}
if command -v tcpdump > /dev/null && [ "$(id -u)" -eq 0 ]; then
    if capture "$TEST_TMP/curve.pcap" "$FRONTEND_PORT" \
               cli call echo signup username=alice "password=$SECRET"; then
        grep -qa -- "$SECRET" "$TEST_TMP/curve.pcap" \
            && fail "the password is visible on the encrypted client link" \
            || pass "the password is not visible on the encrypted client link"
        capture "$TEST_TMP/backend.pcap" "$BACKEND_PORT" \
                cli call echo signup username=alice "password=$SECRET" \
            || fail "no packet of the worker link was captured"
        grep -qa -- "$SECRET" "$TEST_TMP/backend.pcap" \
            && fail "the password is visible on the encrypted worker link" \
            || pass "the password is not visible on the encrypted worker link"
        # Control: the same capture of a plain broker shows the password
        kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null
        unset VC_SERVER_KEY_FILE
        start_broker --services=echo
        start_service echo-plain echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND"
        capture "$TEST_TMP/plain.pcap" "$FRONTEND_PORT" \
                cli call echo signup username=alice "password=$SECRET" \
            || fail "no packet of the plain client link was captured"
        grep -qa -- "$SECRET" "$TEST_TMP/plain.pcap" \
            && pass "control: the same capture of a plain link shows the password" \
            || fail "control capture did not see the plain password (capture not working)"
    else
        skip_part "capture: tcpdump could not capture on lo"
    fi
else
    skip_part "capture: tcpdump not installed or not root"
fi

finish
