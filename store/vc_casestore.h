/*  vc_casestore - durable store of COVID-19 case figures by province.

    One SQLite database (WAL mode, busy timeout) shared by several processes:
    data services read it, the scraper writes it. The first open creates the
    schema, seeds the 63 provinces and their aliases from the built-in table
    and loads the shipped snapshot (data_dir/snapshot/daily_cases.csv and
    totals.csv). Every statement is prepared once when the store opens.

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

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _vc_casestore_t vc_casestore_t;

typedef struct {
    int code;               //  Official province code
    int64_t value;          //  Cases
} vc_casestore_entry_t;

typedef struct {
    int code;
    char name [64];         //  Vietnamese name
    char ascii [64];        //  ASCII name
} vc_casestore_province_t;

//  Open or create the store at path. data_dir holds snapshot/*.csv, loaded on
//  first open only; NULL skips the snapshot. Returns NULL on failure.
vc_casestore_t *vc_casestore_new (const char *path, const char *data_dir);
void vc_casestore_destroy (vc_casestore_t **self_p);

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

void vc_casestore_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
