/*  vc_casestore - opening, configuring and closing the case store.

    Sets WAL mode and a busy timeout so several processes can share one
    database file, creates the schema, seeds a new store, and prepares
    every statement once for the life of the object.
*/
#include "vc_log.h"
#include "vc_sqlite.h"
#include "vc_casestore_priv.h"
#include <czmq.h>

#define S_BUSY_TIMEOUT_MSECS 5000

const char *vc_casestore_sql [ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_TOTAL_LATEST] =
        "SELECT total_cases, day FROM totals WHERE code = ?1"
        " ORDER BY day DESC LIMIT 1",
    [ST_TOTAL_BEFORE] =
        "SELECT total_cases, day FROM totals WHERE code = ?1 AND day < ?2"
        " ORDER BY day DESC LIMIT 1",
    [ST_TOTAL_AFTER] =
        "SELECT total_cases, day FROM totals WHERE code = ?1 AND day > ?2"
        " ORDER BY day ASC LIMIT 1",
    [ST_DAILY] = "SELECT new_cases FROM daily_cases WHERE day = ?1 AND code = ?2",
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
    [ST_RANGE] = "SELECT MIN(day), MAX(day) FROM daily_cases",
    [ST_PROVINCES] = "SELECT code, name, ascii FROM provinces ORDER BY code",
    [ST_PROVINCE_EXISTS] = "SELECT 1 FROM provinces WHERE code = ?1",
    [ST_ALIASES] = "SELECT alias, code FROM aliases ORDER BY code, alias",
    [ST_ALIAS_ADD] = "INSERT OR IGNORE INTO aliases (alias, code) VALUES (?1, ?2)",
    [ST_DAILY_PUT] =
        "INSERT INTO daily_cases (day, code, new_cases, source, scraped_at, deaths)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (day, code) DO UPDATE SET"
        " new_cases = excluded.new_cases, source = excluded.source,"
        " scraped_at = excluded.scraped_at,"
        " deaths = COALESCE (excluded.deaths, daily_cases.deaths)",
    [ST_DAILY_FILL] =
        "INSERT INTO daily_cases (day, code, new_cases, source, scraped_at, deaths)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (day, code) DO UPDATE SET"
        " deaths = COALESCE (daily_cases.deaths, excluded.deaths)",
    [ST_TOTAL_PUT] =
        "INSERT INTO totals (day, code, total_cases, source, scraped_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (day, code) DO UPDATE SET"
        " total_cases = excluded.total_cases, source = excluded.source,"
        " scraped_at = excluded.scraped_at",
    [ST_SCRAPE_ADD] =
        "INSERT INTO scrapes (source, started_at, finished_at, status, detail)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_SCRAPE_LAST] =
        "SELECT finished_at, status FROM scrapes ORDER BY finished_at DESC, id DESC LIMIT 1",
    [ST_DAY] = "SELECT new_cases, deaths FROM daily_cases WHERE day = ?1 AND code = ?2",
    [ST_HISTORY] =
        "SELECT day, new_cases, deaths, 1 FROM daily_cases"
        " WHERE code = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day LIMIT ?4",
    [ST_NATIONAL_HISTORY] =
        "SELECT day, SUM(new_cases), SUM(deaths), COUNT(*) FROM daily_cases"
        " WHERE day BETWEEN ?1 AND ?2 GROUP BY day ORDER BY day LIMIT ?3",
    [ST_TOTAL_ON] = "SELECT total_cases FROM totals WHERE code = ?1 AND day = ?2",
    [ST_SUM_TO] =
        "SELECT SUM(new_cases), SUM(deaths), COUNT(*), MAX(day) FROM daily_cases"
        " WHERE code = ?1 AND day <= ?2",
    [ST_RANK] =
        "SELECT SUM(new_cases > ?2), COUNT(*) FROM daily_cases WHERE day = ?1",
    [ST_WINDOW] =
        "SELECT SUM(new_cases), COUNT(*) FROM daily_cases"
        " WHERE code = ?1 AND day BETWEEN ?2 AND ?3",
    [ST_LAST_CASE] =
        "SELECT MAX(day) FROM daily_cases WHERE code = ?1 AND day <= ?2 AND new_cases > 0",
    [ST_POPULATION] = "SELECT population FROM populations WHERE code = ?1",
    [ST_MARKS] =
        "SELECT code, MAX(day), COUNT(*), SUM(new_cases), SUM(deaths) FROM daily_cases"
        " GROUP BY code",
    [ST_POPULATION_PUT] =
        "INSERT INTO populations (code, population, source) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (code) DO UPDATE SET population = excluded.population,"
        " source = excluded.source",
};

sqlite3_stmt *
vc_casestore_stmt (vc_casestore_t *self, s_statement_t which)
{
    sqlite3_stmt *stmt = self->st [which];
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    return stmt;
}

int
vc_casestore_run (vc_casestore_t *self, sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        vc_error ("casestore: %s", sqlite3_errmsg (self->db));
        return -1;
    }
    return 0;
}

static int
s_configure (vc_casestore_t *self)
{
    if (sqlite3_busy_timeout (self->db, S_BUSY_TIMEOUT_MSECS) != SQLITE_OK)
        return -1;
    const char *pragmas =
        "PRAGMA journal_mode = WAL;"
        "PRAGMA synchronous = NORMAL;"
        "PRAGMA foreign_keys = ON;";
    return vc_sqlite_exec_retry (self->db, pragmas, S_BUSY_TIMEOUT_MSECS, "casestore");
}

static int
s_prepare_all (vc_casestore_t *self)
{
    for (int i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v3 (self->db, vc_casestore_sql [i], -1,
                                SQLITE_PREPARE_PERSISTENT, &self->st [i], NULL) != SQLITE_OK) {
            vc_error ("casestore: cannot prepare '%s': %s",
                        vc_casestore_sql [i], sqlite3_errmsg (self->db));
            return -1;
        }
    }
    return 0;
}

vc_casestore_t *
vc_casestore_new (const char *path, const char *data_dir)
{
    if (!path)
        return NULL;
    vc_casestore_t *self = (vc_casestore_t *) zmalloc (sizeof (vc_casestore_t));
    if (!self)
        return NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK) {
        vc_error ("casestore: cannot open %s: %s", path,
                    self->db? sqlite3_errmsg (self->db): "out of memory");
        vc_casestore_destroy (&self);
        return NULL;
    }
    if (s_configure (self)
    ||  vc_casestore_schema_create (self)
    ||  s_prepare_all (self)
    ||  vc_casestore_seed (self, data_dir)) {
        vc_casestore_destroy (&self);
        return NULL;
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
            sqlite3_finalize (self->st [i]);
        sqlite3_close (self->db);
        free (self);
        *self_p = NULL;
    }
}
