/*  scrape_text - white space, counts, national names and dates in page text.
*/
#undef NDEBUG                   //  Self-test asserts stay on in every build
#include "scrape_text.h"
#include "vc_body.h"
#include "vc_number.h"
#include "vc_province.h"
#include "vc_text.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "vc_check.h"

#define COUNT_MAX_BYTES 64

//  Length of the white-space sequence at text, 0 if none.
static size_t
s_space_length (const unsigned char *text)
{
    if (*text == ' ' || (*text >= '\t' && *text <= '\r'))
        return 1;
    if (text [0] == 0xC2 && text [1] == 0xA0)
        return 2;               //  U+00A0 no-break space
    if (text [0] == 0xE2 && text [1] == 0x80
    && ((text [2] >= 0x80 && text [2] <= 0x8B) || text [2] == 0xAF))
        return 3;               //  U+2000..U+200B, U+202F
    if (text [0] == 0xE3 && text [1] == 0x80 && text [2] == 0x80)
        return 3;               //  U+3000
    if (text [0] == 0xEF && text [1] == 0xBB && text [2] == 0xBF)
        return 3;               //  U+FEFF
    return 0;
}

void
scrape_text_squash (char *text)
{
    assert (text);
    unsigned char *source = (unsigned char *) text;
    char *target = text;
    bool pending = false;
    while (*source) {
        size_t length = s_space_length (source);
        if (length) {
            pending = target > text;
            source += length;
            continue;
        }
        if (pending)
            *target++ = ' ';
        pending = false;
        *target++ = (char) *source++;
    }
    *target = 0;
}

void
scrape_text_strip_notes (char *text)
{
    assert (text);
    char *source = text;
    char *target = text;
    while (*source) {
        char *close = *source == '['? strchr (source, ']'): NULL;
        if (close && close - source <= 8) {
            source = close + 1;         //  "[a]", "[12]"
            continue;
        }
        if (strncmp (source, "(*)", 3) == 0) {
            source += 3;
            continue;
        }
        *target++ = *source++;
    }
    *target = 0;
    scrape_text_squash (text);
    size_t length = strlen (text);
    while (length && text [length - 1] == '*')
        text [--length] = 0;
    scrape_text_squash (text);
}

static bool
s_is_blank_count (const char *text)
{
    static const char *blanks [] = {
        "", "-", "\xE2\x80\x94", "\xE2\x80\x93", "N/A", "n/a", "NA", "?", "..."
    };
    for (size_t index = 0; index < sizeof blanks / sizeof blanks [0]; index++)
        if (strcmp (text, blanks [index]) == 0)
            return true;
    return false;
}

int
scrape_text_count (const char *text, int64_t *value)
{
    assert (text);
    assert (value);
    char buffer [COUNT_MAX_BYTES];
    if (strlen (text) >= sizeof buffer)
        return -1;
    strcpy (buffer, text);
    scrape_text_strip_notes (buffer);
    if (s_is_blank_count (buffer))
        return 1;
    const char *digits = buffer;
    bool negative = false;
    if (*digits == '-') {
        negative = true;
        digits++;
    }
    else
    if (strncmp (digits, "\xE2\x88\x92", 3) == 0) {      //  U+2212 minus
        negative = true;
        digits += 3;
    }
    while (*digits == ' ')
        digits++;
    if (*digits == '+' && negative)
        return -1;
    int64_t parsed;
    if (vc_number_parse (digits, &parsed))
        return -1;
    *value = negative? -parsed: parsed;
    return 0;
}

bool
scrape_text_is_national (const char *name)
{
    static const char *nationals [] = {
        "ca nuoc", "toan quoc", "tong", "tong cong", "tong so", "tong so ca",
        "viet nam", "vietnam", "total", "nationwide", "all"
    };
    char normal [128];
    vc_province_normalize (name, normal, sizeof normal);
    for (size_t index = 0; index < sizeof nationals / sizeof nationals [0]; index++)
        if (strcmp (normal, nationals [index]) == 0)
            return true;
    return false;
}

const char *
scrape_text_find (const char *haystack, size_t size, const char *needle)
{
    size_t length = strlen (needle);
    if (length == 0 || length > size)
        return length? NULL: haystack;
    for (size_t index = 0; index + length <= size; index++)
        if (strncasecmp (haystack + index, needle, length) == 0)
            return haystack + index;
    return NULL;
}

//  Read 1..max digits at text; returns how many, 0 if none or too many.
static size_t
s_digits (const char *text, size_t max, int *value)
{
    size_t count = 0;
    *value = 0;
    while (isdigit ((unsigned char) text [count])) {
        if (++count > max)
            return 0;
        *value = *value * 10 + (text [count - 1] - '0');
    }
    return count;
}

//  True if the word "ngày" (any case of its first letter) ends right before
//  offset, separated by one space.
static bool
s_after_ngay (const char *text, size_t offset)
{
    static const char *words [] = { "ng\xC3\xA0y ", "NG\xC3\x80Y ", "ng\xC3\xA0y", "NG\xC3\x80Y" };
    for (size_t index = 0; index < 4; index++) {
        size_t length = strlen (words [index]);
        if (offset >= length && strncasecmp (text + offset - length, words [index], length) == 0)
            return true;
    }
    return false;
}

//  Try to read a date at text + offset; returns bytes used, 0 if none.
static size_t
s_date_at (const char *text, size_t offset, vc_day_t reference, scrape_date_t *date)
{
    const char *start = text + offset;
    int first, second, third;
    size_t a = s_digits (start, 4, &first);
    if (a == 4 && start [4] == '-') {                    //  yyyy-mm-dd
        size_t b = s_digits (start + 5, 2, &second);
        if (b && start [5 + b] == '-') {
            size_t c = s_digits (start + 6 + b, 2, &third);
            if (c && first >= 2000 && first <= 2100
            && vc_date_from_ymd (first, second, third, &date->day) == 0) {
                date->has_year = true;
                return 6 + b + c;
            }
        }
        return 0;
    }
    if (a == 0 || a > 2)
        return 0;
    char separator = start [a];
    if (separator != '/' && separator != '-' && separator != '.')
        return 0;
    size_t b = s_digits (start + a + 1, 2, &second);
    if (b == 0)
        return 0;
    const char *rest = start + a + 1 + b;
    if (*rest == separator) {
        size_t c = s_digits (rest + 1, 4, &third);
        if (c == 4 && third >= 2000 && third <= 2100
        && vc_date_from_ymd (third, second, first, &date->day) == 0) {
            date->has_year = true;
            return a + b + c + 2;
        }
        return 0;
    }
    if (reference == 0 || separator == '.' || isdigit ((unsigned char) *rest)
    || !s_after_ngay (text, offset))
        return 0;
    int year, month, mday;
    vc_date_to_ymd (reference, &year, &month, &mday);
    if (vc_date_from_ymd (year, second, first, &date->day))
        return 0;
    if (date->day > reference + 1
    && vc_date_from_ymd (year - 1, second, first, &date->day))
        return 0;
    date->has_year = false;
    return a + b + 1;
}

//  Words that make the "d/m" after them a quantity ("gần 1/2", "hơn 1/3",
//  "GIẢM GẦN 1/2" in a title in capitals) and words that make the "d/m"
//  before them one ("1/3 số ca", "1/2 so với hôm qua"), as
//  vc_province_normalize writes them: any case, tone marks folded.
static const char *s_fraction_before [] = {
    "gan", "hon", "khoang", "chung", "con", "chiem", "giam", "tang", "bang", "gap", "tren",
    "duoi", "non", "xap xi", NULL
};
static const char *s_fraction_after [] = { "so ", "ca ", "tong ", "luong ", "dan ", NULL };
#define FRACTION_WORDS_MAX 32   //  Bytes of the words read either side

//  The words either side of a "d/m", folded: up to two words before it
//  (ending at end) into before, the text after it into after (with a space
//  at its end when it goes on).
static void
s_fraction_words (const char *text, size_t end, const char *after,
                  char *before, char *following, size_t size)
{
    size_t start = end;
    for (int words = 0; words < 2 && start > 0; words++) {
        while (start > 0 && text [start - 1] == ' ')
            start--;
        while (start > 0 && text [start - 1] != ' ' && end - start < FRACTION_WORDS_MAX)
            start--;
    }
    while (start < end && ((unsigned char) text [start] & 0xC0) == 0x80)
        start++;                //  Never start inside a UTF-8 sequence
    char raw [FRACTION_WORDS_MAX + 8];
    snprintf (raw, sizeof raw, "%.*s", (int) (end - start), text + start);
    vc_province_normalize (raw, before, size);
    size_t length = vc_text_utf8_fit (after, strnlen (after, FRACTION_WORDS_MAX + 1),
                                      FRACTION_WORDS_MAX);
    snprintf (raw, sizeof raw, "%.*s", (int) length, after);
    vc_province_normalize (raw, following, size - 1);
    if (*following && length < strlen (after))
        strcat (following, " ");
}

//  True if the "d/m" of length bytes at text + offset is a fraction or a
//  quantity by its neighbours ("gần 1/2", "1/3 số ca"); "ngày 1/2" never.
static bool
s_is_fraction (const char *text, size_t offset, size_t length)
{
    if (s_after_ngay (text, offset))
        return false;
    size_t end = offset;
    while (end > 0 && text [end - 1] == ' ')
        end--;
    const char *after = text + offset + length;
    char before [2 * FRACTION_WORDS_MAX], following [2 * FRACTION_WORDS_MAX];
    s_fraction_words (text, end, *after == ' '? after + 1: "", before, following,
                      sizeof before);
    size_t folded = strlen (before);
    if (end < offset)
        for (size_t index = 0; s_fraction_before [index]; index++) {
            size_t size = strlen (s_fraction_before [index]);
            if (folded >= size && strcmp (before + folded - size, s_fraction_before [index]) == 0
            &&  (folded == size || before [folded - size - 1] == ' '))
                return true;
        }
    for (size_t index = 0; s_fraction_after [index]; index++)
        if (strncmp (following, s_fraction_after [index], strlen (s_fraction_after [index])) == 0)
            return true;
    return false;
}

bool
scrape_text_day_month (const char *title, int *mday, int *month)
{
    for (const char *at = title; *at; at++) {
        if (!isdigit ((unsigned char) *at) || (at > title && (isdigit ((unsigned char) at [-1])
        ||  strchr ("/-.", at [-1]))))
            continue;
        char *end;
        long first = strtol (at, &end, 10);
        if ((*end != '/' && *end != '-') || !isdigit ((unsigned char) end [1]))
            continue;
        char *rest;
        long second = strtol (end + 1, &rest, 10);
        if (isdigit ((unsigned char) *rest) || *rest == '/' || *rest == '-' || *rest == '.'
        ||  first < 1 || first > 31 || second < 1 || second > 12)
            continue;
        if (*end == '/' && s_is_fraction (title, (size_t) (at - title), (size_t) (rest - at)))
            continue;
        *mday = (int) first;
        *month = (int) second;
        return true;
    }
    return false;
}

size_t
scrape_text_dates (const char *text, vc_day_t reference,
                   scrape_date_t *out, size_t max)
{
    assert (text);
    size_t count = 0;
    size_t offset = 0;
    while (text [offset] && count < max) {
        bool starts = isdigit ((unsigned char) text [offset])
                   && (offset == 0 || !isdigit ((unsigned char) text [offset - 1]));
        size_t used = 0;
        if (starts) {
            used = s_date_at (text, offset, reference, &out [count]);
            if (used && isdigit ((unsigned char) text [offset + used]))
                used = 0;           //  Part of a longer number
            if (used)
                out [count++].offset = offset;
        }
        offset += used? used: 1;
    }
    return count;
}

void
scrape_text_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_text: ");
    VC_CHECK (vc_utf8_valid ("H\xE1\xBB\x93 Ch\xC3\xAD Minh", 13));
    VC_CHECK (!vc_utf8_valid ("H\xF4\xCC Ch\xED", 7));
    VC_CHECK (!vc_utf8_valid ("\xC0\xAF", 2));           //  Overlong
    VC_CHECK (!vc_utf8_valid ("\xED\xA0\x80", 3));       //  Surrogate
    VC_CHECK (!vc_utf8_valid ("\xE1\xBB", 2));           //  Cut short

    char text [64];
    strcpy (text, " \xC2\xA0 T\xC3\xA2y \n\t Ninh \xE2\x80\xAF");
    scrape_text_squash (text);
    VC_CHECK (strcmp (text, "T\xC3\xA2y Ninh") == 0);
    strcpy (text, "H\xC3\xA0 N\xE1\xBB\x99i[a] (*)");
    scrape_text_strip_notes (text);
    VC_CHECK (strcmp (text, "H\xC3\xA0 N\xE1\xBB\x99i") == 0);

    int64_t value = 0;
    VC_CHECK (scrape_text_count ("502.632", &value) == 0 && value == 502632);
    VC_CHECK (scrape_text_count (" +1.270 ", &value) == 0 && value == 1270);
    VC_CHECK (scrape_text_count ("-12", &value) == 0 && value == -12);
    VC_CHECK (scrape_text_count ("\xE2\x88\x92" "5", &value) == 0 && value == -5);
    VC_CHECK (scrape_text_count ("1.347.201[b]", &value) == 0 && value == 1347201);
    VC_CHECK (scrape_text_count ("-", &value) == 1);
    VC_CHECK (scrape_text_count ("", &value) == 1);
    VC_CHECK (scrape_text_count ("abc", &value) == -1);
    VC_CHECK (scrape_text_count ("-+5", &value) == -1);
    VC_CHECK (scrape_text_is_national ("C\xE1\xBA\xA3 n\xC6\xB0\xE1\xBB\x9B" "c"));
    VC_CHECK (scrape_text_is_national ("T\xE1\xBB\x95ng c\xE1\xBB\x99ng"));
    VC_CHECK (!scrape_text_is_national ("H\xC3\xA0 N\xE1\xBB\x99i"));
    VC_CHECK (scrape_text_find ("abc HOM NAY", 11, "hom nay"));
    VC_CHECK (!scrape_text_find ("abc", 3, "abcd"));

    vc_day_t reference;
    VC_CHECK (vc_date_from_ymd (2021, 12, 16, &reference) == 0);
    scrape_date_t dates [8];
    size_t found = scrape_text_dates ("Ng\xC3\xA0y 15/12: c\xC3\xB3 16.011 ca, t\xE1\xBB\xAB 16h ng\xC3\xA0y "
                                      "14-12-2021; 2021-12-13; 1.270; 3/4 ca; 31/02/2021",
                                      reference, dates, 8);
    VC_CHECK (found == 3);
    vc_day_t expect;
    VC_CHECK (vc_date_from_ymd (2021, 12, 15, &expect) == 0);
    VC_CHECK (dates [0].day == expect && !dates [0].has_year && dates [0].offset == 6);
    VC_CHECK (dates [1].day == expect - 1 && dates [1].has_year);
    VC_CHECK (dates [2].day == expect - 2);
    //  A yearless date after the reference belongs to the year before
    found = scrape_text_dates ("ng\xC3\xA0y 31/12", reference - 300, dates, 8);
    VC_CHECK (found == 1);
    VC_CHECK (vc_date_from_ymd (2020, 12, 31, &expect) == 0 && dates [0].day == expect);
    VC_CHECK (scrape_text_dates ("ng\xC3\xA0y 15/12", 0, dates, 8) == 0);
    VC_CHECK (scrape_text_dates ("15.12.2021 and 123/12/2021", 0, dates, 8) == 1);

    //  A title's day and month: not a fraction or a quantity
    int mday = 0, month = 0;
    VC_CHECK (!scrape_text_day_month ("TP.HCM gi\xE1\xBA\xA3m g\xE1\xBA\xA7n 1/2 so v\xE1\xBB\x9Bi "
                                      "h\xC3\xB4m qua", &mday, &month));
    VC_CHECK (!scrape_text_day_month ("H\xC6\xA1n 1/3 s\xE1\xBB\x91 ca", &mday, &month));
    VC_CHECK (!scrape_text_day_month ("1/3 s\xE1\xBB\x91 ca \xE1\xBB\x9F TP.HCM", &mday, &month));
    VC_CHECK (!scrape_text_day_month ("chi\xE1\xBA\xBFm 1/4 ca m\xE1\xBA\xAF" "c", &mday, &month));
    VC_CHECK (scrape_text_day_month ("TP.HCM gi\xE1\xBA\xA3m g\xE1\xBA\xA7n 1/2 (4/8)", &mday, &month)
              && mday == 4 && month == 8);
    //  The same words in capitals, as titles write them: "TP. HỒ CHÍ MINH
    //  (3.300-GIẢM GẦN 1/2 SO VỚI HÔM QUA)" (m.viettimes.vn, 04-08-2021, in
    //  capitals), "HƠN 1/3 SỐ CA", "XẤP XỈ 1/2"
    VC_CHECK (!scrape_text_day_month ("TP. H\xE1\xBB\x92 CH\xC3\x8D MINH (3.300-GI\xE1\xBA\xA2M "
                                      "G\xE1\xBA\xA6N 1/2 SO V\xE1\xBB\x9AI H\xC3\x94M QUA)",
                                      &mday, &month));
    VC_CHECK (!scrape_text_day_month ("TP.HCM G\xE1\xBA\xA6N 1/2", &mday, &month));
    VC_CHECK (!scrape_text_day_month ("H\xC6\xA0N 1/3 S\xE1\xBB\x90 CA", &mday, &month));
    VC_CHECK (!scrape_text_day_month ("1/3 S\xE1\xBB\x90 CA", &mday, &month));
    VC_CHECK (!scrape_text_day_month ("X\xE1\xBA\xA4P X\xE1\xBB\x88 1/2", &mday, &month));
    VC_CHECK (scrape_text_day_month ("NG\xC3\x80Y 1/2 C\xC3\x93 12 CA", &mday, &month)
              && mday == 1 && month == 2);
    VC_CHECK (scrape_text_day_month ("G\xE1\xBA\xA6N 1/2 (4/8)", &mday, &month)
              && mday == 4 && month == 8);
    VC_CHECK (scrape_text_day_month ("Ng\xC3\xA0y 1/2 c\xC3\xB3 12 ca", &mday, &month)
              && mday == 1 && month == 2);
    VC_CHECK (scrape_text_day_month ("ng\xC3\xA0y 1/2 ca m\xE1\xBA\xAF" "c m\xE1\xBB\x9Bi", &mday, &month)
              && mday == 1 && month == 2);
    VC_CHECK (scrape_text_day_month ("COVID-19 (1/2): 12 ca", &mday, &month) && mday == 1 && month == 2);
    VC_CHECK (scrape_text_day_month ("T\xE1\xBB\x91i 14-12", &mday, &month) && mday == 14 && month == 12);
    VC_CHECK (!scrape_text_day_month ("2021/12", &mday, &month));
    //  A full date stays a date whatever its neighbours
    found = scrape_text_dates ("g\xE1\xBA\xA7n 1/2/2021", 0, dates, 8);
    VC_CHECK (found == 1 && dates [0].has_year);
    if (verbose)
        printf ("OK\n");
}
