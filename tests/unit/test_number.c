/*  test_number - unit test of count parsing and formatting.

    Runs the module self-test, then feeds very long and invalid input.
*/
#include "vc_number.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_number_test (verbose);

    int64_t value = 7;
    size_t size = 10 * 1024;
    char *big = malloc (size + 1);
    VC_CHECK (big);
    memset (big, '9', size);
    big [size] = 0;
    VC_CHECK (vc_number_parse (big, &value) == -1);        //  Overflow
    memset (big, '0', size);
    VC_CHECK (vc_number_parse (big, &value) == 0 && value == 0);
    memset (big, ' ', size);
    VC_CHECK (vc_number_parse (big, &value) == -1);        //  Only spaces
    memcpy (big + size - 5, "1.270", 5);
    VC_CHECK (vc_number_parse (big, &value) == 0 && value == 1270);
    free (big);
    VC_CHECK (vc_number_parse ("1.\xff" "27", &value) == -1);
    printf (" * test_number: OK\n");
    return 0;
}
