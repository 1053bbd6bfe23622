/*  vc_date_test - self-test of date parsing and day arithmetic.
*/
#include "vc_date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"

static vc_day_t
s_parse_ok (const char *text)
{
    vc_day_t day = -1;
    char err [128];
    VC_CHECK (vc_date_parse (text, &day, err, sizeof (err)) == 0);
    VC_CHECK (err [0] == 0);
    return day;
}

static void
s_parse_bad (const char *text, const char *reason)
{
    vc_day_t day = 12345;
    char err [128];
    VC_CHECK (vc_date_parse (text, &day, err, sizeof (err)) == -1);
    VC_CHECK (day == 12345);
    if (reason && strstr (err, reason) == NULL) {
        fprintf (stderr, "'%s': got '%s', wanted '%s'\n", text, err, reason);
        abort ();
    }
}

static void
s_test_arithmetic (void)
{
    vc_day_t day;
    VC_CHECK (vc_date_from_ymd (1970, 1, 1, &day) == 0 && day == 0);
    VC_CHECK (vc_date_from_ymd (2021, 12, 15, &day) == 0 && day == 18976);
    VC_CHECK (vc_date_from_ymd (1900, 1, 1, &day) == 0 && day == -25567);
    VC_CHECK (vc_date_from_ymd (2000, 2, 29, &day) == 0);
    VC_CHECK (vc_date_from_ymd (1900, 2, 29, &day) == -1);
    VC_CHECK (vc_date_from_ymd (2021, 2, 29, &day) == -1);
    VC_CHECK (vc_date_from_ymd (2021, 13, 1, &day) == -1);
    VC_CHECK (vc_date_from_ymd (2021, 4, 31, &day) == -1);
    VC_CHECK (vc_date_from_ymd (2101, 1, 1, &day) == -1);
    //  Round trip over the whole accepted range
    vc_day_t first, last;
    VC_CHECK (vc_date_from_ymd (1900, 1, 1, &first) == 0);
    VC_CHECK (vc_date_from_ymd (2100, 12, 31, &last) == 0);
    for (day = first; day <= last; day++) {
        int year, month, mday;
        vc_date_to_ymd (day, &year, &month, &mday);
        vc_day_t back;
        VC_CHECK (vc_date_from_ymd (year, month, mday, &back) == 0 && back == day);
    }
    char out [11];
    VC_CHECK (vc_date_from_ymd (2022, 1, 5, &day) == 0);
    vc_date_format_iso (day, out, sizeof (out));
    VC_CHECK (strcmp (out, "2022-01-05") == 0);
    vc_date_format_vn (day, out, sizeof (out));
    VC_CHECK (strcmp (out, "05-01-2022") == 0);
    //  The same text as snprintf's: every day of 1900 to 2100 and within
    //  400 days of 01-01-0000 and 01-01-10000 (the ends of the written-out
    //  form), every 37th day between; and cut short in a small buffer
    const vc_day_t year_0 = -719528, year_10000 = 2932897;
    for (day = year_0 - 400; day < year_10000 + 400;
         day += day < year_0 + 400 || day >= year_10000 - 400 || (day >= first && day <= last) ? 1 : 37) {
        int year, month, mday;
        vc_date_to_ymd (day, &year, &month, &mday);
        char want [40], got [40];
        snprintf (want, sizeof want, "%04d-%02d-%02d", year, month, mday);
        vc_date_format_iso (day, got, sizeof got);
        VC_CHECK (strcmp (want, got) == 0);
        snprintf (want, sizeof want, "%02d-%02d-%04d", mday, month, year);
        vc_date_format_vn (day, got, sizeof got);
        VC_CHECK (strcmp (want, got) == 0);
    }
    char small [6];
    VC_CHECK (vc_date_from_ymd (2022, 1, 5, &day) == 0);
    vc_date_format_iso (day, small, sizeof small);
    VC_CHECK (strcmp (small, "2022-") == 0);
    vc_date_format_iso (year_0, out, sizeof out);
    VC_CHECK (strcmp (out, "0000-01-01") == 0);
    vc_date_format_vn (year_10000 - 1, out, sizeof out);
    VC_CHECK (strcmp (out, "31-12-9999") == 0);
    VC_CHECK (vc_date_today () > 18000);
}

static void
s_test_parse (void)
{
    vc_day_t day = s_parse_ok ("15-12-2021");
    VC_CHECK (day == 18976);
    VC_CHECK (s_parse_ok ("15/12/2021") == day);
    VC_CHECK (s_parse_ok ("2021-12-15") == day);
    VC_CHECK (s_parse_ok ("  15-12-2021 \n") == day);
    VC_CHECK (s_parse_ok ("1-2-2022") == s_parse_ok ("01-02-2022"));
    VC_CHECK (s_parse_ok ("1/2/2022") == s_parse_ok ("2022-02-01"));
    VC_CHECK (s_parse_ok ("2022-2-1") == s_parse_ok ("2022-02-01"));
    VC_CHECK (s_parse_ok ("29-02-2020") > 0);

    s_parse_bad ("31-02-2021", "31-02-2021 is not a real date");
    s_parse_bad ("29/02/2021", "29/02/2021 is not a real date");
    s_parse_bad ("2021-04-31", "is not a real date");
    s_parse_bad ("00-01-2021", "is not a real date");
    s_parse_bad ("15-13-2021", "is not a real date");
    s_parse_bad ("15-12-1899", "between 1900 and 2100");
    s_parse_bad ("2101-01-01", "between 1900 and 2100");
    const char *forms = "expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd";
    s_parse_bad ("", "no date given");
    s_parse_bad ("   ", "no date given");
    s_parse_bad (NULL, "no date given");
    s_parse_bad ("15-12-21", forms);
    s_parse_bad ("15-12/2021", forms);
    s_parse_bad ("2021/12/15", forms);
    s_parse_bad ("15.12.2021", forms);
    s_parse_bad ("15 12 2021", forms);
    s_parse_bad ("2021-12-15x", forms);
    s_parse_bad ("-1-12-2021", forms);
    s_parse_bad ("115-12-2021", forms);
    s_parse_bad ("15-012-2021", forms);
    s_parse_bad ("15-12-02021", forms);
    s_parse_bad ("2021-12-150", forms);
    s_parse_bad ("hôm qua", forms);
    s_parse_bad ("15\xff-12-2021", forms);
    s_parse_bad ("today", forms);
    //  A tiny error buffer is truncated, never overrun
    char err [8];
    vc_day_t ignored;
    VC_CHECK (vc_date_parse ("31-02-2021", &ignored, err, sizeof (err)) == -1);
    VC_CHECK (strlen (err) == 7);
    VC_CHECK (vc_date_parse ("31-02-2021", &ignored, NULL, 0) == -1);
}

void
vc_date_test (bool verbose)
{
    printf (" * vc_date: ");
    if (verbose)
        printf ("\n");
    s_test_arithmetic ();
    s_test_parse ();
    printf ("OK\n");
}
