/*  scraper_apply - write a validated page to the case store.

    The page's figures are compared with the store first: rows equal to
    what is stored are left alone, and a page with nothing new changes
    nothing. Totals are checked against the stored ones (a total may not
    fall below the total stored for the same or an earlier day, nor rise
    above one stored for a later day). The changed rows are then written in
    one transaction, rolled back whole if the store refuses any row.
*/
#ifndef SCRAPER_APPLY_H_INCLUDED
#define SCRAPER_APPLY_H_INCLUDED

#include "scrape_result.h"
#include "scraper_job.h"
#include "vc_casestore.h"
#include "vc_province.h"

#ifdef __cplusplus
extern "C" {
#endif

//  Apply result under the batch name source. Sets outcome->status
//  (UPDATED, UNCHANGED, REJECTED or FAILED), detail, rows and provinces.
//  Returns 0 if the store holds the page's figures now, -1 if not.
int scraper_apply (vc_casestore_t *store, const char *source,
                   const scrape_result_t *result, vc_provinces_t *provinces,
                   scraper_outcome_t *outcome);

//  For a page that lists every province with cases on each day it covers
//  (a source with 'unlisted = zero'): add a daily 0 for each province the
//  page leaves out on each day that has daily rows, so the store holds the
//  published zeros too. Returns the rows added, or -1 (out of memory).
int scraper_fill_unlisted (scrape_result_t *result, vc_provinces_t *provinces);

//  Describe a set of days for people: "15-12-2021", "01-12-2021, 03-12-2021"
//  or "01-12-2021 to 21-01-2022 (52 days)". Sorts days in place.
void scraper_describe_days (vc_day_t *days, size_t count, char *out, size_t out_size);

#ifdef __cplusplus
}
#endif
#endif
