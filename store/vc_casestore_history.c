/*  vc_casestore_history - the whole-epidemic queries of the case store:
    one day with deaths, series of a province or of the country, totals on
    any day ("reported" or "sum of daily reports"), rank among the
    provinces, windows for averages, the last day with cases, populations.

    Each binds a statement prepared when the store opened; none allocates.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include "vc_text.h"
#include <czmq.h>

#define S_ARGS VC_CASESTORE_ARGS

//  A column that may be NULL: -1 for NULL
static int64_t
s_column_or_none (vc_db_stmt_t *stmt, int column)
{
    return vc_db_column_null (stmt, column)
         ? -1: vc_db_column_int64 (stmt, column);
}

int
vc_casestore_day (vc_casestore_t *self, int code, vc_day_t day,
                  int64_t *new_cases, int64_t *deaths)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_DAY, S_ARGS (day, code), &stmt);
    if (rc == 0) {
        if (new_cases)
            *new_cases = vc_db_column_int64 (stmt, 0);
        if (deaths)
            *deaths = s_column_or_none (stmt, 1);
        vc_db_reset (stmt);
    }
    return rc;
}

int
vc_casestore_day_source (vc_casestore_t *self, int code, vc_day_t day,
                         int64_t *new_cases, char *source, size_t source_size)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_DAY, S_ARGS (day, code), &stmt);
    if (rc == 0) {
        if (new_cases)
            *new_cases = vc_db_column_int64 (stmt, 0);
        const char *text = vc_db_column_text (stmt, 2);
        if (source && source_size)
            vc_text_copy (source, source_size, text);
        vc_db_reset (stmt);
    }
    return rc;
}

int
vc_casestore_total_source (vc_casestore_t *self, int code, vc_day_t day,
                           int64_t *total, char *source, size_t source_size)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_TOTAL_ON, S_ARGS (code, day), &stmt);
    if (rc == 0) {
        if (total)
            *total = vc_db_column_int64 (stmt, 0);
        const char *text = vc_db_column_text (stmt, 1);
        if (source && source_size)
            vc_text_copy (source, source_size, text);
        vc_db_reset (stmt);
    }
    return rc;
}

int
vc_casestore_history (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                      vc_casestore_point_t *points, size_t max)
{
    vc_db_stmt_t *stmt = code == 0
        ? vc_casestore_query (self, ST_NATIONAL_HISTORY, S_ARGS (first, last, (int64_t) max))
        : vc_casestore_query (self, ST_HISTORY, S_ARGS (code, first, last, (int64_t) max));
    int count = 0, rc;
    while ((rc = vc_casestore_step (self, stmt)) == VC_DB_ROW) {
        vc_casestore_point_t *point = points + count++;
        point->day = (vc_day_t) vc_db_column_int64 (stmt, 0);
        point->cases = vc_db_column_int64 (stmt, 1);
        point->deaths = s_column_or_none (stmt, 2);
        point->reports = (int) vc_db_column_int64 (stmt, 3);
    }
    return vc_casestore_rows_end (self, stmt, rc, count);
}

int
vc_casestore_total_on (vc_casestore_t *self, int code, vc_day_t day,
                       vc_casestore_total_t *total)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_SUM_TO, S_ARGS (code, day), &stmt);
    if (rc != 0)
        return rc;
    int reports = (int) vc_db_column_int64 (stmt, 2);
    total->cases = vc_db_column_int64 (stmt, 0);
    total->deaths = vc_db_column_int64 (stmt, 1);
    total->reports = reports;
    total->last_report = (vc_day_t) vc_db_column_int64 (stmt, 3);
    total->kind = VC_TOTAL_SUMMED;
    vc_db_reset (stmt);

    rc = vc_casestore_query_row (self, ST_TOTAL_ON, S_ARGS (code, day), &stmt);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        total->cases = vc_db_column_int64 (stmt, 0);
        total->kind = VC_TOTAL_REPORTED;
        vc_db_reset (stmt);
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
    vc_db_stmt_t *stmt;
    rc = vc_casestore_query_row (self, ST_RANK, S_ARGS (day, cases), &stmt);
    if (rc == 0) {
        *rank = 1 + (int) vc_db_column_int64 (stmt, 0);
        *of = (int) vc_db_column_int64 (stmt, 1);
        vc_db_reset (stmt);
    }
    return rc;
}

int
vc_casestore_window (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                     int64_t *sum, int *days)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_WINDOW, S_ARGS (code, first, last), &stmt);
    if (rc != 0)
        return rc;
    *sum = vc_db_column_int64 (stmt, 0);
    *days = (int) vc_db_column_int64 (stmt, 1);
    vc_db_reset (stmt);
    return *days > 0? 0: 1;
}

int
vc_casestore_last_case (vc_casestore_t *self, int code, vc_day_t day, vc_day_t *last)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_LAST_CASE, S_ARGS (code, day), &stmt);
    if (rc != 0)
        return rc;
    bool none = vc_db_column_null (stmt, 0);
    if (!none)
        *last = (vc_day_t) vc_db_column_int64 (stmt, 0);
    vc_db_reset (stmt);
    return none? 1: 0;
}

int
vc_casestore_population (vc_casestore_t *self, int code, int64_t *population)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_POPULATION, S_ARGS (code), &stmt);
    if (rc == 0) {
        *population = vc_db_column_int64 (stmt, 0);
        vc_db_reset (stmt);
    }
    return rc;
}

int
vc_casestore_version (vc_casestore_t *self, int64_t *version)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_VERSION, NULL, 0, &stmt);
    *version = 0;
    if (rc == 0) {
        *version = vc_db_column_int64 (stmt, 0);     //  NULL (no rows): 0
        vc_db_reset (stmt);
    }
    return rc < 0 ? -1 : 0;
}

//  One changed row into changes
static void
s_changed_row (vc_casestore_changes_t *changes, int code, vc_day_t day, int64_t version)
{
    if (version > changes->version)
        changes->version = version;
    if (code <= 0 || code >= VC_CASESTORE_CODES)
        return;
    if (changes->codes [code].rows++ == 0) {
        changes->provinces++;
        changes->codes [code].first = changes->codes [code].last = day;
    }
    if (day < changes->codes [code].first)
        changes->codes [code].first = day;
    if (day > changes->codes [code].last)
        changes->codes [code].last = day;
    if (changes->rows++ == 0 || day < changes->first)
        changes->first = day;
    if (day > changes->last)
        changes->last = day;
}

int
vc_casestore_changes (vc_casestore_t *self, int64_t since, vc_casestore_changes_t *changes)
{
    memset (changes, 0, sizeof *changes);
    changes->version = since;
    vc_db_stmt_t *stmt = vc_casestore_query (self, ST_CHANGES, S_ARGS (since));
    int rc;
    while ((rc = vc_casestore_step (self, stmt)) == VC_DB_ROW)
        s_changed_row (changes, (int) vc_db_column_int64 (stmt, 0),
                       (vc_day_t) vc_db_column_int64 (stmt, 1), vc_db_column_int64 (stmt, 2));
    if (vc_casestore_rows_end (self, stmt, rc, 0) < 0)
        return -1;
    if (changes->rows > 0)
        return 0;
    //  Nothing above since: the same store, or one that never reached it
    int64_t highest = 0;
    if (vc_casestore_version (self, &highest))
        return -1;
    return highest < since ? 1 : 0;
}

int
vc_casestore_last_day (vc_casestore_t *self, int code, vc_day_t *day)
{
    vc_db_stmt_t *stmt;
    int rc = vc_casestore_query_row (self, ST_LAST_DAY, S_ARGS (code), &stmt);
    if (rc != 0)
        return rc;
    bool none = vc_db_column_null (stmt, 0);
    *day = (vc_day_t) vc_db_column_int64 (stmt, 0);
    vc_db_reset (stmt);
    return none ? 1 : 0;
}
