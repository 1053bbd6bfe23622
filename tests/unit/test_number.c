/*  test_number - unit test of count parsing and formatting (the module
    self-test), very long and invalid input included.  */
#include "vc_number.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_number_test (verbose);
    printf (" * test_number: OK\n");
    return 0;
}
