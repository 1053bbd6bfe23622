/*  vc_casestore_priv - internals shared by the case store's files.

    The store object, its prepared statements, and helpers to run them.
*/
#ifndef VC_CASESTORE_PRIV_H_INCLUDED
#define VC_CASESTORE_PRIV_H_INCLUDED

#include "vc_casestore.h"
#include <sqlite3.h>

typedef enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_TOTAL_LATEST,
    ST_TOTAL_BEFORE,
    ST_TOTAL_AFTER,
    ST_DAILY,
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
    ST_MARKS,
    ST_COUNT
} s_statement_t;

struct _vc_casestore_t {
    sqlite3 *db;
    sqlite3_stmt *st [ST_COUNT];
    bool in_batch;
    char source [128];              //  Source of the open batch
    int64_t scraped_at;             //  Start time of the open batch
    bool fill;                      //  Loading: keep rows already stored
};

//  Schema version written in PRAGMA user_version
#define VC_CASESTORE_VERSION 2

//  SQL text of each statement, indexed by s_statement_t
extern const char *vc_casestore_sql [ST_COUNT];

//  Get a statement ready for new bindings
sqlite3_stmt *vc_casestore_stmt (vc_casestore_t *self, s_statement_t which);

//  Step a statement that returns no rows, then reset it. Returns 0 or -1.
int vc_casestore_run (vc_casestore_t *self, sqlite3_stmt *stmt);

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
int vc_casestore_step_row (vc_casestore_t *self, sqlite3_stmt *stmt);

#endif
