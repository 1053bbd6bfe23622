# test_old_service - services built from an older revision (50cecf6, the
# tree before the protocol model and before REQUEST's source address frame)
# behind this tree's broker: a rolling upgrade updates the broker first. The
# old echo, auth and data services must answer: their READY says no "version",
# so the broker sends them REQUEST in four frames (docs/protocol.md, "The
# client's source address" and "Wire changes since the model"). Without
# that, an old service logs "unexpected extra frames" and every request
# ends 504.
# The old tree is taken with git archive (no checkout or worktree of this
# repository) and built once into the build folder, reused by later runs
# (VC_OLD_BUILD, default BUILD/old-REV): the first run takes about a minute.
source "$(dirname "$0")/lib.sh"
need git vc-broker vc-cli

OLD_REV=${VC_OLD_REV:-50cecf6}
OLD=${VC_OLD_BUILD:-$VC_BIN/../old-$OLD_REV}

# The old tree's services in $OLD/build/bin: built if missing (under a
# lock: two runs at once build them once).
OLD_TARGETS="vc-echo-svc vc-data-svc vc-auth-svc"
build_old () {
    local commit
    commit=$(git -C "$VC_SOURCE" rev-parse --verify -q "$OLD_REV^{commit}") \
        || skip_all "revision $OLD_REV is not in $VC_SOURCE's history (a shallow clone?)"
    mkdir -p "$OLD" || { fail "cannot create $OLD"; exit 1; }
    (
        flock 9
        if [ "$(cat "$OLD/built" 2>/dev/null)" = "$commit $OLD_TARGETS" ]; then exit 0; fi
        rm -rf "$OLD/src" "$OLD/build" "$OLD/built"
        mkdir -p "$OLD/src" \
        && git -C "$VC_SOURCE" archive "$commit" | tar -x -C "$OLD/src" \
        && cmake -S "$OLD/src" -B "$OLD/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        && cmake --build "$OLD/build" -j2 --target $OLD_TARGETS \
        && echo "$commit $OLD_TARGETS" > "$OLD/built"
    ) 9> "$OLD.lock" > "$TEST_TMP/old-build.log" 2>&1
    [ -x "$OLD/build/bin/vc-echo-svc" ] && [ -f "$OLD/built" ] \
        || { fail "cannot build $OLD_REV: $(tail -n 20 "$TEST_TMP/old-build.log")"; exit 1; }
}
build_old
OLD_BIN=$OLD/build/bin

start_broker
start_service old-echo echo "$OLD_BIN/vc-echo-svc" --backend="$BACKEND" --log-level=debug
check "an old echo service answers through this broker" 0 "hello there" \
      cli --timeout=3000 call echo echo "text=hello there"
check "... again (every request, not the first only)" 0 "second one" \
      cli --timeout=3000 call echo echo "text=second one"
if grep -q "unexpected extra frames" "$TEST_TMP/old-echo.log"; then
    fail "the old echo service was sent a frame it does not know: $(grep -m1 'extra frames' "$TEST_TMP/old-echo.log")"
else
    pass "the old echo service read every REQUEST"
fi
grep -q "echo instance .* ready (capacity [0-9]*; an older worker" "$TEST_TMP/broker.log" \
    && pass "the broker logs the worker as an older one" \
    || fail "no 'older worker' in the broker's log: $(grep -m1 'ready (capacity' "$TEST_TMP/broker.log")"

# The old auth service: sign-up and sign-in (its SESSION to the broker),
# then the old data service on its own store seeded from its own snapshot
start_service old-auth auth "$OLD_BIN/vc-auth-svc" --backend="$BACKEND" --frontend="$FRONTEND" \
    --events-in="$EVENTS_IN" --events-out="$EVENTS_OUT" --db="$TEST_TMP/old-auth.db" \
    --pwhash-mem=8 --pwhash-ops=1 --log-level=debug
check "an old auth service signs up through this broker" 0 "^account created" \
      cli --timeout=3000 signup tester password1
check "... and signs in (the session bound at the broker)" 0 '"username"=>"tester"' \
      cli --timeout=3000 --user tester --password password1 call auth whoami
start_service old-data data "$OLD_BIN/vc-data-svc" --backend="$BACKEND" \
    --events-in="$EVENTS_IN" --events-out="$EVENTS_OUT" --db="$TEST_TMP/old-cases.db" \
    --data-dir="$OLD/src/data" --log-level=debug
check "an old data service answers a lookup through this broker" 0 \
      "^Hồ Chí Minh, 15-12-2021: [0-9.]+ new cases" \
      cli --timeout=3000 --user tester --password password1 lookup hcm 15-12-2021
for name in old-auth old-data; do
    grep -q "unexpected extra frames" "$TEST_TMP/$name.log" \
        && fail "the $name service was sent a frame it does not know" \
        || pass "the $name service read every REQUEST"
done

finish
