/*  scraper_apply - write a validated page to the case store: compare with
    what is stored, check totals, then one transaction for the changed rows.
*/
#include "scraper_apply.h"
#include "scrape_validate.h"
#include "vc_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DB_ERROR_PREFIX "database error"
#define DIFFERENCES_SHOWN 6     //  Differences named in a refusal

//  What the comparison with the store found.
typedef struct {
    bool *changed;              //  Per row of the result
    size_t rows;                //  Rows changed
    size_t provinces;           //  Provinces with a changed row
    vc_day_t *days;             //  Days of the changed rows (count: rows)
} changes_t;

//  A reason the case store wrote (no message id: shown by its shape)
static void
s_store_said (scraper_outcome_t *outcome, scraper_status_t status, const char *text)
{
    vc_said_t said;
    vc_said_text (&said, text);
    scraper_outcome_said (outcome, status, &said);
}

//  A store refusal is a rejection unless the database itself failed.
static scraper_status_t
s_refusal (const char *err)
{
    return strncmp (err, DB_ERROR_PREFIX, strlen (DB_ERROR_PREFIX)) == 0
           ? SCRAPER_FAILED: SCRAPER_REJECTED;
}

//  Totals may not fall: against the latest stored total when the page is
//  not older than it, and against the neighbours of each row's day.
static int
s_check_totals (vc_casestore_t *store, const scrape_result_t *result,
                vc_provinces_t *provinces, scraper_outcome_t *outcome)
{
    int64_t previous [SCRAPE_CODE_SLOTS];
    vc_day_t first [SCRAPE_CODE_SLOTS];
    for (size_t code = 0; code < SCRAPE_CODE_SLOTS; code++) {
        previous [code] = SCRAPE_NO_VALUE;
        first [code] = 0;
    }
    size_t size = scrape_result_size (result);
    for (size_t index = 0; index < size; index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        if (row->kind == SCRAPE_TOTAL && row->code > 0 && row->code < SCRAPE_CODE_SLOTS
        &&  (!first [row->code] || row->day < first [row->code]))
            first [row->code] = row->day;
    }
    for (int code = 1; code < SCRAPE_CODE_SLOTS; code++) {
        int64_t total;
        vc_day_t as_of;
        if (first [code] && vc_casestore_total (store, code, &total, &as_of) == 0
        &&  as_of <= first [code])
            previous [code] = total;
    }
    vc_said_t fell;
    if (scrape_validate_totals (result, previous, SCRAPE_CODE_SLOTS, provinces, &fell)) {
        scraper_outcome_said (outcome, SCRAPER_REJECTED, &fell);
        return -1;
    }
    char reason [SCRAPER_DETAIL_MAX];
    for (size_t index = 0; index < size; index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        if (row->kind == SCRAPE_TOTAL
        &&  vc_casestore_check_total (store, row->code, row->day, row->value,
                                      reason, sizeof reason)) {
            s_store_said (outcome, s_refusal (reason), reason);
            return -1;
        }
    }
    return 0;
}

//  Append one difference to a refusal's list: "Gia Lai 18-10-2021: 40 ≠ 25
//  (+15)", the page's figure first.
static void
s_name_difference (char *list, size_t size, const scrape_row_t *row, int64_t stored,
                   vc_provinces_t *provinces)
{
    const vc_province_t *province = vc_provinces_by_code (provinces, row->code);
    char day [16];
    vc_date_format_vn (row->day, day, sizeof day);
    size_t used = strlen (list);
    snprintf (list + used, size - used, "%s%s %s: %lld ≠ %lld (%+lld)", used? "; ": "",
              province? province->name: "?", day, (long long) row->value,
              (long long) stored, (long long) (row->value - stored));
}

//  How a figure of one kind is read back with the source that stored it
typedef int (stored_read_fn) (vc_casestore_t *store, int code, vc_day_t day, int64_t *value,
                              char *source, size_t source_size);

//  A figure that another source stored for the same province and day is
//  never replaced: which of the two is right is uncertain (a bulletin's day
//  against the portal's booking, the Ministry's table against the portal's
//  count), so the whole page is refused and each difference named. A
//  source revising its own figure (a live page that grows through the day)
//  is taken. Checks the rows of one kind; where changes is given, the same
//  read marks each row that differs from the store (or is not stored) as
//  changed, for s_find_changes. Returns the differences, or -1 with the
//  outcome set when the store cannot be read.
static int
s_count_differences (vc_casestore_t *store, const char *source, const scrape_result_t *result,
                     vc_provinces_t *provinces, scrape_kind_t kind, stored_read_fn *read,
                     changes_t *changes, char *list, size_t list_size, scraper_outcome_t *outcome)
{
    int differ = 0;
    for (size_t index = 0; index < scrape_result_size (result); index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        if (row->kind != kind)
            continue;
        int64_t stored = 0;
        char by [128] = "";
        int rc = read (store, row->code, row->day, &stored, by, sizeof by);
        if (rc < 0) {
            scraper_outcome_say (outcome, SCRAPER_FAILED, "database error: cannot read the stored figures");
            return -1;
        }
        if (changes)
            changes->changed [index] = rc > 0 || stored != row->value;
        if (rc > 0 || stored == row->value || strcmp (by, source) == 0)
            continue;
        if (++differ <= DIFFERENCES_SHOWN)
            s_name_difference (list, list_size, row, stored, provinces);
        else
        if (differ == DIFFERENCES_SHOWN + 1)
            strncat (list, "; …", list_size - strlen (list) - 1);
    }
    return differ;
}

//  Daily figures against other sources' (marking the changed rows)
static int
s_check_stored_days (vc_casestore_t *store, const char *source,
                     const scrape_result_t *result, vc_provinces_t *provinces,
                     changes_t *changes, scraper_outcome_t *outcome)
{
    char list [SCRAPER_DETAIL_MAX] = "";
    int differ = s_count_differences (store, source, result, provinces, SCRAPE_DAILY,
                                      vc_casestore_day_source, changes, list, sizeof list, outcome);
    if (differ <= 0)
        return differ;
    if (differ == 1)
        scraper_outcome_say (outcome, SCRAPER_REJECTED, "%d figure differs from the one stored for"
                             " its day (page ≠ stored); nothing was changed: %s", differ, list);
    else
        scraper_outcome_say (outcome, SCRAPER_REJECTED, "%d figures differ from those stored for"
                             " their day (page ≠ stored); nothing was changed: %s", differ, list);
    return -1;
}

//  Totals against other sources' (the Ministry's table against the portal)
static int
s_check_stored_totals (vc_casestore_t *store, const char *source,
                       const scrape_result_t *result, vc_provinces_t *provinces,
                       scraper_outcome_t *outcome)
{
    char list [SCRAPER_DETAIL_MAX] = "";
    int differ = s_count_differences (store, source, result, provinces, SCRAPE_TOTAL,
                                      vc_casestore_total_source, NULL, list, sizeof list, outcome);
    if (differ <= 0)
        return differ;
    if (differ == 1)
        scraper_outcome_say (outcome, SCRAPER_REJECTED, "%d total differs from the one stored for"
                             " its day (page ≠ stored); nothing was changed: %s", differ, list);
    else
        scraper_outcome_say (outcome, SCRAPER_REJECTED, "%d totals differ from those stored for"
                             " their day (page ≠ stored); nothing was changed: %s", differ, list);
    return -1;
}

//  True if the store holds a different total (or none) for this row.
static bool
s_total_changed (vc_casestore_t *store, const scrape_row_t *row)
{
    int64_t stored = 0;
    vc_day_t as_of = 0;
    return vc_casestore_total (store, row->code, &stored, &as_of) != 0
        || as_of != row->day || stored != row->value;
}

//  Room for the comparison's findings: 0, or -1 when out of memory.
static int
s_changes_alloc (changes_t *changes, size_t size)
{
    changes->changed = (bool *) calloc (size + 1, sizeof (bool));
    changes->days = (vc_day_t *) calloc (size + 1, sizeof (vc_day_t));
    return changes->changed && changes->days? 0: -1;
}

//  Count the changed rows: the daily ones were marked by
//  s_check_stored_days, the totals are compared here.
static void
s_find_changes (vc_casestore_t *store, const scrape_result_t *result, changes_t *changes)
{
    size_t size = scrape_result_size (result);
    bool touched [SCRAPE_CODE_SLOTS] = { false };
    for (size_t index = 0; index < size; index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        if (row->kind != SCRAPE_DAILY)
            changes->changed [index] = s_total_changed (store, row);
        if (!changes->changed [index])
            continue;
        changes->changed [index] = true;
        changes->days [changes->rows++] = row->day;
        if (row->code > 0 && row->code < SCRAPE_CODE_SLOTS && !touched [row->code]) {
            touched [row->code] = true;
            changes->provinces++;
        }
    }
}

//  Compare the page with the store: 0 with the changes found, or -1 with
//  the outcome set.
static int
s_compare (vc_casestore_t *store, const char *source, const scrape_result_t *result,
           vc_provinces_t *provinces, changes_t *changes, scraper_outcome_t *outcome)
{
    if (s_changes_alloc (changes, scrape_result_size (result))) {
        scraper_outcome_say (outcome, SCRAPER_FAILED, "out of memory");
        return -1;
    }
    if (s_check_stored_days (store, source, result, provinces, changes, outcome))
        return -1;
    s_find_changes (store, result, changes);
    return 0;
}

//  Write the changed rows in one batch; 0, or -1 with the outcome set.
static int
s_write (vc_casestore_t *store, const char *source, const scrape_result_t *result,
         const changes_t *changes, scraper_outcome_t *outcome)
{
    if (vc_casestore_begin (store, source)) {
        scraper_outcome_say (outcome, SCRAPER_FAILED, "database error: cannot start a transaction");
        return -1;
    }
    char err [256] = "";
    for (size_t index = 0; index < scrape_result_size (result); index++) {
        if (!changes->changed [index])
            continue;
        const scrape_row_t *row = scrape_result_at (result, index);
        int rc = row->kind == SCRAPE_DAILY
               ? vc_casestore_add_daily (store, row->code, row->day, row->value, err, sizeof err)
               : vc_casestore_add_total (store, row->code, row->day, row->value, err, sizeof err);
        if (rc) {
            vc_casestore_rollback (store);
            scraper_outcome_say (outcome, s_refusal (err), "store refused the page: %s", err);
            return -1;
        }
    }
    if (vc_casestore_commit (store)) {
        scraper_outcome_say (outcome, SCRAPER_FAILED, "database error: cannot commit");
        return -1;
    }
    return 0;
}

static int
s_compare_days (const void *a, const void *b)
{
    vc_day_t left = *(const vc_day_t *) a, right = *(const vc_day_t *) b;
    return left < right? -1: left > right;
}

int
scraper_fill_unlisted (scrape_result_t *result, vc_provinces_t *provinces)
{
    size_t size = scrape_result_size (result);
    vc_day_t *days = (vc_day_t *) calloc (size + 1, sizeof (vc_day_t));
    if (!days)
        return -1;
    size_t count = 0;
    for (size_t index = 0; index < size; index++) {
        const scrape_row_t *row = scrape_result_at (result, index);
        if (row->kind == SCRAPE_DAILY)
            days [count++] = row->day;
    }
    qsort (days, count, sizeof (vc_day_t), s_compare_days);
    int added = 0;
    for (size_t index = 0; index < count && added >= 0; index++) {
        if (index > 0 && days [index] == days [index - 1])
            continue;
        for (size_t p = 0; p < vc_provinces_size (provinces); p++) {
            int code = vc_provinces_at (provinces, p)->code;
            int64_t value;
            if (scrape_result_find (result, code, days [index], SCRAPE_DAILY, &value) == 0)
                continue;
            if (scrape_result_add (result, code, days [index], SCRAPE_DAILY, 0)) {
                added = -1;
                break;
            }
            added++;
        }
    }
    free (days);
    return added;
}

void
scraper_describe_days (vc_day_t *days, size_t count, char *out, size_t out_size)
{
    *out = 0;
    if (count == 0)
        return;
    qsort (days, count, sizeof (vc_day_t), s_compare_days);
    size_t unique = 0;
    for (size_t index = 0; index < count; index++)
        if (unique == 0 || days [unique - 1] != days [index])
            days [unique++] = days [index];
    char first [16], last [16];
    vc_date_format_vn (days [0], first, sizeof first);
    vc_date_format_vn (days [unique - 1], last, sizeof last);
    if (unique > 3) {
        snprintf (out, out_size, "%s to %s (%zu days)", first, last, unique);
        return;
    }
    size_t used = 0;
    for (size_t index = 0; index < unique && used < out_size; index++) {
        vc_date_format_vn (days [index], first, sizeof first);
        used += (size_t) snprintf (out + used, out_size - used, "%s%s", index? ", ": "", first);
    }
}

//  What a page changed: "3 rows for 2 provinces, 15-12-2021, 16-12-2021"
static void
s_updated (scraper_outcome_t *outcome, size_t rows, size_t provinces, const char *days)
{
    if (rows == 1)
        scraper_outcome_say (outcome, SCRAPER_UPDATED, "%zu row for %zu province, %s",
                             rows, provinces, days);
    else
    if (provinces == 1)
        scraper_outcome_say (outcome, SCRAPER_UPDATED, "%zu rows for %zu province, %s",
                             rows, provinces, days);
    else
        scraper_outcome_say (outcome, SCRAPER_UPDATED, "%zu rows for %zu provinces, %s",
                             rows, provinces, days);
}

static int
s_apply (vc_casestore_t *store, const char *source,
               const scrape_result_t *result, vc_provinces_t *provinces,
               scraper_outcome_t *outcome)
{
    outcome->rows = 0;
    outcome->provinces = 0;
    if (s_check_stored_totals (store, source, result, provinces, outcome)
    ||  s_check_totals (store, result, provinces, outcome))
        return -1;
    changes_t changes = { NULL, 0, 0, NULL };
    int rc = s_compare (store, source, result, provinces, &changes, outcome);
    if (rc == 0 && changes.rows == 0) {
        scraper_outcome_say (outcome, SCRAPER_UNCHANGED, "same figures as stored (%zu rows)",
                             scrape_result_size (result));
    }
    else
    if (rc == 0 && (rc = s_write (store, source, result, &changes, outcome)) == 0) {
        char days [96];
        scraper_describe_days (changes.days, changes.rows, days, sizeof days);
        outcome->rows = changes.rows;
        outcome->provinces = changes.provinces;
        s_updated (outcome, changes.rows, changes.provinces, days);
    }
    free (changes.changed);
    free (changes.days);
    return rc;
}

int
scraper_apply (vc_casestore_t *store, const char *source,
               const scrape_result_t *result, vc_provinces_t *provinces,
               scraper_outcome_t *outcome)
{
    int rc = s_apply (store, source, result, provinces, outcome);
    //  The database could not be reached: said as such, nothing was written
    if (rc && vc_casestore_unavailable (store))
        scraper_outcome_say (outcome, SCRAPER_FAILED, "store unavailable: the database cannot be"
                             " reached; nothing was written, the next scrape tries again");
    return rc;
}
