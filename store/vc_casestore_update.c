/*  vc_casestore_update - write side of the case store: batches and checks.

    A batch is one write transaction under the store's write lock (vc_db:
    SQLite BEGIN IMMEDIATE, PostgreSQL an advisory lock), so a scrape lands
    whole or not at all and readers in other processes or on other hosts
    never see half of it. Each row is
    checked before it is written: known province, non-negative count, and
    for totals, no decrease against the province's earlier totals.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include "vc_number.h"
#include "vc_text.h"
#include <czmq.h>

int
vc_casestore_begin (vc_casestore_t *self, const char *source)
{
    if (!self || self->in_batch)
        return -1;
    self->last_rc = vc_db_begin (self->db);
    if (self->last_rc != VC_DB_DONE)
        return -1;
    vc_text_copy (self->source, sizeof (self->source), source? source: "unknown");
    self->scraped_at = (int64_t) time (NULL);
    self->in_batch = true;
    vc_casestore_bulk_drop (self);
    //  The batch's version: one more than any stored, read under the
    //  write lock (batches take versions in the order they commit)
    if (vc_casestore_version (self, &self->version)) {
        vc_casestore_rollback (self);
        return -1;
    }
    self->version++;
    return 0;
}

int
vc_casestore_commit (vc_casestore_t *self)
{
    if (!self || !self->in_batch)
        return -1;
    if (vc_casestore_bulk_flush (self) || self->bulk_failed) {
        vc_error ("casestore: the batch's daily rows could not be written: %s", vc_db_errmsg (self->db));
        vc_casestore_rollback (self);
        return -1;
    }
    self->in_batch = false;
    self->last_rc = vc_db_commit (self->db);
    return self->last_rc == VC_DB_DONE ? 0 : -1;
}

int
vc_casestore_rollback (vc_casestore_t *self)
{
    if (!self || !self->in_batch)
        return -1;
    self->in_batch = false;
    vc_casestore_bulk_drop (self);
    vc_db_rollback (self->db);
    return 0;
}

bool
vc_casestore_in_batch (vc_casestore_t *self)
{
    return self && self->in_batch;
}

//  Callers may pass no error buffer: use a scratch one, and start empty.
static void
s_err_buffer (char **err, size_t *err_size, char *none, size_t none_size)
{
    if (!*err || *err_size == 0) {
        *err = none;
        *err_size = none_size;
    }
    (*err) [0] = 0;
}

//  The store's provinces never change once seeded: read their codes once
static bool
s_province_exists (vc_casestore_t *self, int code)
{
    if (code <= 0 || code >= VC_CASESTORE_CODES)
        return false;
    if (!self->have_codes) {
        vc_db_stmt_t *stmt = vc_casestore_stmt (self, ST_PROVINCE_EXISTS);
        memset (self->codes, 0, sizeof self->codes);
        int rc, count = 0;
        while ((rc = vc_casestore_step (self, stmt)) == VC_DB_ROW) {
            int64_t known = vc_db_column_int64 (stmt, 0);
            if (known > 0 && known < VC_CASESTORE_CODES)
                self->codes [known] = true;
            count++;
        }
        vc_db_reset (stmt);
        self->have_codes = rc == VC_DB_DONE && count > 0;
    }
    return self->codes [code];
}

//  Common checks for a row; returns 0 or -1 with reason in err
static int
s_check_row (vc_casestore_t *self, int code, vc_day_t day, int64_t value,
             char *err, size_t err_size)
{
    if (!self->in_batch) {
        snprintf (err, err_size, "no batch is open");
        return -1;
    }
    if (value < 0) {
        snprintf (err, err_size, "negative count %lld", (long long) value);
        return -1;
    }
    int year, month, mday;
    vc_date_to_ymd (day, &year, &month, &mday);
    if (year < 1900 || year > 2100) {
        snprintf (err, err_size, "day %d is out of range", (int) day);
        return -1;
    }
    if (!s_province_exists (self, code)) {
        snprintf (err, err_size, "unknown province code %d", code);
        return -1;
    }
    return 0;
}

//  Write one row through a PUT statement, tagged with the batch's source;
//  deaths (daily rows only) is bound when known, NULL otherwise
static int
s_put (vc_casestore_t *self, s_statement_t which, int code, vc_day_t day,
       int64_t value, int64_t deaths, char *err, size_t err_size)
{
    vc_db_stmt_t *stmt = vc_casestore_stmt (self, which);
    vc_db_bind_int64 (stmt, 1, day);
    vc_db_bind_int64 (stmt, 2, code);
    vc_db_bind_int64 (stmt, 3, value);
    vc_db_bind_text (stmt, 4, self->source);
    vc_db_bind_int64 (stmt, 5, self->scraped_at);
    if (which != ST_TOTAL_PUT && deaths >= 0)
        vc_db_bind_int64 (stmt, 6, deaths);
    else
    if (which != ST_TOTAL_PUT)
        vc_db_bind_null (stmt, 6);
    if (which != ST_TOTAL_PUT)
        vc_db_bind_int64 (stmt, 7, self->version);
    if (vc_casestore_run (self, stmt)) {
        snprintf (err, err_size, "database error: %s", vc_db_errmsg (self->db));
        return -1;
    }
    return 0;
}

int
vc_casestore_add_daily (vc_casestore_t *self, int code, vc_day_t day,
                        int64_t new_cases, char *err, size_t err_size)
{
    return vc_casestore_add_day (self, code, day, new_cases, -1, err, err_size);
}

int
vc_casestore_add_day (vc_casestore_t *self, int code, vc_day_t day,
                      int64_t new_cases, int64_t deaths, char *err, size_t err_size)
{
    char none [8];
    s_err_buffer (&err, &err_size, none, sizeof none);
    if (!self || s_check_row (self, code, day, new_cases, err, err_size))
        return -1;
    if (deaths < -1) {
        snprintf (err, err_size, "negative count %lld", (long long) deaths);
        return -1;
    }
    if (vc_casestore_bulk_wanted (self)) {
        if (vc_casestore_bulk_add (self, code, day, new_cases, deaths) == 0)
            return 0;
        snprintf (err, err_size, "database error: %s", vc_db_errmsg (self->db));
        return -1;
    }
    return s_put (self, self->fill? ST_DAILY_FILL: ST_DAILY_PUT, code, day,
                  new_cases, deaths, err, err_size);
}

int
vc_casestore_put_population (vc_casestore_t *self, int code, int64_t population,
                             char *err, size_t err_size)
{
    if (s_check_row (self, code, 0, population, err, err_size))
        return -1;
    if (population <= 0) {
        snprintf (err, err_size, "population must be above 0");
        return -1;
    }
    vc_db_stmt_t *stmt = vc_casestore_stmt (self, ST_POPULATION_PUT);
    vc_db_bind_int64 (stmt, 1, code);
    vc_db_bind_int64 (stmt, 2, population);
    vc_db_bind_text (stmt, 3, self->source);
    if (vc_casestore_run (self, stmt)) {
        snprintf (err, err_size, "database error: %s", vc_db_errmsg (self->db));
        return -1;
    }
    return 0;
}

//  Look at the nearest stored total before (or after) day; 0 if found
static int
s_neighbour_total (vc_casestore_t *self, s_statement_t which, int code,
                   vc_day_t day, int64_t *total, vc_day_t *when)
{
    vc_db_stmt_t *stmt = vc_casestore_stmt (self, which);
    vc_db_bind_int64 (stmt, 1, code);
    vc_db_bind_int64 (stmt, 2, day);
    int rc = vc_casestore_step_row (self, stmt);
    if (rc == 0) {
        *total = vc_db_column_int64 (stmt, 0);
        *when = (vc_day_t) vc_db_column_int64 (stmt, 1);
        vc_db_reset (stmt);
    }
    return rc;
}

int
vc_casestore_check_total (vc_casestore_t *self, int code, vc_day_t day,
                          int64_t total, char *err, size_t err_size)
{
    char none [8];
    s_err_buffer (&err, &err_size, none, sizeof none);
    int64_t other;
    vc_day_t when;
    char shown [32], stored [32], date [16];
    int rc = s_neighbour_total (self, ST_TOTAL_BEFORE, code, day, &other, &when);
    if (rc == 0 && total < other) {
        vc_date_format_iso (when, date, sizeof (date));
        snprintf (err, err_size, "total %s for province %02d is below %s stored for %s",
                  vc_number_format (total, shown, sizeof (shown)), code,
                  vc_number_format (other, stored, sizeof (stored)), date);
        return -1;
    }
    if (rc >= 0)
        rc = s_neighbour_total (self, ST_TOTAL_AFTER, code, day, &other, &when);
    if (rc == 0 && total > other) {
        vc_date_format_iso (when, date, sizeof (date));
        snprintf (err, err_size, "total %s for province %02d is above %s stored for later day %s",
                  vc_number_format (total, shown, sizeof (shown)), code,
                  vc_number_format (other, stored, sizeof (stored)), date);
        return -1;
    }
    if (rc < 0) {
        snprintf (err, err_size, "database error: %s", vc_db_errmsg (self->db));
        return -1;
    }
    return 0;
}

int
vc_casestore_add_total (vc_casestore_t *self, int code, vc_day_t day,
                        int64_t total, char *err, size_t err_size)
{
    char none [8];
    s_err_buffer (&err, &err_size, none, sizeof none);
    if (!self || s_check_row (self, code, day, total, err, err_size)
    ||  vc_casestore_check_total (self, code, day, total, err, err_size))
        return -1;
    return s_put (self, ST_TOTAL_PUT, code, day, total, -1, err, err_size);
}

int
vc_casestore_alias_add (vc_casestore_t *self, const char *alias, int code)
{
    if (!self || !alias || !*alias || !s_province_exists (self, code))
        return -1;
    vc_db_stmt_t *stmt = vc_casestore_stmt (self, ST_ALIAS_ADD);
    vc_db_bind_text (stmt, 1, alias);
    vc_db_bind_int64 (stmt, 2, code);
    return vc_casestore_run (self, stmt);
}

int64_t
vc_casestore_scrape_add (vc_casestore_t *self, const char *source,
                         int64_t started_at, int64_t finished_at,
                         const char *status, const char *detail)
{
    if (!self || !source || !status)
        return -1;
    vc_db_stmt_t *stmt = vc_casestore_stmt (self, ST_SCRAPE_ADD);
    vc_db_bind_text (stmt, 1, source);
    vc_db_bind_int64 (stmt, 2, started_at);
    vc_db_bind_int64 (stmt, 3, finished_at);
    vc_db_bind_text (stmt, 4, status);
    if (detail)
        vc_db_bind_text (stmt, 5, detail);
    else
        vc_db_bind_null (stmt, 5);
    if (vc_casestore_step_row (self, stmt) != 0)
        return -1;
    int64_t id = vc_db_column_int64 (stmt, 0);
    vc_db_reset (stmt);
    return id;
}
