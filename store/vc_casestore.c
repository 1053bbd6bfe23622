/*  vc_casestore - opening and closing the case store, its statements, and
    the self-test of the whole class (vc_casestore_test, at the end).

    The store lives in a vc_db database: a SQLite file (WAL mode, busy
    timeout, shared by the processes of one host) or a PostgreSQL database
    shared by every host. Opening applies the schema's migrations, seeds a
    new store, and prepares every statement once for the life of the object.
    Statements are written once for both backends.
*/
#include "vc_log.h"
#include "vc_casestore_priv.h"
#include "vc_check.h"
#include "vc_text.h"
#include <czmq.h>

#ifndef VC_DATA_DIR
#   define VC_DATA_DIR "data"
#endif

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

//  --------------------------------------------------------------------------
//  Self-test of the case store, every file of the class: in a fresh
//  temporary directory, or on PostgreSQL when VC_TEST_PG_ADDRESS names a
//  database (emptied before each fresh store): seeding from the shipped
//  snapshot, every query, batches with commit and rollback, validation
//  reasons, two handles on one store, a store without snapshot, a database
//  newer than the program, a copy in memory.

//  The address of a store named name: a file of dir, or the test's
//  PostgreSQL database, emptied first when fresh.
static const char *
s_address (const char *dir, const char *name, bool fresh, char *buf, size_t size)
{
    const char *pg = getenv ("VC_TEST_PG_ADDRESS");
    if (!pg || !*pg) {
        snprintf (buf, size, "%s/%s", dir, name);
        return buf;
    }
    if (fresh) {
        vc_db_t *db = vc_db_new (pg, NULL, "test");
        VC_CHECK (db);
        VC_CHECK (vc_db_exec (db, "DROP TABLE IF EXISTS scrapes, populations, totals,"
                                  " daily_cases, aliases, provinces, vc_schema CASCADE") == VC_DB_DONE);
        vc_db_destroy (&db);
    }
    vc_text_copy (buf, size, pg);
    return buf;
}

static vc_day_t
s_day (int year, int month, int mday)
{
    vc_day_t day = 0;
    VC_CHECK (vc_date_from_ymd (year, month, mday, &day) == 0);
    return day;
}

static void
s_count_alias (const char *alias, int code, void *arg)
{
    (void) alias;
    VC_CHECK (code > 0 && code < 100);
    (*(int *) arg)++;
}

//  Figures of the shipped snapshot (see data/SOURCES.md)
static void
s_test_snapshot (vc_casestore_t *store)
{
    vc_casestore_province_t list [70];
    VC_CHECK (vc_casestore_provinces (store, list, 70) == 63);
    VC_CHECK (list [0].code == 1 && streq (list [0].name, "Hà Nội"));
    VC_CHECK (vc_casestore_provinces (store, list, 2) == 2);
    int aliases = 0;
    VC_CHECK (vc_casestore_aliases (store, s_count_alias, &aliases) > 10);
    VC_CHECK (aliases > 10);

    vc_day_t first, last;
    VC_CHECK (vc_casestore_range (store, &first, &last) == 0);
    VC_CHECK (first == s_day (2020, 3, 18) && last == s_day (2022, 1, 21));
    int64_t value;
    vc_day_t as_of;
    VC_CHECK (vc_casestore_daily (store, 79, s_day (2021, 12, 15), &value) == 0 && value == 1270);
    VC_CHECK (vc_casestore_daily (store, 1, s_day (2021, 12, 13), &value) == 0 && value == 1000);
    VC_CHECK (vc_casestore_daily (store, 79, s_day (2020, 1, 1), &value) == 1);
    VC_CHECK (vc_casestore_total (store, 1, &value, &as_of) == 0);
    VC_CHECK (value == 47788 && as_of == s_day (2022, 1, 1));
    VC_CHECK (vc_casestore_total (store, 66, &value, &as_of) == 1);
    VC_CHECK (vc_casestore_total (store, 3, &value, &as_of) == 1);
    char by [32] = "";
    VC_CHECK (vc_casestore_total_source (store, 1, s_day (2022, 1, 1), &value, by, sizeof by) == 0);
    VC_CHECK (value == 47788 && strncmp (by, "snapshot", 8) == 0);
    VC_CHECK (vc_casestore_total_source (store, 1, s_day (2021, 12, 31), &value, NULL, 0) == 1);

    int provinces;
    VC_CHECK (vc_casestore_national_daily (store, s_day (2021, 12, 13), &value, &provinces) == 0);
    VC_CHECK (value == 15349 && provinces == 63);
    VC_CHECK (vc_casestore_national_daily (store, s_day (2019, 1, 1), &value, &provinces) == 1);
    VC_CHECK (vc_casestore_national_total (store, &value, &as_of, &provinces) == 0);
    VC_CHECK (provinces == 49 && as_of == s_day (2022, 1, 1) && value > 1500000);

    vc_casestore_entry_t top [3];
    VC_CHECK (vc_casestore_top (store, s_day (2021, 12, 15), top, 3) == 3);
    VC_CHECK (top [0].code == 79 && top [0].value == 1270);
    VC_CHECK (top [1].code == 96 && top [1].value == 1072);
    VC_CHECK (top [2].code == 83 && top [2].value == 1035);
    VC_CHECK (vc_casestore_top (store, s_day (2019, 1, 1), top, 3) == 0);

    vc_day_t days [10];
    int64_t values [10];
    VC_CHECK (vc_casestore_series (store, 79, s_day (2021, 11, 28), s_day (2021, 12, 3),
                                  days, values, 10) == 6);
    VC_CHECK (days [3] == s_day (2021, 12, 1) && values [3] == 1675);
    VC_CHECK (vc_casestore_series (store, 79, s_day (2021, 12, 1), last, days, values, 10) == 10);
    VC_CHECK (days [9] == s_day (2021, 12, 10));
}

//  The whole-epidemic queries against figures of data/raw/portal/*.csv
static void
s_test_history (vc_casestore_t *store)
{
    int64_t cases, deaths;
    VC_CHECK (vc_casestore_day (store, 79, s_day (2021, 12, 15), &cases, &deaths) == 0);
    VC_CHECK (cases == 1270 && deaths == 63);
    //  A date the portal has no column for, and an empty cell: not reported
    VC_CHECK (vc_casestore_day (store, 79, s_day (2020, 4, 11), &cases, &deaths) == 1);
    VC_CHECK (vc_casestore_day (store, 4, s_day (2020, 9, 20), &cases, &deaths) == 1);
    VC_CHECK (vc_casestore_day (store, 1, s_day (2020, 9, 20), &cases, &deaths) == 0);
    //  The two refused cells (data/SOURCES.md): not reported
    VC_CHECK (vc_casestore_day (store, 96, s_day (2021, 10, 25), &cases, &deaths) == 1);
    VC_CHECK (vc_casestore_day (store, 91, s_day (2021, 9, 28), &cases, &deaths) == 1);

    vc_casestore_total_t total;
    VC_CHECK (vc_casestore_total_on (store, 1, s_day (2022, 1, 1), &total) == 0);
    VC_CHECK (total.kind == VC_TOTAL_REPORTED && total.cases == 47788);
    VC_CHECK (vc_casestore_total_on (store, 66, s_day (2022, 1, 21), &total) == 0);
    VC_CHECK (total.kind == VC_TOTAL_SUMMED && total.cases == 14399 && total.deaths == 81);
    VC_CHECK (total.last_report == s_day (2022, 1, 21));
    VC_CHECK (vc_casestore_total_on (store, 66, s_day (2020, 3, 1), &total) == 1);

    vc_casestore_point_t points [700];
    int count = vc_casestore_history (store, 0, s_day (2020, 1, 1), s_day (2022, 12, 31),
                                      points, 700);
    VC_CHECK (count == 645);
    VC_CHECK (vc_casestore_history (store, 0, s_day (2021, 12, 15), s_day (2021, 12, 15),
                                    points, 700) == 1);
    VC_CHECK (points [0].cases == 15522 && points [0].deaths == 283 && points [0].reports == 63);
    VC_CHECK (vc_casestore_history (store, 4, s_day (2020, 9, 19), s_day (2020, 9, 21),
                                    points, 700) == 2);
    VC_CHECK (points [0].day == s_day (2020, 9, 19) && points [1].day == s_day (2020, 9, 21));
    VC_CHECK (points [0].reports == 1);

    int rank, of;
    VC_CHECK (vc_casestore_rank (store, 79, s_day (2021, 12, 15), &rank, &of) == 0);
    VC_CHECK (rank == 1 && of == 63);
    VC_CHECK (vc_casestore_rank (store, 4, s_day (2020, 9, 20), &rank, &of) == 1);
    int64_t sum;
    int days;
    VC_CHECK (vc_casestore_window (store, 1, s_day (2021, 12, 9), s_day (2021, 12, 15),
                                   &sum, &days) == 0);
    VC_CHECK (sum == 822 + 637 + 548 + 980 + 1000 + 837 + 1024 && days == 7);
    vc_day_t when;
    VC_CHECK (vc_casestore_last_case (store, 1, s_day (2021, 12, 15), &when) == 0);
    VC_CHECK (when == s_day (2021, 12, 15));
    VC_CHECK (vc_casestore_last_case (store, 1, s_day (2020, 4, 1), &when) == 1);
    int64_t population;
    VC_CHECK (vc_casestore_population (store, 79, &population) == 0 && population == 8993082);
    VC_CHECK (vc_casestore_population (store, 48, &population) == 0 && population == 1134310);
    VC_CHECK (vc_casestore_population (store, 3, &population) == 1);  //  No such province
    vc_day_t latest;
    VC_CHECK (vc_casestore_last_day (store, 66, &latest) == 0 && latest == s_day (2022, 1, 21));
    VC_CHECK (vc_casestore_last_day (store, 3, &latest) == 1);
    //  The seed is one batch: every row changed since version 0
    static vc_casestore_changes_t changes;
    int64_t version;
    VC_CHECK (vc_casestore_version (store, &version) == 0 && version >= 1);
    VC_CHECK (vc_casestore_changes (store, 0, &changes) == 0);
    VC_CHECK (changes.version == version && changes.provinces == 63 && changes.rows > 40000);
    VC_CHECK (changes.codes [66].rows > 600 && changes.codes [3].rows == 0);
    VC_CHECK (changes.last == s_day (2022, 1, 21) && changes.codes [66].last == changes.last);
}

//  A batch stamps the rows whose figures it changes, and only those; a
//  reader asks what changed since the version it saw
static void
s_test_changes (vc_casestore_t *store)
{
    static vc_casestore_changes_t changes;
    int64_t seen, value, deaths;
    vc_day_t day = s_day (2021, 12, 15), other = s_day (2021, 12, 1);
    VC_CHECK (vc_casestore_version (store, &seen) == 0);
    VC_CHECK (vc_casestore_day (store, 79, day, &value, &deaths) == 0);
    //  The same figures written again: nothing changed
    VC_CHECK (vc_casestore_begin (store, "test:same") == 0);
    VC_CHECK (vc_casestore_add_day (store, 79, day, value, deaths, NULL, 0) == 0);
    VC_CHECK (vc_casestore_add_daily (store, 79, day, value, NULL, 0) == 0);
    VC_CHECK (vc_casestore_commit (store) == 0);
    VC_CHECK (vc_casestore_changes (store, seen, &changes) == 0);
    VC_CHECK (changes.rows == 0 && changes.provinces == 0 && changes.version == seen);
    //  New cases of one province, deaths of another
    VC_CHECK (vc_casestore_begin (store, "test:change") == 0);
    VC_CHECK (vc_casestore_add_daily (store, 79, day, value + 1, NULL, 0) == 0);
    VC_CHECK (vc_casestore_add_day (store, 1, other, 0, 5, NULL, 0) == 0);
    VC_CHECK (vc_casestore_add_day (store, 1, day, 1024, -1, NULL, 0) == 0);   //  As stored
    VC_CHECK (vc_casestore_commit (store) == 0);
    VC_CHECK (vc_casestore_changes (store, seen, &changes) == 0);
    VC_CHECK (changes.rows == 2 && changes.provinces == 2 && changes.version == seen + 1);
    VC_CHECK (changes.codes [79].rows == 1 && changes.codes [79].first == day);
    VC_CHECK (changes.codes [1].rows == 1 && changes.codes [1].last == other);
    VC_CHECK (changes.first == other && changes.last == day);
    //  Seen: nothing since; a version the store never reached: take all
    VC_CHECK (vc_casestore_changes (store, changes.version, &changes) == 0 && changes.rows == 0);
    VC_CHECK (vc_casestore_changes (store, seen + 100, &changes) == 1);
    //  Put back as it was (a change again)
    VC_CHECK (vc_casestore_begin (store, "test:back") == 0);
    VC_CHECK (vc_casestore_add_daily (store, 79, day, value, NULL, 0) == 0);
    VC_CHECK (vc_casestore_commit (store) == 0);
    VC_CHECK (vc_casestore_changes (store, seen + 1, &changes) == 0);
    VC_CHECK (changes.rows == 1 && changes.version == seen + 2);
}

static void
s_test_batches (vc_casestore_t *store, vc_casestore_t *reader)
{
    char err [256];
    vc_day_t day = s_day (2022, 1, 22);
    int64_t value;
    VC_CHECK (vc_casestore_add_daily (store, 1, day, 5, err, sizeof (err)) == -1);
    VC_CHECK (strstr (err, "no batch"));
    VC_CHECK (vc_casestore_commit (store) == -1);

    //  Rolled back rows never appear
    VC_CHECK (vc_casestore_begin (store, "test:rollback") == 0);
    VC_CHECK (vc_casestore_in_batch (store));
    VC_CHECK (vc_casestore_begin (store, "nested") == -1);
    VC_CHECK (vc_casestore_add_daily (store, 1, day, 2945, err, sizeof (err)) == 0);
    VC_CHECK (vc_casestore_rollback (store) == 0);
    VC_CHECK (vc_casestore_daily (store, 1, day, &value) == 1);

    //  A batch with refused rows, then commit
    VC_CHECK (vc_casestore_begin (store, "test:commit") == 0);
    VC_CHECK (vc_casestore_add_daily (store, 1, day, 2945, err, sizeof (err)) == 0);
    VC_CHECK (vc_casestore_add_daily (store, 3, day, 1, err, sizeof (err)) == -1);
    VC_CHECK (strstr (err, "unknown province code 3"));
    VC_CHECK (vc_casestore_add_daily (store, 1, day, -1, err, sizeof (err)) == -1);
    VC_CHECK (strstr (err, "negative"));
    VC_CHECK (vc_casestore_add_total (store, 1, day, 47000, err, sizeof (err)) == -1);
    VC_CHECK (strstr (err, "below 47.788 stored for 2022-01-01"));
    VC_CHECK (vc_casestore_add_total (store, 1, s_day (2021, 12, 31), 50000, err, sizeof (err)) == -1);
    VC_CHECK (strstr (err, "above"));
    VC_CHECK (vc_casestore_add_total (store, 1, day, 100000, NULL, 0) == 0);
    //  Other handles see nothing until commit (WAL snapshot)
    VC_CHECK (vc_casestore_daily (reader, 1, day, &value) == 1);
    VC_CHECK (vc_casestore_commit (store) == 0);
    VC_CHECK (!vc_casestore_in_batch (store));
    VC_CHECK (vc_casestore_daily (reader, 1, day, &value) == 0 && value == 2945);
    vc_day_t as_of;
    VC_CHECK (vc_casestore_total (reader, 1, &value, &as_of) == 0);
    VC_CHECK (value == 100000 && as_of == day);
    VC_CHECK (vc_casestore_check_total (reader, 1, day + 1, 99999, err, sizeof (err)) == -1);
    VC_CHECK (strstr (err, "below 100.000 stored for 2022-01-22"));
    VC_CHECK (vc_casestore_check_total (reader, 1, day, 99999, err, sizeof (err)) == 0);
    VC_CHECK (vc_casestore_check_total (reader, 1, day + 1, 100000, err, sizeof (err)) == 0);

    //  Replacing a row keeps one row per day and province
    VC_CHECK (vc_casestore_begin (store, "test:replace") == 0);
    VC_CHECK (vc_casestore_add_daily (store, 1, day, 2946, err, sizeof (err)) == 0);
    VC_CHECK (vc_casestore_commit (store) == 0);
    VC_CHECK (vc_casestore_daily (reader, 1, day, &value) == 0 && value == 2946);
    char source [32] = "";
    VC_CHECK (vc_casestore_day_source (reader, 1, day, &value, source, sizeof source) == 0);
    VC_CHECK (value == 2946 && streq (source, "test:replace"));
    VC_CHECK (vc_casestore_day_source (reader, 1, day - 1, &value, source, 8) == 0);
    VC_CHECK (streq (source, "snapsho"));
    VC_CHECK (vc_casestore_day_source (reader, 1, s_day (2020, 1, 1), &value, NULL, 0) == 1);
    vc_day_t first, last;
    VC_CHECK (vc_casestore_range (reader, &first, &last) == 0 && last == day);

    int64_t id = vc_casestore_scrape_add (store, "test", 100, 160, "ok", "63 provinces");
    VC_CHECK (id > 0);
    VC_CHECK (vc_casestore_scrape_add (store, "test", 200, 230, "failed", NULL) == id + 1);
    char status [16];
    int64_t finished;
    VC_CHECK (vc_casestore_scrape_last (reader, &finished, status, sizeof (status)) == 0);
    VC_CHECK (finished == 230 && streq (status, "failed"));

    VC_CHECK (vc_casestore_alias_add (store, "Nha Trang", 56) == 0);
    VC_CHECK (vc_casestore_alias_add (store, "Nowhere", 3) == -1);
}

//  A store without snapshot answers "no data" everywhere
static void
s_test_empty (const char *dir)
{
    char path [256];
    vc_casestore_t *store = vc_casestore_new (s_address (dir, "empty.db", true, path, sizeof path), NULL);
    VC_CHECK (store);
    vc_day_t first, last, as_of;
    int64_t value;
    int provinces;
    vc_casestore_province_t list [63];
    VC_CHECK (vc_casestore_provinces (store, list, 63) == 63);
    VC_CHECK (vc_casestore_range (store, &first, &last) == 1);
    VC_CHECK (vc_casestore_total (store, 79, &value, &as_of) == 1);
    VC_CHECK (vc_casestore_national_total (store, &value, &as_of, &provinces) == 1);
    VC_CHECK (vc_casestore_scrape_last (store, NULL, NULL, 0) == 1);
    vc_casestore_destroy (&store);
    VC_CHECK (store == NULL);
    vc_casestore_destroy (&store);
}

//  A snapshot with a bad row makes the open fail, leaving no half seed
static void
s_test_bad_snapshot (const char *dir)
{
    char path [256];
    snprintf (path, sizeof (path), "%s/snapshot", dir);
    VC_CHECK (zsys_dir_create (path) == 0);
    snprintf (path, sizeof (path), "%s/snapshot/daily_cases.csv", dir);
    FILE *file = fopen (path, "w");
    VC_CHECK (file);
    fprintf (file, "date,province_code,new_cases\n2021-12-01,79,1675\n2021-02-31,79,1\n");
    fclose (file);
    s_address (dir, "bad.db", true, path, sizeof path);
    VC_CHECK (vc_casestore_new (path, dir) == NULL);
    vc_casestore_t *store = vc_casestore_new (path, NULL);
    VC_CHECK (store);
    int64_t value;
    VC_CHECK (vc_casestore_daily (store, 79, s_day (2021, 12, 1), &value) == 1);
    vc_casestore_destroy (&store);
    //  A folder that cannot be made (its parent is a file)
    VC_CHECK (vc_casestore_new ("/dev/null/x/y.db", NULL) == NULL);
}

//  A database whose tables are newer than the program is refused, and left
//  as it was
static void
s_test_newer (const char *address)
{
    vc_db_t *db = vc_db_new (address, NULL, "test");
    VC_CHECK (db);
    VC_CHECK (vc_db_schema_version (db, "cases") == 2);
    VC_CHECK (vc_db_exec (db, "UPDATE vc_schema SET version = 99 WHERE name = 'cases'") == VC_DB_DONE);
    VC_CHECK (vc_casestore_new (address, NULL) == NULL);
    VC_CHECK (vc_db_schema_version (db, "cases") == 99);
    VC_CHECK (vc_db_exec (db, "UPDATE vc_schema SET version = 2 WHERE name = 'cases'") == VC_DB_DONE);
    vc_db_destroy (&db);
}

//  Two stores hold the same figures
static void
s_same (vc_casestore_t *a, vc_casestore_t *b)
{
    vc_day_t first [2], last [2], as_of [2];
    VC_CHECK (vc_casestore_range (a, &first [0], &last [0]) == 0);
    VC_CHECK (vc_casestore_range (b, &first [1], &last [1]) == 0);
    VC_CHECK (first [0] == first [1] && last [0] == last [1]);
    int64_t total [2];
    int provinces [2], aliases [2] = { 0, 0 };
    VC_CHECK (vc_casestore_national_total (a, &total [0], &as_of [0], &provinces [0]) == 0);
    VC_CHECK (vc_casestore_national_total (b, &total [1], &as_of [1], &provinces [1]) == 0);
    VC_CHECK (total [0] == total [1] && as_of [0] == as_of [1] && provinces [0] == provinces [1]);
    VC_CHECK (vc_casestore_aliases (a, s_count_alias, &aliases [0]) == aliases [0]);
    VC_CHECK (vc_casestore_aliases (b, s_count_alias, &aliases [1]) == aliases [1]);
    VC_CHECK (aliases [0] == aliases [1] && aliases [0] > 10);
    static vc_casestore_changes_t changes [2];
    VC_CHECK (vc_casestore_changes (a, 0, &changes [0]) == 0 && vc_casestore_changes (b, 0, &changes [1]) == 0);
    VC_CHECK (memcmp (&changes [0], &changes [1], sizeof changes [0]) == 0);
    int64_t population [2];
    VC_CHECK (vc_casestore_population (a, 79, &population [0]) == 0);
    VC_CHECK (vc_casestore_population (b, 79, &population [1]) == 0 && population [0] == population [1]);
    char status [2][16];
    int64_t finished [2];
    VC_CHECK (vc_casestore_scrape_last (a, &finished [0], status [0], 16) == 0);
    VC_CHECK (vc_casestore_scrape_last (b, &finished [1], status [1], 16) == 0);
    VC_CHECK (finished [0] == finished [1] && streq (status [0], status [1]));
}

//  A copy in memory answers as the store, follows it when copied again,
//  and a failed copy leaves it as it was
static void
s_test_copy (vc_casestore_t *store)
{
    vc_casestore_t *copy = vc_casestore_new (":memory:", NULL);
    VC_CHECK (copy);
    VC_CHECK (!vc_casestore_is_shared (copy));
    VC_CHECK (vc_casestore_copy (copy, store) == 0);
    s_same (copy, store);
    char print [2][256];
    VC_CHECK (vc_casestore_fingerprint (store, print [0], sizeof print [0]) == 0);
    VC_CHECK (vc_casestore_fingerprint (copy, print [1], sizeof print [1]) == 0);
    VC_CHECK (streq (print [0], print [1]));
    vc_day_t day = s_day (2022, 1, 23);
    int64_t value;
    VC_CHECK (vc_casestore_daily (copy, 79, day, &value) == 1);
    VC_CHECK (vc_casestore_begin (store, "test:copy") == 0);
    VC_CHECK (vc_casestore_add_day (store, 79, day, 777, 3, NULL, 0) == 0);
    VC_CHECK (vc_casestore_commit (store) == 0);
    VC_CHECK (vc_casestore_daily (copy, 79, day, &value) == 1);
    //  A write shows in the fingerprint
    VC_CHECK (vc_casestore_fingerprint (store, print [1], sizeof print [1]) == 0);
    VC_CHECK (!streq (print [0], print [1]));
    VC_CHECK (vc_casestore_copy (copy, store) == 0);
    VC_CHECK (vc_casestore_daily (copy, 79, day, &value) == 0 && value == 777);
    //  The source inside a batch cannot be copied: the copy keeps its figures
    VC_CHECK (vc_casestore_begin (store, "test:open") == 0);
    VC_CHECK (vc_casestore_copy (copy, store) == -1);
    VC_CHECK (vc_casestore_rollback (store) == 0);
    VC_CHECK (vc_casestore_daily (copy, 79, day, &value) == 0 && value == 777);
    s_same (copy, store);
    vc_casestore_destroy (&copy);
}

//  True if the plan of statement which reads every row of daily_cases:
//  SQLite's EXPLAIN QUERY PLAN says "SCAN daily_cases", PostgreSQL's
//  EXPLAIN "Seq Scan on daily_cases"
static bool
s_scans (vc_casestore_t *store, s_statement_t which)
{
    bool sqlite = vc_db_kind (store->db) == VC_DB_SQLITE;
    char *sql = zsys_sprintf ("%s %s", sqlite ? "EXPLAIN QUERY PLAN" : "EXPLAIN",
                              vc_casestore_sql [which]);
    VC_CHECK (sql);
    vc_db_stmt_t *stmt = vc_db_prepare (store->db, sql);
    VC_CHECK (stmt);
    bool scans = false;
    int rows = 0;
    while (vc_db_step (stmt) == VC_DB_ROW) {
        const char *line = vc_db_column_text (stmt, sqlite ? 3 : 0);
        rows++;
        if (line && (strstr (line, "SCAN daily_cases") || strstr (line, "Seq Scan on daily_cases")))
            scans = true;
    }
    VC_CHECK (rows > 0);
    vc_db_stmt_destroy (&stmt);
    zstr_free (&sql);
    return scans;
}

//  The covered range is two steps down the primary key, not a scan of the
//  whole history (both in one SELECT, SQLite read every row); on SQLite,
//  the queries of one province or one day do not scan either
static void
s_test_plans (vc_casestore_t *store)
{
    VC_CHECK (!s_scans (store, ST_RANGE));
    if (vc_db_kind (store->db) != VC_DB_SQLITE)
        return;                         //  PostgreSQL cannot plan the others unbound
    //  What a data service reads after each scrape to learn what changed
    //  (its own copy of a shared store is SQLite too): the rows above a
    //  version, the highest version, and a changed province's latest day
    const s_statement_t narrow [] = {
        ST_SERIES, ST_DAY, ST_HISTORY, ST_SUM_TO, ST_WINDOW, ST_LAST_CASE,
        ST_NATIONAL_DAILY, ST_RANK, ST_TOP, ST_CHANGES, ST_VERSION, ST_LAST_DAY
    };
    for (size_t i = 0; i < sizeof narrow / sizeof narrow [0]; i++)
        VC_CHECK (!s_scans (store, narrow [i]));
}

static void
s_remove_tree (const char *dir)
{
    const char *files [] = {
        "cases.db", "cases.db-wal", "cases.db-shm", "empty.db", "empty.db-wal",
        "empty.db-shm", "bad.db", "bad.db-wal", "bad.db-shm",
        "snapshot/daily_cases.csv", NULL
    };
    char path [256];
    for (const char **file = files; *file; file++) {
        snprintf (path, sizeof (path), "%s/%s", dir, *file);
        zsys_file_delete (path);
    }
    snprintf (path, sizeof (path), "%s/snapshot", dir);
    zsys_dir_delete (path);
    zsys_dir_delete (dir);
}

void
vc_casestore_test (bool verbose)
{
    printf (" * vc_casestore: ");
    if (verbose)
        printf ("\n");
    char dir [] = "/tmp/vc_casestore_XXXXXX";
    VC_CHECK (mkdtemp (dir));
    char path [256];
    s_address (dir, "cases.db", true, path, sizeof path);

    vc_casestore_t *store = vc_casestore_new (path, VC_DATA_DIR);
    VC_CHECK (store);
    s_test_snapshot (store);
    s_test_history (store);
    s_test_plans (store);
    s_test_changes (store);
    //  A second handle on the same file: no second seed
    vc_casestore_t *reader = vc_casestore_new (path, VC_DATA_DIR);
    VC_CHECK (reader);
    s_test_snapshot (reader);
    s_test_batches (store, reader);
    vc_casestore_destroy (&reader);
    vc_casestore_destroy (&store);

    //  Reopen: data survived, nothing reloaded over it
    store = vc_casestore_new (path, VC_DATA_DIR);
    VC_CHECK (store);
    int64_t value;
    VC_CHECK (vc_casestore_daily (store, 1, s_day (2022, 1, 22), &value) == 0 && value == 2946);
    VC_CHECK (vc_casestore_is_shared (store) == vc_db_address_is_postgresql (path));
    s_test_copy (store);
    vc_casestore_destroy (&store);
    s_test_newer (path);

    s_test_empty (dir);
    s_test_bad_snapshot (dir);
    s_remove_tree (dir);
    printf ("OK\n");
}
