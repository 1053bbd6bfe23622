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

static int
s_fail (char *err, size_t err_size, const char *reason)
{
    if (err && err_size)
        snprintf (err, err_size, "%s", reason);
    return -1;
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
vc_date_parse (const char *text, vc_day_t *day, char *err, size_t err_size)
{
    if (err && err_size)
        err [0] = 0;
    if (!text)
        return s_fail (err, err_size, "no date given; " S_FORMS);
    while (isspace ((unsigned char) *text))
        text++;
    size_t len = strlen (text);
    while (len > 0 && isspace ((unsigned char) text [len - 1]))
        len--;
    if (len == 0)
        return s_fail (err, err_size, "no date given; " S_FORMS);
    int part [3];
    bool iso;
    if (len > 10 || s_split (text, len, part, &iso))
        return s_fail (err, err_size, S_FORMS);
    int year = iso? part [0]: part [2];
    int month = part [1];
    int mday = iso? part [2]: part [0];
    if (year < 1900 || year > 2100)
        return s_fail (err, err_size, "the year must be between 1900 and 2100");
    if (vc_date_from_ymd (year, month, mday, day)) {
        if (err && err_size)
            snprintf (err, err_size, "%.*s is not a real date", (int) len, text);
        return -1;
    }
    return 0;
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
        snprintf (out, out_size, "%0*d-%02d-%0*d", width [0], value [0], value [1],
                  width [2], value [2]);
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
