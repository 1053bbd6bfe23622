/*  vc_date - calendar dates as day numbers, parsed from the forms people type.

    Accepted: dd-mm-yyyy, dd/mm/yyyy (day and month may have one digit) and
    yyyy-mm-dd, with surrounding spaces. Years run from 1900 to 2100. The
    day number is days since 1970-01-01 in the proleptic Gregorian calendar
    (civil-from-days arithmetic, no time zones involved).
*/
#include "vc_date.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>
#include "vc_check.h"
#include "vc_said.h"
#include "vc_text.h"

#define S_FORMS "expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"

static bool
s_leap (int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
s_days_in_month (int year, int month)
{
    static const int days [] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month == 2 && s_leap (year)? 29: days [month - 1];
}

int
vc_date_from_ymd (int year, int month, int mday, vc_day_t *day)
{
    if (year < 1900 || year > 2100 || month < 1 || month > 12
    ||  mday < 1 || mday > s_days_in_month (year, month))
        return -1;
    //  Days from civil (H. Hinnant), era-based
    int y = month <= 2? year - 1: year;
    int era = y / 400;                  //  y >= 1899, never negative
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2? -3: 9)) + 2) / 5 + mday - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    if (day)
        *day = (vc_day_t) (era * 146097 + doe - 719468);
    return 0;
}

void
vc_date_to_ymd (vc_day_t day, int *year, int *month, int *mday)
{
    int z = (int) day + 719468;
    int era = (z >= 0? z: z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10? mp + 3: mp - 9;
    if (year)
        *year = yoe + era * 400 + (m <= 2? 1: 0);
    if (month)
        *month = m;
    if (mday)
        *mday = d;
}

//  Read 1..max digits; returns count read (0 if none or too many)
static size_t
s_digits (const char *s, size_t max, int *value)
{
    size_t n = 0;
    *value = 0;
    while (isdigit ((unsigned char) s [n])) {
        if (++n > max)
            return 0;
        *value = *value * 10 + (s [n - 1] - '0');
    }
    return n;
}

//  Split trimmed text into three numbers; sets *iso for the yyyy-mm-dd form
static int
s_split (const char *s, size_t len, int part [3], bool *iso)
{
    size_t n1 = s_digits (s, 4, &part [0]);
    if (n1 == 0 || n1 == 3 || n1 >= len)
        return -1;
    char sep = s [n1];
    if (sep != '-' && sep != '/')
        return -1;
    *iso = n1 == 4;
    if (*iso && sep != '-')
        return -1;
    const char *rest = s + n1 + 1;
    size_t n2 = s_digits (rest, 2, &part [1]);
    if (n2 == 0 || rest [n2] != sep)
        return -1;
    rest += n2 + 1;
    size_t n3 = s_digits (rest, 4, &part [2]);
    size_t used = (size_t) (rest - s) + n3;
    if (n3 == 0 || used != len || (*iso? n3 > 2: n3 != 4))
        return -1;
    return 0;
}

int
vc_date_parse_said (const char *text, vc_day_t *day, vc_said_t *why)
{
    vc_said_text (why, "");
    if (!text) {
        vc_said_set (why, "no date given; " S_FORMS);
        return -1;
    }
    size_t len;
    text += vc_text_trim (text, &len);
    if (len == 0) {
        vc_said_set (why, "no date given; " S_FORMS);
        return -1;
    }
    int part [3];
    bool iso;
    if (len > 10 || s_split (text, len, part, &iso)) {
        vc_said_set (why, S_FORMS);
        return -1;
    }
    int year = iso? part [0]: part [2];
    int month = part [1];
    int mday = iso? part [2]: part [0];
    if (year < 1900 || year > 2100) {
        vc_said_set (why, "the year must be between 1900 and 2100");
        return -1;
    }
    if (vc_date_from_ymd (year, month, mday, day)) {
        vc_said_set (why, "%.*s is not a real date", (int) len, text);
        return -1;
    }
    return 0;
}

int
vc_date_parse (const char *text, vc_day_t *day, char *err, size_t err_size)
{
    vc_said_t why;
    int rc = vc_date_parse_said (text, day, &why);
    if (err && err_size)
        vc_text_copy (err, err_size, rc ? why.message : "");
    return rc;
}

//  Write value as width digits (0 <= value < 10^width)
static char *
s_put_digits (char *out, int value, int width)
{
    for (int at = width - 1; at >= 0; at--, value /= 10)
        out [at] = (char) ('0' + value % 10);
    return out + width;
}

//  The day as three fields joined by '-', the year first (yyyy-mm-dd) or
//  last (dd-mm-yyyy). Dates are formatted for every row of a series: by
//  hand for years 0 to 9999 in a buffer of 11 bytes or more (the same
//  text as snprintf), else by snprintf
static void
s_format (vc_day_t day, bool year_first, char *out, size_t out_size)
{
    int year, month, mday;
    vc_date_to_ymd (day, &year, &month, &mday);
    int value [3] = { year_first? year: mday, month, year_first? mday: year };
    int width [3] = { year_first? 4: 2, 2, year_first? 2: 4 };
    if (year < 0 || year > 9999 || out_size < 11) {
        //  Whole in a buffer that holds any three ints, then cut to out_size
        char whole [48];
        snprintf (whole, sizeof whole, "%0*d-%02d-%0*d", width [0], value [0],
                  value [1], width [2], value [2]);
        vc_text_copy (out, out_size, whole);
        return;
    }
    char *at = out;
    for (int field = 0; field < 3; field++) {
        if (field)
            *at++ = '-';
        at = s_put_digits (at, value [field], width [field]);
    }
    *at = 0;
}

void
vc_date_format_iso (vc_day_t day, char *out, size_t out_size)
{
    s_format (day, true, out, out_size);
}

void
vc_date_format_vn (vc_day_t day, char *out, size_t out_size)
{
    s_format (day, false, out, out_size);
}

vc_day_t
vc_date_today (void)
{
    time_t now = time (NULL);
    struct tm local;
    vc_day_t day = 0;
    if (localtime_r (&now, &local))
        vc_date_from_ymd (local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, &day);
    return day;
}


//  --------------------------------------------------------------------------
//  Self-test of date parsing and day arithmetic.

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
    //  The reason with its message id and value, for a service to send
    vc_said_t why;
    const char *args [VC_SAID_MAX_ARGS];
    VC_CHECK (vc_date_parse_said (" 31-02-2021 ", &day, &why) == -1);
    VC_CHECK (!strcmp (why.message, "31-02-2021 is not a real date"));
    VC_CHECK (!strcmp (vc_said_msgid (&why), "%s is not a real date"));
    VC_CHECK (vc_said_args (&why, args) == 1 && !strcmp (args [0], "31-02-2021"));
    VC_CHECK (vc_date_parse_said ("abc", &day, &why) == -1);
    VC_CHECK (!strcmp (vc_said_msgid (&why), "expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"));
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

//  Very long input: 10 KB of digits refused; a date amid 10 KB of spaces read
static void
s_test_long_input (void)
{
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
}

void
vc_date_test (bool verbose)
{
    printf (" * vc_date: ");
    if (verbose)
        printf ("\n");
    s_test_arithmetic ();
    s_test_parse ();
    s_test_long_input ();
    printf ("OK\n");
}
