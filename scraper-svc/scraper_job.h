/*  scraper_job - scrape one source from start to end: fetch the page,
    parse it, validate it, write it to the case store (scraper_apply) and
    record the run in the store's scrape log. The verdict of each run is a
    scraper_outcome_t: updated, unchanged, rejected or failed, with a
    reason. A page that fetched but could not be used is forgotten by the
    fetcher, so the next run asks for it again without conditions.

    A job owns its fetcher, its province matcher and its store handle; it
    belongs to one thread at a time.
*/
#ifndef SCRAPER_JOB_H_INCLUDED
#define SCRAPER_JOB_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scrape_fetch.h"
#include "scrape_sources.h"
#include "vc_casestore.h"
#include "vc_proto.h"
#include "vc_said.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SCRAPER_UPDATED = 1,        //  The store took new figures
    SCRAPER_UNCHANGED,          //  Not modified, or the same figures as stored
    SCRAPER_REJECTED,           //  The page makes no sense: nothing stored
    SCRAPER_FAILED              //  Could not fetch, or the store failed
} scraper_status_t;

#define SCRAPER_DETAIL_MAX 400
#define SCRAPER_NOTES_MAX  12   //  Notes kept per source run
#define SCRAPER_NOTE_MAX   200

typedef struct {
    char source [SCRAPE_SOURCE_NAME_MAX];
    int64_t started;            //  Seconds since the epoch
    int64_t finished;
    scraper_status_t status;
    char detail [SCRAPER_DETAIL_MAX];   //  said's text, cut to fit
    vc_said_t said;             //  The outcome's reason with its message id (none: a
                                //  text of no id, as a store's refusal)
    size_t rows;                //  Rows written to the store
    size_t provinces;           //  Provinces whose figures changed
    //  What of the page was read and what was skipped, and why (the
    //  parser's notes, cut to SCRAPER_NOTE_MAX bytes)
    char notes [SCRAPER_NOTES_MAX][SCRAPER_NOTE_MAX];
    size_t note_count;
    char client [VC_ADDRESS_MAX + 1];   //  Who asked for the run ("" if scheduled)
    char username [VC_EXTRA_MAX + 1];
} scraper_outcome_t;

//  "updated", "unchanged", "rejected", "failed".
const char *scraper_status_name (scraper_status_t status);

//  Set the outcome's status and its reason from a printf format, with the
//  reason's message id and values (vc_said.h); detail holds its text.
void scraper_outcome_say (scraper_outcome_t *outcome, scraper_status_t status,
                          const char *format, ...) __attribute__ ((format (printf, 3, 4)));
//  The same with a reason already said (its id, if it has one, kept).
void scraper_outcome_said (scraper_outcome_t *outcome, scraper_status_t status,
                           const vc_said_t *said);

typedef struct _scraper_job_t scraper_job_t;

//  Take over a store and a configured fetcher (both set to NULL). The
//  matcher learns the store's extra aliases. NULL if out of memory.
scraper_job_t *scraper_job_new (vc_casestore_t **store_p, scrape_fetch_t **fetch_p);
//  A job made without a store (*store_p NULL: the database could not be
//  reached at start) opens it at the start of each run until it can; the
//  texts must outlive the job.
void scraper_job_open_later (scraper_job_t *self, const char *address,
                             const vc_db_options_t *options, const char *data_dir);
void scraper_job_destroy (scraper_job_t **self_p);

//  Scrape one source; fills every field of outcome but client/username.
void scraper_job_run (scraper_job_t *self, const scrape_source_t *source,
                      scraper_outcome_t *outcome);

#ifdef __cplusplus
}
#endif
#endif
