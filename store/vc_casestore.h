/*  vc_casestore - durable store of COVID-19 case figures by province.

    One database shared by several processes: data services read it, the
    scraper writes it. The address chooses the backend (vc_db): a file path
    is a SQLite database (WAL mode, busy timeout) for the processes of one
    host; a postgresql:// address is a PostgreSQL database shared by every
    host. Tables are versioned (migrations applied at open; a database newer
    than the program is refused). The first open creates the
    schema, seeds the 63 provinces and their aliases from the built-in table
    and loads the shipped snapshot (data_dir/snapshot/daily_cases.csv,
    totals.csv and population.csv). A store made by an older version gets
    the deaths column, the populations table and the days of the snapshot it
    lacks (rows it already has are kept). Every statement is prepared once
    when the store opens.

    A day without a row for a province is "not reported", never 0.

    Queries return 0 when a figure was found, 1 when the store has no such
    figure, and -1 on a database error. One vc_casestore_t belongs to one
    thread at a time; open one per thread or process.
*/
#ifndef VC_CASESTORE_H_INCLUDED
#define VC_CASESTORE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vc_date.h"
#include "vc_db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _vc_casestore_t vc_casestore_t;

typedef struct {
    int code;               //  Official province code
    int64_t value;          //  Cases
} vc_casestore_entry_t;

//  One point of a series: a day (or the first day of a week or month when
//  the caller sums), new cases, deaths (-1: not reported) and how many
//  daily reports were summed into it (0: the day was not reported).
typedef struct {
    vc_day_t day;
    int64_t cases;
    int64_t deaths;
    int reports;
} vc_casestore_point_t;

//  Where a total comes from
typedef enum {
    VC_TOTAL_REPORTED = 1,      //  A published cumulative figure for that day
    VC_TOTAL_SUMMED = 2         //  The sum of the daily reports up to that day
} vc_casestore_kind_t;

//  A province's totals on a day (see vc_casestore_total_on)
typedef struct {
    int64_t cases;
    vc_casestore_kind_t kind;
    int64_t deaths;             //  Sum of daily reported deaths up to the day
    int reports;                //  Daily reports summed
    vc_day_t last_report;       //  Latest reported day up to the day
} vc_casestore_total_t;

typedef struct {
    int code;
    char name [64];         //  Vietnamese name
    char ascii [64];        //  ASCII name
} vc_casestore_province_t;

//  Open or create the store at path. data_dir holds snapshot/*.csv, loaded on
//  first open only; NULL skips the snapshot. Returns NULL on failure.
vc_casestore_t *vc_casestore_new (const char *path, const char *data_dir);
//  The same for any store address (file path or postgresql://...), with
//  the connection's options (password file, timeouts; NULL: defaults).
vc_casestore_t *vc_casestore_open (const char *address, const vc_db_options_t *options,
                                   const char *data_dir);
//  vc_casestore_open telling, when it fails, whether only because the
//  PostgreSQL server could not be reached (*unavailable: try again later).
vc_casestore_t *vc_casestore_connect (const char *address, const vc_db_options_t *options,
                                      const char *data_dir, bool *unavailable);
void vc_casestore_destroy (vc_casestore_t **self_p);

//  True when the store is a PostgreSQL database shared between hosts.
bool vc_casestore_is_shared (vc_casestore_t *self);

//  True when the last statement failed because the database server could
//  not be reached (down, restarting, timed out): callers answer 503.
bool vc_casestore_unavailable (vc_casestore_t *self);

//  Replace every figure, alias, population and scrape of self by those of
//  from, in one transaction of each (from is read under its write lock, so
//  the copy is one consistent moment). 0, or -1 with self unchanged.
//  A data service keeps such a copy in memory (":memory:") of a shared store.
int vc_casestore_copy (vc_casestore_t *self, vc_casestore_t *from);

//  What the store's contents add up to (rows and latest writes of every
//  table) as text, to tell cheaply whether a copy is still current: 0, or
//  -1 when it cannot be read.
int vc_casestore_fingerprint (vc_casestore_t *self, char *out, size_t out_size);

//  Latest known cumulative total of a province, and the day it was published.
int vc_casestore_total (vc_casestore_t *self, int code, int64_t *total, vc_day_t *as_of);

//  New cases of a province on one day.
int vc_casestore_daily (vc_casestore_t *self, int code, vc_day_t day, int64_t *new_cases);

//  Daily figures of a province for days first..last (inclusive), oldest
//  first, at most max of them. Returns how many were written, or -1.
int vc_casestore_series (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                         vc_day_t *days, int64_t *values, size_t max);

//  Sum of every province's latest total; *as_of is the newest of those days
//  and *provinces how many provinces have a total.
int vc_casestore_national_total (vc_casestore_t *self, int64_t *total,
                                 vc_day_t *as_of, int *provinces);

//  Sum of all provinces' new cases on a day, and how many provinces reported.
int vc_casestore_national_daily (vc_casestore_t *self, vc_day_t day,
                                 int64_t *new_cases, int *provinces);

//  Up to max provinces with most new cases on a day, highest first.
//  Returns how many were written, or -1.
int vc_casestore_top (vc_casestore_t *self, vc_day_t day,
                      vc_casestore_entry_t *top, size_t max);

//  First and last day that have daily figures.
int vc_casestore_range (vc_casestore_t *self, vc_day_t *first, vc_day_t *last);

//  New cases and deaths (-1 when not reported) of a province on a day:
//  1 when the province reported nothing that day.
int vc_casestore_day (vc_casestore_t *self, int code, vc_day_t day,
                      int64_t *new_cases, int64_t *deaths);

//  New cases of a province on a day and the source that stored them (the
//  batch's name, "snapshot:daily_cases.csv" for the shipped snapshot; cut
//  to source_size bytes): 1 when the province reported nothing that day.
int vc_casestore_day_source (vc_casestore_t *self, int code, vc_day_t day,
                             int64_t *new_cases, char *source, size_t source_size);

//  The total published for a province on one day and the source that
//  stored it (cut to source_size bytes): 1 when no total is stored for
//  that day.
int vc_casestore_total_source (vc_casestore_t *self, int code, vc_day_t day,
                               int64_t *total, char *source, size_t source_size);

//  Reported days of a province (code 0: the country, summed over the
//  provinces that reported each day) for days first..last, oldest first, at
//  most max of them. Returns how many were written, or -1.
int vc_casestore_history (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                          vc_casestore_point_t *points, size_t max);

//  Total of a province on a day: the published total of that day when one
//  is stored (VC_TOTAL_REPORTED), else the sum of its daily reports up to
//  that day (VC_TOTAL_SUMMED). 1 when neither exists.
int vc_casestore_total_on (vc_casestore_t *self, int code, vc_day_t day,
                           vc_casestore_total_t *total);

//  Rank of a province's new cases among the provinces that reported that
//  day (1 + how many had more; ties share a rank), and how many reported.
//  1 when the province did not report that day.
int vc_casestore_rank (vc_casestore_t *self, int code, vc_day_t day, int *rank, int *of);

//  Sum of a province's new cases over days first..last and how many of
//  those days it reported (0 days: returns 1).
int vc_casestore_window (vc_casestore_t *self, int code, vc_day_t first, vc_day_t last,
                         int64_t *sum, int *days);

//  Latest day up to day on which a province reported new cases (> 0).
int vc_casestore_last_case (vc_casestore_t *self, int code, vc_day_t day, vc_day_t *last);

//  Population of a province (census figure stored with the snapshot); 1
//  when none is stored.
int vc_casestore_population (vc_casestore_t *self, int code, int64_t *population);

//  --- What changed ---------------------------------------------------------
//  A batch that changes a province's figures for a day (new cases or
//  deaths) stamps that row with the batch's version, one more than the
//  highest stored; a row written again with the same figures keeps its
//  version. A reader that saw version V learns what changed since from the
//  rows above V (a range of an index), without reading the others.
#define VC_CASESTORE_CODES 100

//  Highest version stored (0: none yet).
int vc_casestore_version (vc_casestore_t *self, int64_t *version);

//  The daily rows changed since a version, by province
typedef struct {
    int64_t version;            //  Highest version seen: ask from it next time
    int provinces;              //  Provinces whose figures changed
    int rows;                   //  Daily rows changed
    vc_day_t first, last;       //  Earliest and latest day changed
    struct {
        int rows;               //  0: the province did not change
        vc_day_t first, last;
    } codes [VC_CASESTORE_CODES];
} vc_casestore_changes_t;

//  What changed since version since: 0; 1 when the store holds no version
//  as high as since (another store, or one put back from an older copy:
//  take everything as changed); -1 on a store error.
int vc_casestore_changes (vc_casestore_t *self, int64_t since,
                          vc_casestore_changes_t *changes);

//  Latest reported day of a province (one step down an index); 1 when it
//  reported none.
int vc_casestore_last_day (vc_casestore_t *self, int code, vc_day_t *day);

//  Provinces ordered by code; returns how many were written, or -1.
int vc_casestore_provinces (vc_casestore_t *self, vc_casestore_province_t *list, size_t max);

//  Call fn for every stored alias (alias text, province code); returns the
//  number of aliases, or -1. Lets a matcher learn aliases added to the store.
typedef void (vc_casestore_alias_fn) (const char *alias, int code, void *arg);
int vc_casestore_aliases (vc_casestore_t *self, vc_casestore_alias_fn *fn, void *arg);

//  Store an extra alias for a province. Returns 0 or -1.
int vc_casestore_alias_add (vc_casestore_t *self, const char *alias, int code);

//  --- Updates (scraper) ---------------------------------------------------
//  A batch is one write transaction: begin, add rows, then commit or
//  rollback. Rows are tagged with the batch's source and start time.
int vc_casestore_begin (vc_casestore_t *self, const char *source);
int vc_casestore_commit (vc_casestore_t *self);
int vc_casestore_rollback (vc_casestore_t *self);
bool vc_casestore_in_batch (vc_casestore_t *self);

//  Add or replace one figure inside a batch. Returns 0, or -1 with a reason
//  in err (unknown province, negative count, no batch, total going down).
//  A refused row leaves the batch open; the caller decides what to do.
int vc_casestore_add_daily (vc_casestore_t *self, int code, vc_day_t day,
                            int64_t new_cases, char *err, size_t err_size);
//  The same with deaths (-1: not given; a stored figure is then kept).
int vc_casestore_add_day (vc_casestore_t *self, int code, vc_day_t day,
                          int64_t new_cases, int64_t deaths, char *err, size_t err_size);
int vc_casestore_add_total (vc_casestore_t *self, int code, vc_day_t day,
                            int64_t total, char *err, size_t err_size);

//  Check a total against the stored totals of that province without writing:
//  it may not be below the total of an earlier day nor above a later one.
int vc_casestore_check_total (vc_casestore_t *self, int code, vc_day_t day,
                              int64_t total, char *err, size_t err_size);

//  Record one scrape run (times in seconds since the epoch). status is e.g.
//  "ok", "partial" or "failed". Returns the new scrape id, or -1.
int64_t vc_casestore_scrape_add (vc_casestore_t *self, const char *source,
                                 int64_t started_at, int64_t finished_at,
                                 const char *status, const char *detail);

//  Latest scrape of any source: finished time and status (status_size bytes).
int vc_casestore_scrape_last (vc_casestore_t *self, int64_t *finished_at,
                              char *status, size_t status_size);

//  Self-test of the whole class (in vc_casestore.c).
void vc_casestore_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
