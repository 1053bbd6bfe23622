/*  scraper_thread - the thread that scrapes, so the request loop never
    blocks: it waits on the board for a run, scrapes every enabled source
    in the order of the configuration with its own job (fetcher, store
    handle), posts each outcome to the board, and stops between two sources
    once the board is stopped.
*/
#ifndef SCRAPER_THREAD_H_INCLUDED
#define SCRAPER_THREAD_H_INCLUDED

#include "scrape_sources.h"
#include "scraper_board.h"
#include "scraper_job.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _scraper_thread_t scraper_thread_t;

//  Start the thread; it takes over the job (set to NULL) and reads the
//  board and the sources, which must outlive it. Signals are blocked in
//  it, so they reach the request loop. NULL if it cannot start.
scraper_thread_t *scraper_thread_new (scraper_board_t *board, const scrape_sources_t *sources,
                                      scraper_job_t **job_p);

//  Stop the board and wait up to wait_ms for the thread to end. Returns 0
//  when it ended (all freed), -1 when it is still inside a fetch: it is
//  then left to die with the process, and the board and sources must not
//  be freed.
int scraper_thread_destroy (scraper_thread_t **self_p, int wait_ms);

#ifdef __cplusplus
}
#endif
#endif
