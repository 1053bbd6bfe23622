/*  test_broker_pending - unit test of the list of service events a passive
    broker of a pair holds until its peer's bus carries them (the
    broker_pending self-test).  */
#include "broker_pending.h"
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    broker_pending_test (verbose);
    return 0;
}
