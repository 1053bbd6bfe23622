/*  scraper_board - what the request loop knows of the scrapes: whether a
    run is going on, when the last one ended, how many ended, and the last
    outcome of every source. Only the request loop uses it: it decides on
    the board whether a run may start, then asks the scrape actor for it,
    and posts on the board what the actor reports over its pipe.
*/
#ifndef SCRAPER_BOARD_H_INCLUDED
#define SCRAPER_BOARD_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scraper_job.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _scraper_board_t scraper_board_t;

//  Who asked for a run ("" for the schedule).
typedef struct {
    char client [VC_ADDRESS_MAX + 1];
    char username [VC_EXTRA_MAX + 1];
} scraper_trigger_t;

typedef enum {
    SCRAPER_RUN_STARTED,        //  A run may start: ask the actor for it
    SCRAPER_RUN_BUSY,           //  A run is going on already
    SCRAPER_RUN_COOLDOWN        //  The last run ended too recently
} scraper_run_t;

scraper_board_t *scraper_board_new (void);
void scraper_board_destroy (scraper_board_t **self_p);

//  May a run start? STARTED marks it going on. With cooldown_ms > 0, a
//  run is refused until that long after the last one finished; *wait_ms
//  then says how long is left.
scraper_run_t scraper_board_request (scraper_board_t *self, int64_t cooldown_ms,
                                     int64_t *wait_ms);
bool scraper_board_running (scraper_board_t *self);
//  Runs finished since the start.
uint64_t scraper_board_runs_done (scraper_board_t *self);
//  Copy the last outcome of each source (in first-run order) into out;
//  returns how many.
size_t scraper_board_last (scraper_board_t *self, scraper_outcome_t *out, size_t max);
//  Keep a source's outcome.
void scraper_board_post (scraper_board_t *self, const scraper_outcome_t *outcome);
//  The run is over.
void scraper_board_done (scraper_board_t *self);

void scraper_board_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
