/*  vc_casestore_schema - tables of the case store, and seeding a new store.

    A new store gets the 63 provinces and their built-in aliases, then the
    shipped snapshot (daily_cases.csv, totals.csv, population.csv), all in
    one transaction. Several processes may open a new store at once: the
    seeding transaction is taken with BEGIN IMMEDIATE and re-checks that the
    store is still empty.

    Schema versions (PRAGMA user_version): 0/1 had no deaths and no
    populations; 2 has both. An older store gets the deaths column, then the
    snapshot's rows for the days it lacks and its population figures; rows
    it already holds keep their new cases.
*/
#include "vc_log.h"
#include "vc_sqlite.h"
#include "vc_casestore_priv.h"
#include "vc_number.h"
#include "vc_province.h"
#include <czmq.h>

static const char *s_schema =
    "CREATE TABLE IF NOT EXISTS provinces ("
    "  code INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  ascii TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS aliases ("
    "  alias TEXT NOT NULL,"
    "  code INTEGER NOT NULL REFERENCES provinces (code),"
    "  PRIMARY KEY (alias, code));"
    "CREATE TABLE IF NOT EXISTS daily_cases ("
    "  day INTEGER NOT NULL,"
    "  code INTEGER NOT NULL REFERENCES provinces (code),"
    "  new_cases INTEGER NOT NULL CHECK (new_cases >= 0),"
    "  source TEXT NOT NULL,"
    "  scraped_at INTEGER NOT NULL,"
    "  deaths INTEGER CHECK (deaths >= 0),"
    "  PRIMARY KEY (day, code)) WITHOUT ROWID;"

    "CREATE TABLE IF NOT EXISTS totals ("
    "  day INTEGER NOT NULL,"
    "  code INTEGER NOT NULL REFERENCES provinces (code),"
    "  total_cases INTEGER NOT NULL CHECK (total_cases >= 0),"
    "  source TEXT NOT NULL,"
    "  scraped_at INTEGER NOT NULL,"
    "  PRIMARY KEY (day, code)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS totals_by_code ON totals (code, day);"
    "CREATE TABLE IF NOT EXISTS scrapes ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  source TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL,"
    "  finished_at INTEGER,"
    "  status TEXT NOT NULL,"
    "  detail TEXT);"
    "CREATE TABLE IF NOT EXISTS populations ("
    "  code INTEGER PRIMARY KEY REFERENCES provinces (code),"
    "  population INTEGER NOT NULL CHECK (population > 0),"
    "  source TEXT NOT NULL);";

//  After the deaths column exists: a province's series, totals and windows
//  read this index alone (the first schema's (code, day) index is dropped)
static const char *s_indexes =
    "DROP INDEX IF EXISTS daily_cases_by_code;"
    "CREATE INDEX IF NOT EXISTS daily_cases_by_code_day"
    "  ON daily_cases (code, day, new_cases, deaths);";

//  An integer from a one-row, one-column query; -1 on error
static int64_t
s_query_int (vc_casestore_t *self, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    int64_t value = -1;
    if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK
    &&  sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    return value;
}

static int
s_exec (vc_casestore_t *self, const char *sql)
{
    char *error = NULL;
    if (sqlite3_exec (self->db, sql, NULL, NULL, &error) != SQLITE_OK) {
        vc_error ("casestore: '%s' failed: %s", sql, error? error: "?");
        sqlite3_free (error);
        return -1;
    }
    return 0;
}

//  Add the deaths column to a store made before it existed. Taken under
//  BEGIN IMMEDIATE with a re-check, so two processes do not both add it.
static int
s_add_deaths_column (vc_casestore_t *self)
{
    const char *has =
        "SELECT COUNT(*) FROM pragma_table_info ('daily_cases') WHERE name = 'deaths'";
    if (s_query_int (self, has) != 0)
        return 0;
    if (s_exec (self, "BEGIN IMMEDIATE"))
        return -1;
    int64_t count = s_query_int (self, has);
    int rc = count < 0? -1: count > 0? 0:
        s_exec (self, "ALTER TABLE daily_cases ADD COLUMN deaths INTEGER CHECK (deaths >= 0)");
    if (s_exec (self, rc == 0? "COMMIT": "ROLLBACK"))
        rc = -1;
    if (rc == 0 && count == 0)
        vc_info ("casestore: added the deaths column");
    return rc;
}

int
vc_casestore_schema_create (vc_casestore_t *self)
{
    char *error = NULL;
    if (sqlite3_exec (self->db, s_schema, NULL, NULL, &error) != SQLITE_OK) {
        vc_error ("casestore: cannot create schema: %s", error? error: "?");
        sqlite3_free (error);
        return -1;
    }
    if (s_add_deaths_column (self))
        return -1;
    return vc_sqlite_exec_retry (self->db, s_indexes, 5000, "casestore");
}

//  Insert the '|'-separated aliases of one province
static int
s_seed_aliases (vc_casestore_t *self, const vc_province_t *province)
{
    const char *alias = province->aliases;
    while (alias && *alias) {
        const char *end = strchr (alias, '|');
        int len = end? (int) (end - alias): (int) strlen (alias);
        sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_ALIAS_ADD);
        sqlite3_bind_text (stmt, 1, alias, len, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 2, province->code);
        if (len > 0 && vc_casestore_run (self, stmt))
            return -1;
        alias = end? end + 1: NULL;
    }
    return 0;
}

static int
s_seed_provinces (vc_casestore_t *self)
{
    vc_provinces_t *provinces = vc_provinces_new ();
    sqlite3_stmt *insert = NULL;
    int rc = provinces? 0: -1;
    if (rc == 0 && sqlite3_prepare_v2 (self->db,
            "INSERT INTO provinces (code, name, ascii) VALUES (?1, ?2, ?3)",
            -1, &insert, NULL) != SQLITE_OK)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < vc_provinces_size (provinces); i++) {
        const vc_province_t *province = vc_provinces_at (provinces, i);
        sqlite3_bind_int (insert, 1, province->code);
        sqlite3_bind_text (insert, 2, province->name, -1, SQLITE_STATIC);
        sqlite3_bind_text (insert, 3, province->ascii, -1, SQLITE_STATIC);
        if (vc_casestore_run (self, insert) || s_seed_aliases (self, province))
            rc = -1;
    }
    sqlite3_finalize (insert);
    vc_provinces_destroy (&provinces);
    return rc;
}

//  True if the provinces table has no rows
static int
s_is_empty (vc_casestore_t *self, bool *empty)
{
    sqlite3_stmt *stmt = vc_casestore_stmt (self, ST_PROVINCES);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    *empty = rc == SQLITE_DONE;
    return 0;
}

//  Load the snapshot files; an upgrade (fill) loads the daily rows a store
//  lacks and the populations, not the totals it already has.
static int
s_load_snapshot (vc_casestore_t *self, const char *data_dir, bool fill)
{
    const char *files [] = { "daily_cases.csv", "totals.csv", "population.csv" };
    const vc_csv_kind_t kinds [] = { VC_CSV_DAILY, VC_CSV_TOTALS, VC_CSV_POPULATION };
    for (int i = 0; i < 3; i++) {
        if (fill && kinds [i] == VC_CSV_TOTALS)
            continue;
        char path [1024];
        snprintf (path, sizeof (path), "%s/snapshot/%s", data_dir, files [i]);
        if (!zsys_file_exists (path)) {
            vc_warn ("casestore: no snapshot file %s", path);
            continue;
        }
        snprintf (self->source, sizeof (self->source), "snapshot:%s", files [i]);
        self->fill = fill;
        int rows = vc_casestore_load_csv (self, path, kinds [i]);
        self->fill = false;
        if (rows < 0)
            return -1;
        vc_info ("casestore: loaded %d rows from %s", rows, path);
    }
    return 0;
}

static int
s_set_version (vc_casestore_t *self)
{
    char sql [64];
    snprintf (sql, sizeof sql, "PRAGMA user_version = %d", VC_CASESTORE_VERSION);
    return s_exec (self, sql);
}

//  Bring an older, already seeded store up to this version's data
static int
s_upgrade (vc_casestore_t *self, const char *data_dir)
{
    if (s_query_int (self, "PRAGMA user_version") >= VC_CASESTORE_VERSION)
        return 0;
    if (vc_casestore_begin (self, "snapshot"))
        return -1;
    int64_t version = s_query_int (self, "PRAGMA user_version");
    if (version < 0 || (version < VC_CASESTORE_VERSION
    &&  ((data_dir && s_load_snapshot (self, data_dir, true)) || s_set_version (self)))) {
        vc_casestore_rollback (self);
        return -1;
    }
    if (version < VC_CASESTORE_VERSION)
        vc_info ("casestore: upgraded from version %d to %d", (int) version, VC_CASESTORE_VERSION);
    return vc_casestore_commit (self);
}

int
vc_casestore_seed (vc_casestore_t *self, const char *data_dir)
{
    bool empty;
    if (s_is_empty (self, &empty))
        return -1;
    if (!empty)
        return s_upgrade (self, data_dir);
    if (vc_casestore_begin (self, "snapshot"))
        return -1;
    //  Another process may have seeded while we waited for the lock
    if (s_is_empty (self, &empty) || (empty && (s_seed_provinces (self)
    ||  (data_dir && s_load_snapshot (self, data_dir, false)) || s_set_version (self)))) {
        vc_casestore_rollback (self);
        return -1;
    }
    if (vc_casestore_commit (self))
        return -1;
    return empty? 0: s_upgrade (self, data_dir);
}
