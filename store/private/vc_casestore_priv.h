/*  vc_casestore_priv - internals shared by the case store's files.

    The store object, its prepared statements (on vc_db: SQLite or
    PostgreSQL), and helpers to run them.
*/
#ifndef VC_CASESTORE_PRIV_H_INCLUDED
#define VC_CASESTORE_PRIV_H_INCLUDED

#include "vc_casestore.h"
#include "vc_db.h"

typedef enum {
    ST_TOTAL_LATEST,
    ST_TOTAL_BEFORE,
    ST_TOTAL_AFTER,
    ST_SERIES,
    ST_NATIONAL_TOTAL,
    ST_NATIONAL_DAILY,
    ST_TOP,
    ST_RANGE,
    ST_PROVINCES,
    ST_PROVINCE_EXISTS,
    ST_ALIASES,
    ST_ALIAS_ADD,
    ST_DAILY_PUT,
    ST_TOTAL_PUT,
    ST_SCRAPE_ADD,
    ST_SCRAPE_LAST,
    ST_DAY,
    ST_HISTORY,
    ST_NATIONAL_HISTORY,
    ST_TOTAL_ON,
    ST_SUM_TO,
    ST_RANK,
    ST_WINDOW,
    ST_LAST_CASE,
    ST_POPULATION,
    ST_POPULATION_PUT,
    ST_DAILY_FILL,
    ST_VERSION,
    ST_CHANGES,
    ST_LAST_DAY,
    ST_COUNT
} s_statement_t;

//  A daily row waiting to be written in bulk (vc_casestore_bulk.c)
typedef struct {
    vc_day_t day;
    int code;
    int64_t cases, deaths;
    size_t order;
} vc_casestore_row_t;

struct _vc_casestore_t {
    vc_db_t *db;
    vc_db_stmt_t *st [ST_COUNT];
    int last_rc;                    //  Result of the last statement
    bool have_codes;                //  codes [] loaded
    bool codes [100];               //  Province codes the store knows
    bool in_batch;
    char source [128];              //  Source of the open batch
    int64_t scraped_at;             //  Start time of the open batch
    int64_t version;                //  Version of the open batch
    bool fill;                      //  Loading: keep rows already stored
    vc_casestore_row_t *pending;    //  Daily rows of the batch not written yet
    size_t pending_count;
    bool bulk_failed;               //  A bulk write of this batch failed
    vc_db_stmt_t *bulk;             //  The bulk write (PostgreSQL)
    vc_db_stmt_t *bulk_fill;        //  The bulk write of a fill (PostgreSQL)
    vc_db_stmt_t *fingerprint;      //  vc_casestore_fingerprint
};

//  Version of the data a SQLite store holds (PRAGMA user_version): stores
//  below 2 get the snapshot's deaths and populations, stores below 3 the
//  census figures of all 63 provinces (2 had 32). The tables' own versions
//  are the migrations of vc_casestore_schema.c.
#define VC_CASESTORE_VERSION 3

//  The version a daily row gets in an upsert (the new row is 'excluded'):
//  the batch's when its figures change, else its own. A put replaces the
//  new cases and the deaths given; a fill only adds deaths a row lacks.
#define VC_CASESTORE_PUT_VERSION \
    " version = CASE WHEN daily_cases.new_cases = excluded.new_cases" \
    " AND daily_cases.deaths IS NOT DISTINCT FROM COALESCE (excluded.deaths, daily_cases.deaths)" \
    " THEN daily_cases.version ELSE excluded.version END"
#define VC_CASESTORE_FILL_VERSION \
    " version = CASE WHEN daily_cases.deaths IS NULL AND excluded.deaths IS NOT NULL" \
    " THEN excluded.version ELSE daily_cases.version END"

//  SQL text of each statement, indexed by s_statement_t
extern const char *vc_casestore_sql [ST_COUNT];

//  Get a statement ready for new bindings
vc_db_stmt_t *vc_casestore_stmt (vc_casestore_t *self, s_statement_t which);

//  Step a statement (vc_db_step), remembering a failure's result.
int vc_casestore_step (vc_casestore_t *self, vc_db_stmt_t *stmt);

//  Step a statement that returns no rows, then reset it. Returns 0 or -1.
int vc_casestore_run (vc_casestore_t *self, vc_db_stmt_t *stmt);

//  Create tables; on an empty store, seed provinces and load the snapshot.
int vc_casestore_schema_create (vc_casestore_t *self);
int vc_casestore_seed (vc_casestore_t *self, const char *data_dir);

//  Kinds of snapshot CSV files
typedef enum { VC_CSV_DAILY, VC_CSV_TOTALS, VC_CSV_POPULATION } vc_csv_kind_t;

//  Load one snapshot CSV inside the open batch. Returns rows loaded or -1.
int vc_casestore_load_csv (vc_casestore_t *self, const char *path, vc_csv_kind_t kind);

//  Store a population figure inside the open batch. Returns 0 or -1.
int vc_casestore_put_population (vc_casestore_t *self, int code, int64_t population,
                                 char *err, size_t err_size);

//  Step a bound single-row query: 0 with a row (kept until reset), 1
//  without, -1 on error.
int vc_casestore_step_row (vc_casestore_t *self, vc_db_stmt_t *stmt);

//  A query's statement made ready with int64 values bound to its
//  parameters in order (?1 to ?count); values may be NULL when count is 0.
vc_db_stmt_t *vc_casestore_query (vc_casestore_t *self, s_statement_t which,
                                  const int64_t *values, int count);

//  The same query stepped to its single row, in *stmt: 0 with a row (kept
//  until reset), 1 without, -1 on error (vc_casestore_step_row).
int vc_casestore_query_row (vc_casestore_t *self, s_statement_t which,
                            const int64_t *values, int count, vc_db_stmt_t **stmt);

//  The int64 values of a query and their count, for the two above
#define VC_CASESTORE_ARGS(...) \
    (const int64_t []) { __VA_ARGS__ }, \
    (int) (sizeof ((int64_t []) { __VA_ARGS__ }) / sizeof (int64_t))

//  End a multi-row query's loop whose last step gave rc: reset the
//  statement; the count, or -1 (logged) unless rc is done.
int vc_casestore_rows_end (vc_casestore_t *self, vc_db_stmt_t *stmt, int rc, int count);

//  Bulk writes of a batch's daily rows (PostgreSQL): wanted now; keep a row
//  (0 or -1); write the kept rows (0 or -1: the batch cannot commit);
//  forget them; free what the store holds for them (not a destructor:
//  the store stays).
bool vc_casestore_bulk_wanted (vc_casestore_t *self);
int vc_casestore_bulk_add (vc_casestore_t *self, int code, vc_day_t day, int64_t cases, int64_t deaths);
int vc_casestore_bulk_flush (vc_casestore_t *self);
void vc_casestore_bulk_drop (vc_casestore_t *self);
void vc_casestore_bulk_release (vc_casestore_t *self);

#endif
