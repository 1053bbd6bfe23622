# with_pg.sh COMMAND...: run a test program against a PostgreSQL server of
# its own (tests/integration/pg.sh), its address in VC_TEST_PG_ADDRESS; the
# program's exit status is the test's.
source "${VC_SOURCE:?VC_SOURCE must point at the source tree}/tests/integration/lib.sh"
VC_TEST_DB=postgresql
test_db VC_TEST_PG_ADDRESS unit
export VC_TEST_PG_ADDRESS
"$@"
