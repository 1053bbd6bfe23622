/*  scrape_validate - plausibility rules for a parsed page.
*/
#undef NDEBUG                   //  Self-test asserts stay on in every build
#include "scrape_validate.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"
#include "vc_text.h"

#define DEFAULT_MAX_VALUE 200000000

static const char *
s_name (vc_provinces_t *provinces, int code, char *buffer, size_t size)
{
    const vc_province_t *province = provinces? vc_provinces_by_code (provinces, code): NULL;
    if (province)
        return province->name;
    snprintf (buffer, size, "province %d", code);
    return buffer;
}

static int
s_compare_rows (const void *left, const void *right)
{
    const scrape_row_t *a = (const scrape_row_t *) left;
    const scrape_row_t *b = (const scrape_row_t *) right;
    if (a->code != b->code)
        return a->code < b->code? -1: 1;
    if (a->day != b->day)
        return a->day < b->day? -1: 1;
    if (a->kind != b->kind)
        return a->kind < b->kind? -1: 1;
    return 0;
}

//  Reject two rows with the same key and different values.
static int
s_check_conflicts (const scrape_result_t *result, vc_provinces_t *provinces, vc_said_t *said)
{
    size_t size = scrape_result_size (result);
    scrape_row_t *rows = (scrape_row_t *) malloc ((size + 1) * sizeof (scrape_row_t));
    if (!rows)
        return vc_said_set (said, "out of memory"), -1;
    for (size_t index = 0; index < size; index++)
        rows [index] = *scrape_result_at (result, index);
    qsort (rows, size, sizeof (scrape_row_t), s_compare_rows);
    int rc = 0;
    for (size_t index = 1; index < size && rc == 0; index++) {
        const scrape_row_t *a = &rows [index - 1];
        const scrape_row_t *b = &rows [index];
        if (s_compare_rows (a, b) == 0 && a->value != b->value) {
            char name [32], date [16];
            vc_date_format_iso (a->day, date, sizeof date);
            const char *province = s_name (provinces, a->code, name, sizeof name);
            if (a->kind == SCRAPE_DAILY)
                vc_said_set (said, "conflicting daily counts for %s on %s: %lld and %lld",
                             province, date, (long long) a->value, (long long) b->value);
            else
                vc_said_set (said, "conflicting total counts for %s on %s: %lld and %lld",
                             province, date, (long long) a->value, (long long) b->value);
            rc = -1;
        }
    }
    free (rows);
    return rc;
}

//  A negative or implausible count, said for its kind
static void
s_bad_count (vc_said_t *said, const scrape_row_t *row, const char *province, const char *date)
{
    long long value = (long long) row->value;
    unsigned long long below = 0ULL - (unsigned long long) value;      //  Its size when negative
    if (value < 0 && row->kind == SCRAPE_DAILY)
        vc_said_set (said, "negative daily count for %s on %s: -%llu", province, date, below);
    else
    if (value < 0)
        vc_said_set (said, "negative total count for %s on %s: -%llu", province, date, below);
    else
    if (row->kind == SCRAPE_DAILY)
        vc_said_set (said, "implausible daily count for %s on %s: %lld", province, date, value);
    else
        vc_said_set (said, "implausible total count for %s on %s: %lld", province, date, value);
}

//  Reject negative, implausible or future rows.
static int
s_check_rows (const scrape_result_t *result, const scrape_rules_t *rules,
              vc_provinces_t *provinces, vc_said_t *said)
{
    int64_t max_value = rules->max_value? rules->max_value: DEFAULT_MAX_VALUE;
    for (size_t index = 0; index < scrape_result_size (result); index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        char name [32], date [16];
        vc_date_format_iso (row->day, date, sizeof date);
        if (row->value < 0 || row->value > max_value) {
            s_bad_count (said, row, s_name (provinces, row->code, name, sizeof name), date);
            return -1;
        }
        if (rules->max_day && row->day > rules->max_day) {
            vc_said_set (said, "row for %s is dated in the future (%s)",
                         s_name (provinces, row->code, name, sizeof name), date);
            return -1;
        }
    }
    return 0;
}

//  What the parser refused and the checks of the page as a whole: 0, or -1
//  with the reason in said
static int
s_check_page (const scrape_result_t *result, const scrape_rules_t *rules, vc_said_t *said)
{
    if (scrape_result_error (result)) {
        *said = *scrape_result_error_said (result);
        return -1;
    }
    if (scrape_result_truncated (result))
        return vc_said_set (said, "page is incomplete (cut short or partly undecodable)"), -1;
    if (scrape_result_size (result) == 0)
        return vc_said_set (said, "no provinces in the page"), -1;
    size_t minimum = rules->min_provinces? rules->min_provinces: 1;
    size_t provinces_seen = scrape_result_provinces (result);
    if (provinces_seen < minimum)
        return vc_said_set (said, "only %zu provinces in the page, at least %zu expected",
                            provinces_seen, minimum), -1;
    return 0;
}

int
scrape_validate_said (const scrape_result_t *result, const scrape_rules_t *rules,
                      vc_provinces_t *provinces, vc_said_t *said)
{
    assert (result && said);
    scrape_rules_t defaults = { 0 };
    if (!rules)
        rules = &defaults;
    if (s_check_page (result, rules, said)
    ||  s_check_rows (result, rules, provinces, said)
    ||  s_check_conflicts (result, provinces, said))
        return -1;
    vc_said_text (said, "");
    return 0;
}

int
scrape_validate (const scrape_result_t *result, const scrape_rules_t *rules,
                 vc_provinces_t *provinces, char *reason, size_t reason_size)
{
    assert (result);
    assert (reason && reason_size);
    *reason = 0;
    vc_said_t said;
    if (scrape_validate_said (result, rules, provinces, &said) == 0)
        return 0;
    //  A parser's reason whole (some quote the page), else the check's
    vc_text_copy (reason, reason_size, scrape_result_error (result)
                                       ? scrape_result_error (result) : said.message);
    return -1;
}

int
scrape_validate_totals (const scrape_result_t *result, const int64_t *previous,
                        size_t count, vc_provinces_t *provinces, vc_said_t *said)
{
    assert (result && said);
    vc_said_text (said, "");
    for (size_t index = 0; previous && index < scrape_result_size (result); index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        if (row->kind != SCRAPE_TOTAL || row->code < 0 || (size_t) row->code >= count
        ||  previous [row->code] == SCRAPE_NO_VALUE || row->value >= previous [row->code])
            continue;
        char name [32];
        vc_said_set (said, "total for %s fell from %lld to %lld",
                     s_name (provinces, row->code, name, sizeof name),
                     (long long) previous [row->code], (long long) row->value);
        return -1;
    }
    return 0;
}

//  True if said goes with the message id id
static bool
s_said_id (const vc_said_t *said, const char *id)
{
    const char *msgid = vc_said_msgid (said);
    return msgid && !strcmp (msgid, id);
}

void
scrape_validate_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_validate: ");
    vc_provinces_t *provinces = vc_provinces_new ();
    VC_CHECK (provinces);
    char reason [200];
    scrape_result_t *result = scrape_result_new ();
    VC_CHECK (scrape_validate (result, NULL, provinces, reason, sizeof reason) == -1);
    VC_CHECK (strstr (reason, "no provinces"));

    vc_day_t day = 18976;       //  2021-12-15
    for (size_t index = 0; index < vc_provinces_size (provinces); index++)
        VC_CHECK (scrape_result_add (result, vc_provinces_at (provinces, index)->code,
                                   day, SCRAPE_TOTAL, 1000 + (int64_t) index) == 0);
    scrape_rules_t rules = { .min_provinces = 50, .max_day = day + 1 };
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == 0);
    rules.min_provinces = 64;
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == -1);
    VC_CHECK (strstr (reason, "only 63 provinces"));
    rules.min_provinces = 50;

    int64_t previous [SCRAPE_CODE_SLOTS];
    for (size_t index = 0; index < SCRAPE_CODE_SLOTS; index++)
        previous [index] = SCRAPE_NO_VALUE;
    previous [79] = 1000;
    vc_said_t said;
    const char *args [VC_SAID_MAX_ARGS];
    VC_CHECK (scrape_validate_totals (result, previous, SCRAPE_CODE_SLOTS, provinces, &said) == 0);
    previous [79] = 999999;
    VC_CHECK (scrape_validate_totals (result, previous, SCRAPE_CODE_SLOTS, provinces, &said) == -1);
    VC_CHECK (strstr (said.message, "fell from 999999"));
    VC_CHECK (s_said_id (&said, "total for %s fell from %d to %d"));
    VC_CHECK (vc_said_args (&said, args) == 3 && !strcmp (args [1], "999999"));

    VC_CHECK (scrape_result_add (result, 79, day, SCRAPE_DAILY, 1270) == 0);
    VC_CHECK (scrape_result_add (result, 79, day, SCRAPE_DAILY, 1270) == 0);
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == 0);
    VC_CHECK (scrape_result_add (result, 79, day, SCRAPE_DAILY, 1271) == 0);
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == -1);
    VC_CHECK (strstr (reason, "conflicting daily counts"));
    //  Each check's reason goes with its message id and values
    VC_CHECK (scrape_validate_said (result, &rules, provinces, &said) == -1);
    VC_CHECK (s_said_id (&said, "conflicting daily counts for %s on %s: %d and %d"));
    VC_CHECK (vc_said_args (&said, args) == 4 && !strcmp (args [1], "2021-12-15"));
    scrape_result_truncate (result, scrape_result_size (result) - 1);

    VC_CHECK (scrape_result_add (result, 1, day + 5, SCRAPE_DAILY, 3) == 0);
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == -1);
    VC_CHECK (strstr (reason, "future"));
    VC_CHECK (scrape_validate_said (result, &rules, provinces, &said) == -1);
    VC_CHECK (s_said_id (&said, "row for %s is dated in the future (%s)"));
    scrape_result_truncate (result, scrape_result_size (result) - 1);

    VC_CHECK (scrape_result_add (result, 1, day, SCRAPE_DAILY, -12) == 0);
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == -1);
    VC_CHECK (strstr (reason, "negative daily count"));
    VC_CHECK (scrape_validate_said (result, &rules, provinces, &said) == -1);
    VC_CHECK (!strcmp (said.message, "negative daily count for H\xC3\xA0 N\xE1\xBB\x99i on 2021-12-15: -12"));
    VC_CHECK (s_said_id (&said, "negative daily count for %s on %s: -%d"));
    VC_CHECK (vc_said_args (&said, args) == 3 && !strcmp (args [2], "12"));
    scrape_result_truncate (result, scrape_result_size (result) - 1);

    VC_CHECK (scrape_result_add (result, 1, day, SCRAPE_DAILY, 300000000) == 0);
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == -1);
    VC_CHECK (strstr (reason, "implausible"));
    VC_CHECK (scrape_validate_said (result, &rules, provinces, &said) == -1);
    VC_CHECK (s_said_id (&said, "implausible daily count for %s on %s: %d"));

    scrape_result_fail (result, "broken page");
    VC_CHECK (scrape_validate (result, &rules, provinces, reason, sizeof reason) == -1);
    VC_CHECK (strcmp (reason, "broken page") == 0);
    scrape_result_destroy (&result);
    vc_provinces_destroy (&provinces);
    if (verbose)
        printf ("OK\n");
}
