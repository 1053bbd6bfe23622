/*  test_broker_bstar - runs the Binary Star state machine's self-test.  */
#include "broker_bstar.h"
#include <czmq.h>

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    broker_bstar_test (verbose);
    printf ("broker_bstar: every transition as expected\n");
    return 0;
}
