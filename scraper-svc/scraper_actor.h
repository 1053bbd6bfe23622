/*  scraper_actor - the actor that scrapes, so the request loop never
    blocks: it owns the job (fetcher, store handle), and on each run
    scrapes every enabled source in the order of the configuration,
    sending each outcome back over its pipe. It stops between two sources
    once told to. The request loop keeps no state shared with it: it reads
    the pipe (a reader of its zloop) and keeps what it learns on its board.

    Messages on the pipe:
        RUN client username     to the actor: scrape every source now
        STOP                    to the actor: end the run after this source
        OUTCOME outcome         from the actor: one source's outcome
        DONE                    from the actor: the run is over
        STOPPED                 from the actor: it scrapes no more
*/
#ifndef SCRAPER_ACTOR_H_INCLUDED
#define SCRAPER_ACTOR_H_INCLUDED

#include <czmq.h>
#include "scrape_sources.h"
#include "scraper_board.h"
#include "scraper_job.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _scraper_actor_t scraper_actor_t;

//  Called with each source's outcome, and with NULL when a run is over.
typedef void (scraper_actor_fn) (const scraper_outcome_t *outcome, void *arg);

//  Start the actor; it takes over the job (set to NULL) and reads the
//  sources, which must outlive it. Signals are blocked in its thread, so
//  they reach the request loop. NULL if it cannot start.
scraper_actor_t *scraper_actor_new (const scrape_sources_t *sources, scraper_job_t **job_p);

//  Ask for a run (the board has said one may start). 0, or -1.
int scraper_actor_run (scraper_actor_t *self, const scraper_trigger_t *trigger);

//  The pipe, for the request loop to watch.
zsock_t *scraper_actor_sock (scraper_actor_t *self);

//  Read one message from the pipe (when it is readable) and pass what it
//  says to handler.
void scraper_actor_recv (scraper_actor_t *self, scraper_actor_fn *handler, void *arg);

//  Tell the actor to stop after the current source and wait up to wait_ms
//  for it, passing what it still sends to handler. Returns 0 when it
//  ended (all freed), -1 when it is still inside a fetch: it is then left
//  to die with the process, and the sources must not be freed.
int scraper_actor_destroy (scraper_actor_t **self_p, int wait_ms,
                           scraper_actor_fn *handler, void *arg);

void scraper_actor_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
