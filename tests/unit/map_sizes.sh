#!/usr/bin/env bash
# map_sizes - no map size is counted by hand in the programs, libraries,
# tests, benchmarks and fuzzers. A body's map is written by the generated
# encoders (build/proto/, from proto/vcovid.xml), which count it from the
# model, or by vc_pack_map_begin/vc_pack_map_end, which count it as it is
# packed. So vc_pack_map and msgpack_pack_map are called nowhere in the
# sources, except where the pack itself is written (common/proto/vc_pack.c,
# whose self-test also compares a counted map with the same map counted by
# hand) and declared (vc_body.h).
# Usage: map_sizes.sh SOURCE_ROOT
set -u
root=${1:?source root}
cd "$root" || exit 1
dirs="common broker client auth-svc data-svc scraper-svc store tests bench fuzz"
found=$(grep -rn --include='*.c' --include='*.h' -E '\b(vc_pack_map|msgpack_pack_map) *\(' $dirs \
        | grep -v -e '^common/proto/vc_pack\.c:' -e '^common/proto/vc_body\.h:')
if [ -n "$found" ]; then
    echo "FAILED - a map size counted by hand (use the generated encoder, or vc_pack_map_begin/end):"
    echo "$found"
    exit 1
fi
echo "ok - no map size counted by hand in $dirs"
