/*  test_text - unit test of the bounded text copy: the module self-test
    (whole, cut, empty, NULL, fields of one and of no byte).
*/
#include "vc_text.h"
#include <stdio.h>
#include <string.h>

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_text_test (verbose);
    printf (" * test_text: OK\n");
    return 0;
}
