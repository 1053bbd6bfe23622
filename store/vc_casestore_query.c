/*  vc_casestore_query - read queries of the case store.

    Each query binds its prepared statement, steps it, and resets it, so a
    lookup costs no SQL parsing and no heap allocation of its own.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include "vc_text.h"
#include <czmq.h>

#define S_ARGS VC_CASESTORE_ARGS

int
vc_casestore_total (vc_casestore_t *self, int code, int64_t *total, vc_day_t *as_of)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_TOTAL_LATEST, S_ARGS (code), &stmt);
    if (rc == 0) {
        if (total)
            *total = vc_db_column_int64 (stmt, 0);
        if (as_of)
            *as_of = (vc_day_t) vc_db_column_int64 (stmt, 1);
        vc_db_reset (stmt);
    }
    return rc;
}

int
vc_casestore_daily (vc_casestore_t *self, int code, vc_day_t day, int64_t *new_cases)
{
    return vc_casestore_day (self, code, day, new_cases, NULL);
}

int
vc_casestore_series (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                     vc_day_t *days, int64_t *values, size_t max)
{
    vc_db_stmt_t *stmt = vc_casestore_query (self, ST_SERIES,
                                             S_ARGS (code, first, last, (int64_t) max));
    int count = 0, rc;
    while ((rc = vc_casestore_step (self, stmt)) == VC_DB_ROW) {
        if (days)
            days [count] = (vc_day_t) vc_db_column_int64 (stmt, 0);
        if (values)
            values [count] = vc_db_column_int64 (stmt, 1);
        count++;
    }
    return vc_casestore_rows_end (self, stmt, rc, count);
}

int
vc_casestore_national_total (vc_casestore_t *self, int64_t *total,
                             vc_day_t *as_of, int *provinces)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_NATIONAL_TOTAL, NULL, 0, &stmt);
    if (rc != 0)
        return rc;
    int count = (int) vc_db_column_int64 (stmt, 2);
    if (total)
        *total = vc_db_column_int64 (stmt, 0);
    if (as_of)
        *as_of = (vc_day_t) vc_db_column_int64 (stmt, 1);
    if (provinces)
        *provinces = count;
    vc_db_reset (stmt);
    return count > 0? 0: 1;
}

int
vc_casestore_national_daily (vc_casestore_t *self, vc_day_t day,
                             int64_t *new_cases, int *provinces)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_NATIONAL_DAILY, S_ARGS (day), &stmt);
    if (rc != 0)
        return rc;
    int count = (int) vc_db_column_int64 (stmt, 1);
    if (new_cases)
        *new_cases = vc_db_column_int64 (stmt, 0);
    if (provinces)
        *provinces = count;
    vc_db_reset (stmt);
    return count > 0? 0: 1;
}

int
vc_casestore_top (vc_casestore_t *self, vc_day_t day,
                  vc_casestore_entry_t *top, size_t max)
{
    vc_db_stmt_t *stmt = vc_casestore_query (self, ST_TOP, S_ARGS (day, (int64_t) max));
    int count = 0, rc;
    while ((rc = vc_casestore_step (self, stmt)) == VC_DB_ROW) {
        top [count].code = (int) vc_db_column_int64 (stmt, 0);
        top [count].value = vc_db_column_int64 (stmt, 1);
        count++;
    }
    return vc_casestore_rows_end (self, stmt, rc, count);
}

int
vc_casestore_range (vc_casestore_t *self, vc_day_t *first, vc_day_t *last)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_RANGE, NULL, 0, &stmt);
    if (rc != 0)
        return rc;
    bool empty = vc_db_column_null (stmt, 0);
    if (!empty && first)
        *first = (vc_day_t) vc_db_column_int64 (stmt, 0);
    if (!empty && last)
        *last = (vc_day_t) vc_db_column_int64 (stmt, 1);
    vc_db_reset (stmt);
    return empty? 1: 0;
}

//  Copy a text column into a fixed buffer
static void
s_copy_text (vc_db_stmt_t *stmt, int column, char *out, size_t out_size)
{
    const char *text = vc_db_column_text (stmt, column);
    vc_text_copy (out, out_size, text);
}

int
vc_casestore_provinces (vc_casestore_t *self, vc_casestore_province_t *list, size_t max)
{
    vc_db_stmt_t *stmt = vc_casestore_query (self, ST_PROVINCES, NULL, 0);
    int count = 0, rc = VC_DB_DONE;
    while ((size_t) count < max && (rc = vc_casestore_step (self, stmt)) == VC_DB_ROW) {
        list [count].code = (int) vc_db_column_int64 (stmt, 0);
        s_copy_text (stmt, 1, list [count].name, sizeof (list [count].name));
        s_copy_text (stmt, 2, list [count].ascii, sizeof (list [count].ascii));
        count++;
    }
    if ((size_t) count == max)
        rc = VC_DB_DONE;
    return vc_casestore_rows_end (self, stmt, rc, count);
}

int
vc_casestore_aliases (vc_casestore_t *self, vc_casestore_alias_fn *fn, void *arg)
{
    vc_db_stmt_t *stmt = vc_casestore_query (self, ST_ALIASES, NULL, 0);
    int count = 0, rc;
    while ((rc = vc_casestore_step (self, stmt)) == VC_DB_ROW) {
        const char *alias = vc_db_column_text (stmt, 0);
        if (fn && alias)
            fn (alias, (int) vc_db_column_int64 (stmt, 1), arg);
        count++;
    }
    return vc_casestore_rows_end (self, stmt, rc, count);
}

int
vc_casestore_scrape_last (vc_casestore_t *self, int64_t *finished_at,
                          char *status, size_t status_size)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_SCRAPE_LAST, NULL, 0, &stmt);
    if (rc == 0) {
        if (finished_at)
            *finished_at = vc_db_column_int64 (stmt, 0);
        if (status && status_size)
            s_copy_text (stmt, 1, status, status_size);
        vc_db_reset (stmt);
    }
    return rc;
}
