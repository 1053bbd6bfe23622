/*  test_event - unit test of the event codec (the module self-test).  */
#include "vc_event.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_event_test (verbose);
    printf ("test_event: OK\n");
    return 0;
}
