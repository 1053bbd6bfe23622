#!/usr/bin/env bash
# test_census_snapshot - the shipped population.csv is exactly what the
# census's district table (data/raw/census/vn_pop_dist.csv) gives, and the
# maker refuses a table that does not add up to the census's figures.
set -uo pipefail
MAKER=$VC_SOURCE/data/raw/census/make_population.py
status=0
if python3 "$MAKER" --check; then echo "PASS: population.csv is what the table gives"
else echo "FAIL: population.csv differs from the table"; status=1; fi

# A copy of the table with one district's count changed (its male count
# too, so the row stays consistent): the national total no longer adds up
tmp=$(mktemp -d /tmp/vc-census.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/raw/census" "$tmp/snapshot"
cp "$MAKER" "$tmp/raw/census/"
cp "$VC_SOURCE/data/snapshot/population.csv" "$tmp/snapshot/"
awk -F, 'BEGIN { OFS = "," } $1 == "490" { $7 += 10; $8 += 10; $10 += 10; $11 += 10 } { print }' \
    "$VC_SOURCE/data/raw/census/vn_pop_dist.csv" > "$tmp/raw/census/vn_pop_dist.csv"
out=$(python3 "$tmp/raw/census/make_population.py" 2>&1)
if [ $? -ne 0 ] && [[ $out == *"national total is 96208994, the census says 96208984"* ]] \
   && cmp -s "$tmp/snapshot/population.csv" "$VC_SOURCE/data/snapshot/population.csv"; then
    echo "PASS: a table that does not add up is refused, nothing written"
else
    echo "FAIL: a changed table: $out"; status=1
fi
exit $status
