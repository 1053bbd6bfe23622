# test_old_service - services built from an older revision (50cecf6, the
# tree before the protocol model and before REQUEST's source address frame)
# behind this tree's broker: a rolling upgrade updates the broker first. The
# old echo and data services must answer: their READY says no "version",
# so the broker sends them REQUEST in four frames (docs/protocol.md, "The
# client's source address" and "Wire changes since the model"). Without
# that, an old service logs "unexpected extra frames" and every request
# ends 504.
# The old tree is taken with git archive (no checkout or worktree of this
# repository) and built once into the build folder, reused by later runs
# (VC_OLD_BUILD, default BUILD/old-REV): the first run takes about a minute.
source "$(dirname "$0")/lib.sh"
need git vc-broker vc-cli vc-test-session-svc

OLD_REV=${VC_OLD_REV:-50cecf6}
OLD=${VC_OLD_BUILD:-$VC_BIN/../old-$OLD_REV}

# The old tree's vc-echo-svc and vc-data-svc in $OLD/build/bin: built if
# missing (under a lock: two runs at once build it once).
build_old () {
    local commit
    commit=$(git -C "$VC_SOURCE" rev-parse --verify -q "$OLD_REV^{commit}") \
        || skip_all "revision $OLD_REV is not in $VC_SOURCE's history (a shallow clone?)"
    mkdir -p "$OLD" || { fail "cannot create $OLD"; exit 1; }
    (
        flock 9
        if [ "$(cat "$OLD/built" 2>/dev/null)" = "$commit" ]; then exit 0; fi
        rm -rf "$OLD/src" "$OLD/build" "$OLD/built"
        mkdir -p "$OLD/src" \
        && git -C "$VC_SOURCE" archive "$commit" | tar -x -C "$OLD/src" \
        && cmake -S "$OLD/src" -B "$OLD/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        && cmake --build "$OLD/build" -j2 --target vc-echo-svc vc-data-svc \
        && echo "$commit" > "$OLD/built"
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

# The old data service on its own store seeded from its own snapshot, with
# this tree's session stand-in registered as auth
spawn session "$VC_BIN/vc-test-session-svc"
wait_for 20 cli --timeout=1000 ping auth || fail "the session stand-in did not register"
start_service old-data data "$OLD_BIN/vc-data-svc" --backend="$BACKEND" \
    --events-in="$EVENTS_IN" --events-out="$EVENTS_OUT" --db="$TEST_TMP/old-cases.db" \
    --data-dir="$OLD/src/data" --log-level=debug
check "an old data service answers a lookup through this broker" 0 \
      "^Hồ Chí Minh, 15-12-2021: [0-9.]+ new cases" \
      cli --timeout=3000 --user tester --password password1 lookup hcm 15-12-2021
grep -q "unexpected extra frames" "$TEST_TMP/old-data.log" \
    && fail "the old data service was sent a frame it does not know" \
    || pass "the old data service read every REQUEST"

finish
