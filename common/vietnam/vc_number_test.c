/*  vc_number_test - self-test of count parsing and formatting.
*/
#include "vc_number.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"

static int64_t
s_ok (const char *text)
{
    int64_t value = -1;
    if (vc_number_parse (text, &value) != 0) {
        fprintf (stderr, "vc_number: '%s' refused\n", text);
        abort ();
    }
    return value;
}

static void
s_bad (const char *text)
{
    int64_t value = 42;
    if (vc_number_parse (text, &value) != -1 || value != 42) {
        fprintf (stderr, "vc_number: '%s' accepted\n", text? text: "(null)");
        abort ();
    }
}

void
vc_number_test (bool verbose)
{
    printf (" * vc_number: ");
    if (verbose)
        printf ("\n");
    VC_CHECK (s_ok ("1270") == 1270);
    VC_CHECK (s_ok ("1.270") == 1270);
    VC_CHECK (s_ok ("1,270") == 1270);
    VC_CHECK (s_ok ("1 270") == 1270);
    VC_CHECK (s_ok ("1\xc2\xa0" "270") == 1270);
    VC_CHECK (s_ok ("+1.270") == 1270);
    VC_CHECK (s_ok ("1.347.201") == 1347201);
    VC_CHECK (s_ok (" 502.632 \n") == 502632);
    VC_CHECK (s_ok ("0") == 0);
    VC_CHECK (s_ok ("999") == 999);
    VC_CHECK (s_ok ("9223372036854775807") == INT64_MAX);
    VC_CHECK (s_ok ("9.223.372.036.854.775.807") == INT64_MAX);
    s_bad (NULL);
    s_bad ("");
    s_bad ("   ");
    s_bad ("+");
    s_bad ("-5");
    s_bad ("- 5");
    s_bad ("1.27");
    s_bad ("1.2700");
    s_bad ("12.70.000");
    s_bad ("1.270,5");
    s_bad ("1,270.000");
    s_bad ("1..270");
    s_bad (".270");
    s_bad ("1.");
    s_bad ("1270.");
    s_bad ("0.270");
    s_bad ("1234.567");
    s_bad ("12a");
    s_bad ("1e3");
    s_bad ("0x10");
    s_bad ("++1");
    s_bad ("9223372036854775808");
    s_bad ("99999999999999999999999");
    s_bad ("1 270 ca");
    s_bad ("1\xc2");

    char out [32];
    VC_CHECK (strcmp (vc_number_format (1270, out, sizeof (out)), "1.270") == 0);
    VC_CHECK (strcmp (vc_number_format (0, out, sizeof (out)), "0") == 0);
    VC_CHECK (strcmp (vc_number_format (999, out, sizeof (out)), "999") == 0);
    VC_CHECK (strcmp (vc_number_format (1000, out, sizeof (out)), "1.000") == 0);
    VC_CHECK (strcmp (vc_number_format (1347201, out, sizeof (out)), "1.347.201") == 0);
    VC_CHECK (strcmp (vc_number_format (-1270, out, sizeof (out)), "-1.270") == 0);
    VC_CHECK (strcmp (vc_number_format (INT64_MAX, out, sizeof (out)),
                     "9.223.372.036.854.775.807") == 0);
    VC_CHECK (strcmp (vc_number_format (INT64_MIN, out, sizeof (out)),
                     "-9.223.372.036.854.775.808") == 0);
    VC_CHECK (strcmp (vc_number_format (1347201, out, 4), "1.3") == 0);
    //  Round trip
    for (int64_t v = 0; v < 2000000; v += 997) {
        int64_t back;
        VC_CHECK (vc_number_parse (vc_number_format (v, out, sizeof (out)), &back) == 0);
        VC_CHECK (back == v);
    }
    printf ("OK\n");
}
