/*  scraper_ops - the scraper service's operations.

        refresh     start a run of every enabled source now, in the
                    background: 200 "refresh started" or "already
                    running"; 429 within the cooldown after a run
        status      the last run of each source and the schedule

    Both are open to any client: the figures are public, only one run goes
    on at a time, and the cooldown bounds how often clients can cause one.
*/
#ifndef SCRAPER_OPS_H_INCLUDED
#define SCRAPER_OPS_H_INCLUDED

#include "scrape_sources.h"
#include "scraper_actor.h"
#include "scraper_board.h"
#include "vc_worker.h"

#ifdef __cplusplus
extern "C" {
#endif

//  What the operations read: the board, the actor and the schedule.
typedef struct {
    scraper_board_t *board;
    scraper_actor_t *actor;     //  Asked for the runs the board allows
    const scrape_sources_t *sources;
    int64_t interval_ms;        //  Between scheduled runs; 0: none
    int64_t cooldown_ms;        //  Least time between a run and a refresh
    int64_t next_run_ms;        //  Next scheduled run, ms since the epoch; 0: none
} scraper_ops_t;

//  Answer one request (consumed). Returns the status sent.
int scraper_ops_handle (const scraper_ops_t *self, vc_worker_t *worker,
                        vc_request_t **request_p);

//  Start a run if the board allows it (see scraper_board_request): the
//  actor is asked for it.
scraper_run_t scraper_ops_start (const scraper_ops_t *self, const scraper_trigger_t *trigger,
                                 int64_t cooldown_ms, int64_t *wait_ms);

//  The reply body of 'status', as a frame.
zframe_t *scraper_ops_status (const scraper_ops_t *self);

#ifdef __cplusplus
}
#endif
#endif
