/*  vc_casestore - opening and closing the case store, its statements.

    The store lives in a vc_db database: a SQLite file (WAL mode, busy
    timeout, shared by the processes of one host) or a PostgreSQL database
    shared by every host. Opening applies the schema's migrations, seeds a
    new store, and prepares every statement once for the life of the object.
    Statements are written once for both backends.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include <czmq.h>

#define S_SEED_WAIT_MS 30000

const char *vc_casestore_sql [ST_COUNT] = {
    [ST_TOTAL_LATEST] =
        "SELECT total_cases, day FROM totals WHERE code = ?1"
        " ORDER BY day DESC LIMIT 1",
    [ST_TOTAL_BEFORE] =
        "SELECT total_cases, day FROM totals WHERE code = ?1 AND day < ?2"
        " ORDER BY day DESC LIMIT 1",
    [ST_TOTAL_AFTER] =
        "SELECT total_cases, day FROM totals WHERE code = ?1 AND day > ?2"
        " ORDER BY day ASC LIMIT 1",
    [ST_SERIES] =
        "SELECT day, new_cases FROM daily_cases"
        " WHERE code = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day LIMIT ?4",
    [ST_NATIONAL_TOTAL] =
        "SELECT SUM(total_cases), MAX(day), COUNT(*) FROM totals AS t"
        " WHERE day = (SELECT MAX(day) FROM totals WHERE code = t.code)",
    [ST_NATIONAL_DAILY] =
        "SELECT SUM(new_cases), COUNT(*) FROM daily_cases WHERE day = ?1",
    [ST_TOP] =
        "SELECT code, new_cases FROM daily_cases WHERE day = ?1"
        " ORDER BY new_cases DESC, code ASC LIMIT ?2",
    //  Two subqueries: each is one step down the primary key (day, code);
    //  MIN and MAX in one SELECT made SQLite scan every row
    [ST_RANGE] =
        "SELECT (SELECT MIN(day) FROM daily_cases), (SELECT MAX(day) FROM daily_cases)",
    [ST_PROVINCES] = "SELECT code, name, ascii FROM provinces ORDER BY code",
    [ST_PROVINCE_EXISTS] = "SELECT code FROM provinces",
    [ST_ALIASES] = "SELECT alias, code FROM aliases ORDER BY code, alias",
    [ST_ALIAS_ADD] = "INSERT INTO aliases (alias, code) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    //  A row's version is the batch's when its figures change, else kept
    [ST_DAILY_PUT] =
        "INSERT INTO daily_cases (day, code, new_cases, source, scraped_at, deaths, version)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (day, code) DO UPDATE SET"
        " new_cases = excluded.new_cases, source = excluded.source,"
        " scraped_at = excluded.scraped_at,"
        " deaths = COALESCE (excluded.deaths, daily_cases.deaths),"
        VC_CASESTORE_PUT_VERSION,
    [ST_DAILY_FILL] =
        "INSERT INTO daily_cases (day, code, new_cases, source, scraped_at, deaths, version)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (day, code) DO UPDATE SET"
        " deaths = COALESCE (daily_cases.deaths, excluded.deaths),"
        VC_CASESTORE_FILL_VERSION,
    [ST_TOTAL_PUT] =
        "INSERT INTO totals (day, code, total_cases, source, scraped_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (day, code) DO UPDATE SET"
        " total_cases = excluded.total_cases, source = excluded.source,"
        " scraped_at = excluded.scraped_at",
    [ST_SCRAPE_ADD] =
        "INSERT INTO scrapes (source, started_at, finished_at, status, detail)"
        " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    [ST_SCRAPE_LAST] =
        "SELECT finished_at, status FROM scrapes"
        " ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT 1",
    [ST_DAY] = "SELECT new_cases, deaths, source FROM daily_cases WHERE day = ?1 AND code = ?2",
    [ST_HISTORY] =
        "SELECT day, new_cases, deaths, 1 FROM daily_cases"
        " WHERE code = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day LIMIT ?4",
    [ST_NATIONAL_HISTORY] =
        "SELECT day, SUM(new_cases), SUM(deaths), COUNT(*) FROM daily_cases"
        " WHERE day BETWEEN ?1 AND ?2 GROUP BY day ORDER BY day LIMIT ?3",
    [ST_TOTAL_ON] = "SELECT total_cases, source FROM totals WHERE code = ?1 AND day = ?2",
    [ST_SUM_TO] =
        "SELECT SUM(new_cases), SUM(deaths), COUNT(*), MAX(day) FROM daily_cases"
        " WHERE code = ?1 AND day <= ?2",
    [ST_RANK] =
        "SELECT SUM(CASE WHEN new_cases > ?2 THEN 1 ELSE 0 END), COUNT(*) FROM daily_cases"
        " WHERE day = ?1",
    [ST_WINDOW] =
        "SELECT SUM(new_cases), COUNT(*) FROM daily_cases"
        " WHERE code = ?1 AND day BETWEEN ?2 AND ?3",
    [ST_LAST_CASE] =
        "SELECT MAX(day) FROM daily_cases WHERE code = ?1 AND day <= ?2 AND new_cases > 0",
    [ST_POPULATION] = "SELECT population FROM populations WHERE code = ?1",
    //  One step down the version index; the rows changed since a version,
    //  a range of that index
    [ST_VERSION] = "SELECT MAX(version) FROM daily_cases",
    [ST_CHANGES] = "SELECT code, day, version FROM daily_cases WHERE version > ?1",
    [ST_LAST_DAY] = "SELECT MAX(day) FROM daily_cases WHERE code = ?1",
    [ST_POPULATION_PUT] =
        "INSERT INTO populations (code, population, source) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (code) DO UPDATE SET population = excluded.population,"
        " source = excluded.source",
};

vc_db_stmt_t *
vc_casestore_stmt (vc_casestore_t *self, s_statement_t which)
{
    //  Rows kept for a bulk write go first: every statement sees them
    if (self->pending_count)
        vc_casestore_bulk_flush (self);
    return vc_db_fresh (self->st [which]);
}

int
vc_casestore_step (vc_casestore_t *self, vc_db_stmt_t *stmt)
{
    int rc = vc_db_step (stmt);
    self->last_rc = rc;
    return rc;
}

int
vc_casestore_run (vc_casestore_t *self, vc_db_stmt_t *stmt)
{
    int rc = vc_casestore_step (self, stmt);
    vc_db_reset (stmt);
    return rc == VC_DB_DONE || rc == VC_DB_ROW ? 0 : -1;
}

int
vc_casestore_step_row (vc_casestore_t *self, vc_db_stmt_t *stmt)
{
    int rc = vc_casestore_step (self, stmt);
    if (rc == VC_DB_ROW)
        return 0;
    vc_db_reset (stmt);
    return rc == VC_DB_DONE ? 1 : -1;
}

vc_db_stmt_t *
vc_casestore_query (vc_casestore_t *self, s_statement_t which,
                    const int64_t *values, int count)
{
    vc_db_stmt_t *stmt = vc_casestore_stmt (self, which);
    for (int index = 0; index < count; index++)
        vc_db_bind_int64 (stmt, index + 1, values [index]);
    return stmt;
}

int
vc_casestore_query_row (vc_casestore_t *self, s_statement_t which,
                        const int64_t *values, int count, vc_db_stmt_t **stmt)
{
    *stmt = vc_casestore_query (self, which, values, count);
    return vc_casestore_step_row (self, *stmt);
}

int
vc_casestore_rows_end (vc_casestore_t *self, vc_db_stmt_t *stmt, int rc, int count)
{
    vc_db_reset (stmt);
    if (rc == VC_DB_DONE)
        return count;
    vc_error ("casestore: %s", vc_db_errmsg (self->db));
    return -1;
}

static int
s_prepare_all (vc_casestore_t *self)
{
    for (int i = 0; i < ST_COUNT; i++)
        if (!(self->st [i] = vc_db_prepare (self->db, vc_casestore_sql [i])))
            return -1;
    return 0;
}

vc_casestore_t *
vc_casestore_new (const char *path, const char *data_dir)
{
    return vc_casestore_open (path, NULL, data_dir);
}

vc_casestore_t *
vc_casestore_open (const char *address, const vc_db_options_t *options, const char *data_dir)
{
    return vc_casestore_connect (address, options, data_dir, NULL);
}

vc_casestore_t *
vc_casestore_connect (const char *address, const vc_db_options_t *options,
                      const char *data_dir, bool *unavailable)
{
    if (unavailable)
        *unavailable = false;
    if (!address || !*address)
        return NULL;
    vc_casestore_t *self = (vc_casestore_t *) zmalloc (sizeof (vc_casestore_t));
    if (!self)
        return NULL;
    //  A process seeding a new SQLite store holds its write lock for
    //  seconds on a busy machine: the others opening it wait that long
    vc_db_options_t settings = options ? *options : (vc_db_options_t) { 0 };
    if (settings.busy_timeout_ms <= 0)
        settings.busy_timeout_ms = S_SEED_WAIT_MS;
    int rc = vc_db_open (&self->db, address, &settings, "casestore");
    if (rc != VC_DB_DONE
    ||  vc_casestore_schema_create (self)
    ||  s_prepare_all (self)
    ||  vc_casestore_seed (self, data_dir)) {
        if (unavailable)
            *unavailable = rc == VC_DB_UNAVAILABLE || vc_db_unavailable (self->db);
        vc_casestore_destroy (&self);
    }
    return self;
}

void
vc_casestore_destroy (vc_casestore_t **self_p)
{
    if (self_p && *self_p) {
        vc_casestore_t *self = *self_p;
        if (self->in_batch)
            vc_casestore_rollback (self);
        for (int i = 0; i < ST_COUNT; i++)
            vc_db_stmt_destroy (&self->st [i]);
        vc_casestore_bulk_release (self);
        vc_db_stmt_destroy (&self->fingerprint);
        vc_db_destroy (&self->db);
        free (self);
        *self_p = NULL;
    }
}

bool
vc_casestore_is_shared (vc_casestore_t *self)
{
    return self && vc_db_kind (self->db) == VC_DB_POSTGRESQL;
}

bool
vc_casestore_unavailable (vc_casestore_t *self)
{
    return self && self->last_rc == VC_DB_UNAVAILABLE;
}
