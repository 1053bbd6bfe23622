/*  scraper_service - the scraper service's request loop: registers as
    'scraper' with the broker, starts the scrape actor, runs every enabled
    source once registered (or after a few seconds without a broker) and
    then on a schedule, answers 'refresh' and 'status', and publishes each
    source's outcome as an event:

        scrape.updated      the store took new figures
        scrape.unchanged    nothing new (not modified, or same figures)
        scrape.failed       fetch failed or the page was rejected: why

    A run started by 'refresh' carries the asking client and username in
    its events. The loop never waits more than 200 ms, so heartbeats go on
    whatever the scrape actor does.
*/
#ifndef SCRAPER_SERVICE_H_INCLUDED
#define SCRAPER_SERVICE_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#include "scrape_sources.h"
#include "scraper_job.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCRAPER_SERVICE_NAME "scraper"

typedef struct {
    const char *backend;        //  Broker worker endpoint
    const char *events_in;      //  Broker event input endpoint
    int capacity;               //  Requests the broker may send at once
    int64_t interval_ms;        //  Between scheduled runs; 0: at start only
    int64_t cooldown_ms;        //  Least time from a run's end to a refresh
    int stop_wait_ms;           //  How long to wait for a fetch on exit
} scraper_service_config_t;

//  Serve until interrupted or told to stop by the broker. Takes over the
//  job. Returns 0 or 1 (could not start). Sets *abandoned when a fetch
//  was still going on at exit: the caller must then not free sources and
//  should leave the process quickly.
int scraper_service_run (const scraper_service_config_t *config,
                         const scrape_sources_t *sources, scraper_job_t **job_p,
                         bool *abandoned);

#ifdef __cplusplus
}
#endif
#endif
