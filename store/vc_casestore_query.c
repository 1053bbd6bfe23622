/*  vc_casestore_query - read queries of the case store.

    Each query binds its prepared statement, steps it, and resets it, so a
    lookup costs no SQL parsing and no heap allocation of its own.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include <czmq.h>

//  Step a bound single-row query: 0 with a row, 1 without, -1 on error.
//  On 0 the statement keeps its row until the caller resets it.
int
vc_casestore_step_row (vc_casestore_t *self, sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
        return 0;
    sqlite3_reset (stmt);
    if (rc == SQLITE_DONE)
        return 1;
    vc_error ("casestore: %s", sqlite3_errmsg (self->db));
    return -1;
}

int
vc_casestore_total (vc_casestore_t *self, int code, int64_t *total, vc_day_t *as_of)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_TOTAL_LATEST);
    sqlite3_bind_int (stmt, 1, code);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc == 0) {
        if (total)
            *total = sqlite3_column_int64 (stmt, 0);
        if (as_of)
            *as_of = (vc_day_t) sqlite3_column_int (stmt, 1);
        sqlite3_reset (stmt);
    }
    return rc;
}

int
vc_casestore_daily (vc_casestore_t *self, int code, vc_day_t day, int64_t *new_cases)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_DAILY);
    sqlite3_bind_int (stmt, 1, day);
    sqlite3_bind_int (stmt, 2, code);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc == 0) {
        if (new_cases)
            *new_cases = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
    }
    return rc;
}

int
vc_casestore_series (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                     vc_day_t *days, int64_t *values, size_t max)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_SERIES);
    sqlite3_bind_int (stmt, 1, code);
    sqlite3_bind_int (stmt, 2, first);
    sqlite3_bind_int (stmt, 3, last);
    sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) max);
    int count = 0, rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        if (days)
            days [count] = (vc_day_t) sqlite3_column_int (stmt, 0);
        if (values)
            values [count] = sqlite3_column_int64 (stmt, 1);
        count++;
    }
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE? count: -1;
}

int
vc_casestore_national_total (vc_casestore_t *self, int64_t *total,
                             vc_day_t *as_of, int *provinces)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_NATIONAL_TOTAL);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc != 0)
        return rc;
    int count = sqlite3_column_int (stmt, 2);
    if (total)
        *total = sqlite3_column_int64 (stmt, 0);
    if (as_of)
        *as_of = (vc_day_t) sqlite3_column_int (stmt, 1);
    if (provinces)
        *provinces = count;
    sqlite3_reset (stmt);
    return count > 0? 0: 1;
}

int
vc_casestore_national_daily (vc_casestore_t *self, vc_day_t day,
                             int64_t *new_cases, int *provinces)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_NATIONAL_DAILY);
    sqlite3_bind_int (stmt, 1, day);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc != 0)
        return rc;
    int count = sqlite3_column_int (stmt, 1);
    if (new_cases)
        *new_cases = sqlite3_column_int64 (stmt, 0);
    if (provinces)
        *provinces = count;
    sqlite3_reset (stmt);
    return count > 0? 0: 1;
}

int
vc_casestore_top (vc_casestore_t *self, vc_day_t day,
                  vc_casestore_entry_t *top, size_t max)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_TOP);
    sqlite3_bind_int (stmt, 1, day);
    sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) max);
    int count = 0, rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        top [count].code = sqlite3_column_int (stmt, 0);
        top [count].value = sqlite3_column_int64 (stmt, 1);
        count++;
    }
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE? count: -1;
}

int
vc_casestore_range (vc_casestore_t *self, vc_day_t *first, vc_day_t *last)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_RANGE);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc != 0)
        return rc;
    bool empty = sqlite3_column_type (stmt, 0) == SQLITE_NULL;
    if (!empty && first)
        *first = (vc_day_t) sqlite3_column_int (stmt, 0);
    if (!empty && last)
        *last = (vc_day_t) sqlite3_column_int (stmt, 1);
    sqlite3_reset (stmt);
    return empty? 1: 0;
}

//  Copy a text column into a fixed buffer
static void
s_copy_text (sqlite3_stmt *stmt, int column, char *out, size_t out_size)
{
    const unsigned char *text = sqlite3_column_text (stmt, column);
    snprintf (out, out_size, "%s", text? (const char *) text: "");
}

int
vc_casestore_provinces (vc_casestore_t *self, vc_casestore_province_t *list, size_t max)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_PROVINCES);
    int count = 0, rc = SQLITE_DONE;
    while ((size_t) count < max && (rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        list [count].code = sqlite3_column_int (stmt, 0);
        s_copy_text (stmt, 1, list [count].name, sizeof (list [count].name));
        s_copy_text (stmt, 2, list [count].ascii, sizeof (list [count].ascii));
        count++;
    }
    if ((size_t) count == max)
        rc = SQLITE_DONE;
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE? count: -1;
}

int
vc_casestore_aliases (vc_casestore_t *self, vc_casestore_alias_fn *fn, void *arg)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_ALIASES);
    int count = 0, rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        const char *alias = (const char *) sqlite3_column_text (stmt, 0);
        if (fn && alias)
            fn (alias, sqlite3_column_int (stmt, 1), arg);
        count++;
    }
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE? count: -1;
}

int
vc_casestore_scrape_last (vc_casestore_t *self, int64_t *finished_at,
                          char *status, size_t status_size)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_SCRAPE_LAST);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc == 0) {
        if (finished_at)
            *finished_at = sqlite3_column_int64 (stmt, 0);
        if (status && status_size)
            s_copy_text (stmt, 1, status, status_size);
        sqlite3_reset (stmt);
    }
    return rc;
}
