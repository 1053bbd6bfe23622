/*  test_body - unit test of the msgpack codec (the modules' self-tests):
    round trips, typed getters, and refusal of malformed input
    (truncation, trailing bytes, deep nesting, huge declared sizes, wrong
    types, missing fields, long strings, NULs, bad UTF-8, duplicate and
    non-string keys); maps counted by the pack.  */
#include "vc_body.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_pack_test (verbose);
    vc_body_check_test (verbose);
    vc_body_test (verbose);
    printf ("test_body: OK\n");
    return 0;
}
