/*  vc_casestore_history - the whole-epidemic queries of the case store:
    one day with deaths, series of a province or of the country, totals on
    any day ("reported" or "sum of daily reports"), rank among the
    provinces, windows for averages, the last day with cases, populations.

    Each binds a statement prepared when the store opened; none allocates.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include <czmq.h>

//  A column that may be NULL: -1 for NULL
static int64_t
s_column_or_none (sqlite3_stmt *stmt, int column)
{
    return sqlite3_column_type (stmt, column) == SQLITE_NULL
         ? -1: sqlite3_column_int64 (stmt, column);
}

int
vc_casestore_day (vc_casestore_t *self, int code, vc_day_t day,
                  int64_t *new_cases, int64_t *deaths)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_DAY);
    sqlite3_bind_int (stmt, 1, day);
    sqlite3_bind_int (stmt, 2, code);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc == 0) {
        if (new_cases)
            *new_cases = sqlite3_column_int64 (stmt, 0);
        if (deaths)
            *deaths = s_column_or_none (stmt, 1);
        sqlite3_reset (stmt);
    }
    return rc;
}

int
vc_casestore_history (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                      vc_casestore_point_t *points, size_t max)
{
    sqlite3_stmt *stmt;
    if (code == 0) {
        stmt = vc_casestore_stmt (self, ST_NATIONAL_HISTORY);
        sqlite3_bind_int (stmt, 1, first);
        sqlite3_bind_int (stmt, 2, last);
        sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) max);
    }
    else {
        stmt = vc_casestore_stmt (self, ST_HISTORY);
        sqlite3_bind_int (stmt, 1, code);
        sqlite3_bind_int (stmt, 2, first);
        sqlite3_bind_int (stmt, 3, last);
        sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) max);
    }
    int count = 0, rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        vc_casestore_point_t *point = points + count++;
        point->day = (vc_day_t) sqlite3_column_int (stmt, 0);
        point->cases = sqlite3_column_int64 (stmt, 1);
        point->deaths = s_column_or_none (stmt, 2);
        point->reports = sqlite3_column_int (stmt, 3);
    }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE) {
        vc_error ("casestore: %s", sqlite3_errmsg (self->db));
        return -1;
    }
    return count;
}

int
vc_casestore_total_on (vc_casestore_t *self, int code, vc_day_t day,
                       vc_casestore_total_t *total)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_SUM_TO);
    sqlite3_bind_int (stmt, 1, code);
    sqlite3_bind_int (stmt, 2, day);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc != 0)
        return rc;
    int reports = sqlite3_column_int (stmt, 2);
    total->cases = sqlite3_column_int64 (stmt, 0);
    total->deaths = sqlite3_column_int64 (stmt, 1);
    total->reports = reports;
    total->last_report = (vc_day_t) sqlite3_column_int (stmt, 3);
    total->kind = VC_TOTAL_SUMMED;
    sqlite3_reset (stmt);

    stmt = vc_casestore_stmt (self, ST_TOTAL_ON);
    sqlite3_bind_int (stmt, 1, code);
    sqlite3_bind_int (stmt, 2, day);
    rc = vc_casestore_step_row (self, stmt);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        total->cases = sqlite3_column_int64 (stmt, 0);
        total->kind = VC_TOTAL_REPORTED;
        sqlite3_reset (stmt);
        return 0;
    }
    return reports > 0? 0: 1;
}

int
vc_casestore_rank (vc_casestore_t *self, int code, vc_day_t day, int *rank, int *of)
{
    int64_t cases;
    int rc = vc_casestore_day (self, code, day, &cases, NULL);
    if (rc != 0)
        return rc;
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_RANK);
    sqlite3_bind_int (stmt, 1, day);
    sqlite3_bind_int64 (stmt, 2, cases);
    rc = vc_casestore_step_row (self, stmt);
    if (rc == 0) {
        *rank = 1 + sqlite3_column_int (stmt, 0);
        *of = sqlite3_column_int (stmt, 1);
        sqlite3_reset (stmt);
    }
    return rc;
}

int
vc_casestore_window (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                     int64_t *sum, int *days)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_WINDOW);
    sqlite3_bind_int (stmt, 1, code);
    sqlite3_bind_int (stmt, 2, first);
    sqlite3_bind_int (stmt, 3, last);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc != 0)
        return rc;
    *sum = sqlite3_column_int64 (stmt, 0);
    *days = sqlite3_column_int (stmt, 1);
    sqlite3_reset (stmt);
    return *days > 0? 0: 1;
}

int
vc_casestore_last_case (vc_casestore_t *self, int code, vc_day_t day, vc_day_t *last)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_LAST_CASE);
    sqlite3_bind_int (stmt, 1, code);
    sqlite3_bind_int (stmt, 2, day);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc != 0)
        return rc;
    bool none = sqlite3_column_type (stmt, 0) == SQLITE_NULL;
    if (!none)
        *last = (vc_day_t) sqlite3_column_int (stmt, 0);
    sqlite3_reset (stmt);
    return none? 1: 0;
}

int
vc_casestore_population (vc_casestore_t *self, int code, int64_t *population)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_POPULATION);
    sqlite3_bind_int (stmt, 1, code);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc == 0) {
        *population = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
    }
    return rc;
}

int
vc_casestore_marks (vc_casestore_t *self, vc_casestore_mark_t marks [VC_CASESTORE_CODES])
{
    memset (marks, 0, sizeof (vc_casestore_mark_t) * VC_CASESTORE_CODES);
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_MARKS);
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        int code = sqlite3_column_int (stmt, 0);
        if (code <= 0 || code >= VC_CASESTORE_CODES)
            continue;
        marks [code].last_day = (vc_day_t) sqlite3_column_int (stmt, 1);
        marks [code].reports = sqlite3_column_int (stmt, 2);
        marks [code].cases = sqlite3_column_int64 (stmt, 3);
        marks [code].deaths = sqlite3_column_int64 (stmt, 4);
    }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE) {
        vc_error ("casestore: %s", sqlite3_errmsg (self->db));
        return -1;
    }
    return 0;
}
