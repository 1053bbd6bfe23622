/*  vc_casestore_bulk - daily rows of a batch written in bulk to PostgreSQL.

    Each statement on PostgreSQL is a round trip to the server: the 40,000
    rows of the shipped snapshot one by one would take many seconds. Inside
    a batch on PostgreSQL, daily rows are checked at once (as on SQLite) but
    kept, and written together in one statement (arrays unnested on the
    server) when the batch commits, before any other statement of the
    store runs, or when many are waiting. A row given twice in one batch
    keeps its last figures, as it would row by row. While the store fills
    in an upgrade, rows already stored keep their figures (as
    ST_DAILY_FILL): the loader flushes before the fill ends.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include <czmq.h>

#define S_PENDING_MAX 8192

static const char *s_bulk_sql =
    "INSERT INTO daily_cases (day, code, new_cases, source, scraped_at, deaths, version)"
    " SELECT d, c, n, ?4::text, ?5::bigint, x, ?7::bigint"
    " FROM unnest (?1::integer[], ?2::integer[], ?3::bigint[], ?6::bigint[]) AS u (d, c, n, x)"
    " ON CONFLICT (day, code) DO UPDATE SET"
    " new_cases = excluded.new_cases, source = excluded.source,"
    " scraped_at = excluded.scraped_at,"
    " deaths = COALESCE (excluded.deaths, daily_cases.deaths),"
    VC_CASESTORE_PUT_VERSION;

//  The same for a fill: a stored row keeps its figures, gaining only deaths
static const char *s_bulk_fill_sql =
    "INSERT INTO daily_cases (day, code, new_cases, source, scraped_at, deaths, version)"
    " SELECT d, c, n, ?4::text, ?5::bigint, x, ?7::bigint"
    " FROM unnest (?1::integer[], ?2::integer[], ?3::bigint[], ?6::bigint[]) AS u (d, c, n, x)"
    " ON CONFLICT (day, code) DO UPDATE SET"
    " deaths = COALESCE (daily_cases.deaths, excluded.deaths),"
    VC_CASESTORE_FILL_VERSION;

bool
vc_casestore_bulk_wanted (vc_casestore_t *self)
{
    return vc_db_kind (self->db) == VC_DB_POSTGRESQL && self->in_batch;
}

int
vc_casestore_bulk_add (vc_casestore_t *self, int code, vc_day_t day, int64_t cases, int64_t deaths)
{
    if (!self->pending) {
        self->pending = (vc_casestore_row_t *) malloc (S_PENDING_MAX * sizeof (vc_casestore_row_t));
        if (!self->pending)
            return -1;
    }
    if (self->pending_count == S_PENDING_MAX && vc_casestore_bulk_flush (self))
        return -1;
    size_t order = self->pending_count++;
    self->pending [order] = (vc_casestore_row_t) {
        .day = day, .code = code, .cases = cases, .deaths = deaths, .order = order
    };
    return 0;
}

//  By day and code, the latest given last
static int
s_compare (const void *a, const void *b)
{
    const vc_casestore_row_t *x = (const vc_casestore_row_t *) a, *y = (const vc_casestore_row_t *) b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

//  The four arrays as PostgreSQL array text, one row per (day, code)
static int
s_arrays (vc_casestore_t *self, char *text [4])
{
    size_t size [4];
    FILE *file [4];
    for (int i = 0; i < 4; i++)
        file [i] = open_memstream (&text [i], &size [i]);
    int rc = file [0] && file [1] && file [2] && file [3] ? 0 : -1;
    bool first = true;
    for (size_t i = 0; rc == 0 && i < self->pending_count; i++) {
        const vc_casestore_row_t *row = self->pending + i, *next = row + 1;
        if (i + 1 < self->pending_count && next->day == row->day && next->code == row->code)
            continue;               //  A later row replaces this one
        const char *comma = first ? "{" : ",";
        fprintf (file [0], "%s%d", comma, (int) row->day);
        fprintf (file [1], "%s%d", comma, row->code);
        fprintf (file [2], "%s%" PRId64, comma, row->cases);
        if (row->deaths >= 0)
            fprintf (file [3], "%s%" PRId64, comma, row->deaths);
        else
            fprintf (file [3], "%sNULL", comma);
        first = false;
    }
    for (int i = 0; i < 4; i++)
        if (file [i]) {
            fputs (first ? "{}" : "}", file [i]);
            fclose (file [i]);
        }
    return rc;
}

int
vc_casestore_bulk_flush (vc_casestore_t *self)
{
    if (self->pending_count == 0)
        return 0;
    qsort (self->pending, self->pending_count, sizeof (vc_casestore_row_t), s_compare);
    char *text [4] = { NULL, NULL, NULL, NULL };
    int rc = s_arrays (self, text);
    vc_db_stmt_t **bulk = self->fill ? &self->bulk_fill : &self->bulk;
    if (rc == 0 && !*bulk && !(*bulk = vc_db_prepare (self->db, self->fill ? s_bulk_fill_sql : s_bulk_sql)))
        rc = -1;
    if (rc == 0) {
        vc_db_stmt_t *stmt = vc_db_fresh (*bulk);
        vc_db_bind_text (stmt, 1, text [0]);
        vc_db_bind_text (stmt, 2, text [1]);
        vc_db_bind_text (stmt, 3, text [2]);
        vc_db_bind_text (stmt, 4, self->source);
        vc_db_bind_int64 (stmt, 5, self->scraped_at);
        vc_db_bind_text (stmt, 6, text [3]);
        vc_db_bind_int64 (stmt, 7, self->version);
        rc = vc_casestore_run (self, stmt);
    }
    for (int i = 0; i < 4; i++)
        free (text [i]);
    self->pending_count = 0;
    if (rc)
        self->bulk_failed = true;
    return rc;
}

void
vc_casestore_bulk_drop (vc_casestore_t *self)
{
    self->pending_count = 0;
    self->bulk_failed = false;
}

void
vc_casestore_bulk_release (vc_casestore_t *self)
{
    free (self->pending);
    self->pending = NULL;
    vc_db_stmt_destroy (&self->bulk);
    vc_db_stmt_destroy (&self->bulk_fill);
}
