/*  test_date - unit test of date parsing and arithmetic (the module
    self-test), very long and malformed input included.  */
#include "vc_date.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_date_test (verbose);
    printf (" * test_date: OK\n");
    return 0;
}
