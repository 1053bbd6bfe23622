/*  scraper_board - what the service's two threads share: the request for
    a run, whether a run is going on, the last outcome of every source, and
    the outcomes waiting to be published as events. The request loop asks
    for runs and reads the board; the scrape thread waits for a run, posts
    each source's outcome and says when the run is done. Every call takes
    the board's lock; none blocks for long but scraper_board_wait.
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
    SCRAPER_RUN_STARTED,        //  The scrape thread will run now
    SCRAPER_RUN_BUSY,           //  A run is going on already
    SCRAPER_RUN_COOLDOWN        //  The last run ended too recently
} scraper_run_t;

scraper_board_t *scraper_board_new (void);
void scraper_board_destroy (scraper_board_t **self_p);

//  --- Request loop -----------------------------------------------------
//  Ask for a run. With cooldown_ms > 0, a run is refused until that long
//  after the last one finished; *wait_ms then says how long is left.
scraper_run_t scraper_board_request (scraper_board_t *self, const scraper_trigger_t *trigger,
                                     int64_t cooldown_ms, int64_t *wait_ms);
//  Tell the scrape thread to stop after the current source.
void scraper_board_stop (scraper_board_t *self);
bool scraper_board_running (scraper_board_t *self);
//  Runs finished since the start.
uint64_t scraper_board_runs_done (scraper_board_t *self);
//  Next outcome to publish: 0, or -1 when none waits.
int scraper_board_next_event (scraper_board_t *self, scraper_outcome_t *outcome);
//  Copy the last outcome of each source (in first-run order) into out;
//  returns how many.
size_t scraper_board_last (scraper_board_t *self, scraper_outcome_t *out, size_t max);

//  --- Scrape thread ----------------------------------------------------
//  Wait for a run: true with the trigger once one is asked for, false once
//  the board is stopped.
bool scraper_board_wait (scraper_board_t *self, scraper_trigger_t *trigger);
bool scraper_board_stopping (scraper_board_t *self);
//  Keep a source's outcome and queue it for publishing.
void scraper_board_post (scraper_board_t *self, const scraper_outcome_t *outcome);
//  The run is over.
void scraper_board_done (scraper_board_t *self);

void scraper_board_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
