/*  test_date - unit test of date parsing.

    Runs the module self-test, then parses very long and malformed input.
*/
#include "vc_date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_date_test (verbose);

    char err [128];
    vc_day_t day;
    size_t size = 10 * 1024;
    char *big = malloc (size + 1);
    VC_CHECK (big);
    memset (big, '1', size);
    big [size] = 0;
    VC_CHECK (vc_date_parse (big, &day, err, sizeof (err)) == -1);
    VC_CHECK (strstr (err, "expected dd-mm-yyyy") != NULL);
    memset (big, ' ', size);
    memcpy (big + size / 2, "01-12-2021", 10);
    VC_CHECK (vc_date_parse (big, &day, err, sizeof (err)) == 0);
    char iso [11];
    vc_date_format_iso (day, iso, sizeof (iso));
    VC_CHECK (strcmp (iso, "2021-12-01") == 0);
    free (big);
    printf (" * test_date: OK\n");
    return 0;
}
