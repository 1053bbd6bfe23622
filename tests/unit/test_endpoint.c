/*  test_endpoint - unit test of the endpoint checks clients make before
    connecting (malformed addresses, ports, unknown host names).  */
#include <stdio.h>
#include <string.h>
#include "vc_endpoint.h"

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_endpoint_test (verbose);
    printf (" * test_endpoint: OK\n");
    return 0;
}
