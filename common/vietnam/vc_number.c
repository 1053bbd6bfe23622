/*  vc_number - case counts as written by Vietnamese sources, and back.

    Rules: optional surrounding spaces and one leading '+'; then either plain
    digits ("1270"), or groups split by one kind of thousands separator
    ('.', ',', a space or a no-break space) where the first group has 1-3
    digits without a leading zero and every other group exactly 3 ("1.270",
    "1,347,201", "1 270"). Counts are whole numbers, so "1.27" or "1,2700" are
    malformed rather than decimals. Negative values, other characters and
    values above INT64_MAX are refused.
*/
#include "vc_number.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "vc_check.h"
#include "vc_text.h"

//  Length of a separator at s (1 for '.', ',', ' '; 2 for U+00A0), or 0
static size_t
s_separator (const char *s)
{
    if (*s == '.' || *s == ',' || *s == ' ')
        return 1;
    if ((unsigned char) s [0] == 0xC2 && (unsigned char) s [1] == 0xA0)
        return 2;
    return 0;
}

//  Add one digit to *value; -1 on overflow
static int
s_push_digit (int64_t *value, char digit)
{
    int d = digit - '0';
    if (*value > (INT64_MAX - d) / 10)
        return -1;
    *value = *value * 10 + d;
    return 0;
}

//  Parse the trimmed body s[0..len)
static int
s_parse_body (const char *s, size_t len, int64_t *value)
{
    int64_t result = 0;
    const char *separator = NULL;       //  First separator seen
    size_t separator_len = 0;
    size_t group = 0;                   //  Digits in the current group
    size_t groups = 1;
    for (size_t i = 0; i < len; ) {
        if (isdigit ((unsigned char) s [i])) {
            if (s_push_digit (&result, s [i]))
                return -1;
            group++;
            i++;
            continue;
        }
        size_t n = s_separator (s + i);
        if (n == 0 || i + n > len)
            return -1;
        if (separator && (n != separator_len || memcmp (separator, s + i, n)))
            return -1;                  //  Mixed separators
        if (groups == 1? (group == 0 || group > 3 || s [0] == '0'): group != 3)
            return -1;
        separator = s + i;
        separator_len = n;
        groups++;
        group = 0;
        i += n;
    }
    if (group == 0 || (groups > 1 && group != 3))
        return -1;
    *value = result;
    return 0;
}

int
vc_number_parse (const char *text, int64_t *value)
{
    if (!text || !value)
        return -1;
    size_t len;
    text += vc_text_trim (text, &len);
    if (len > 0 && *text == '+') {
        text++;
        len--;
    }
    if (len == 0 || !isdigit ((unsigned char) *text))
        return -1;
    return s_parse_body (text, len, value);
}

char *
vc_number_format (int64_t value, char *out, size_t out_size)
{
    char digits [32];
    char buffer [40];
    if (!out || out_size == 0)
        return out;
    uint64_t magnitude = value < 0? (uint64_t) 0 - (uint64_t) value: (uint64_t) value;
    int ndigits = snprintf (digits, sizeof (digits), "%llu", (unsigned long long) magnitude);
    size_t len = 0;
    if (value < 0)
        buffer [len++] = '-';
    for (int i = 0; i < ndigits; i++) {
        if (i > 0 && (ndigits - i) % 3 == 0)
            buffer [len++] = '.';
        buffer [len++] = digits [i];
    }
    buffer [len] = 0;
    vc_text_copy (out, out_size, buffer);
    return out;
}

char *
vc_number_format_decimal (double value, int decimals, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return out;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    int64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    if (!isfinite (value) || fabs (value) * (double) scale >= 9.0e18) {
        vc_text_copy (out, out_size, "–");
        return out;
    }
    int64_t scaled = llround (fabs (value) * (double) scale);
    char whole [32], text [64];
    vc_number_format (scaled / scale, whole, sizeof whole);
    if (decimals > 0)
        snprintf (text, sizeof text, "%s%s,%0*lld", value < 0 && scaled ? "-" : "", whole,
                  decimals, (long long) (scaled % scale));
    else
        snprintf (text, sizeof text, "%s%s", value < 0 && scaled ? "-" : "", whole);
    vc_text_copy (out, out_size, text);
    return out;
}


//  --------------------------------------------------------------------------
//  Self-test of count parsing and formatting.

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

//  Very long and invalid input: 10 KB of nines (overflow), of zeros, of
//  spaces, of spaces then a count; a byte that is not UTF-8
static void
s_test_long_input (void)
{
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
}

void
vc_number_test (bool verbose)
{
    printf (" * vc_number: ");
    if (verbose)
        printf ("\n");
    s_test_long_input ();
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
    //  Decimals the Vietnamese way: '.' groups, ',' before the decimals
    VC_CHECK (strcmp (vc_number_format_decimal (1176.2857, 1, out, sizeof out), "1.176,3") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (835.43, 2, out, sizeof out), "835,43") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (0.05, 2, out, sizeof out), "0,05") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (9.96, 1, out, sizeof out), "10,0") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (-2.5, 1, out, sizeof out), "-2,5") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (-0.01, 1, out, sizeof out), "0,0") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (1234567.0, 0, out, sizeof out), "1.234.567") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (NAN, 1, out, sizeof out), "–") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (1e300, 1, out, sizeof out), "–") == 0);
    VC_CHECK (strcmp (vc_number_format_decimal (1176.3, 1, out, 4), "1.1") == 0);
    printf ("OK\n");
}
