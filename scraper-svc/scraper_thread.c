/*  scraper_thread - runs scrapes on the board's request, one source at a
    time.
*/
#include "scraper_thread.h"
#include "vc_log.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct _scraper_thread_t {
    pthread_t thread;
    scraper_board_t *board;
    const scrape_sources_t *sources;
    scraper_job_t *job;
};

static void
s_run_all (scraper_thread_t *self, const scraper_trigger_t *trigger)
{
    size_t count = scrape_sources_size (self->sources), done = 0;
    vc_info ("scraping %zu source%s%s%s", count, count == 1? "": "s",
             *trigger->client? " at the request of ": "", trigger->client);
    for (size_t index = 0; index < count && !scraper_board_stopping (self->board); index++) {
        const scrape_source_t *source = scrape_sources_at (self->sources, index);
        if (!source->enabled)
            continue;
        scraper_outcome_t outcome;
        memset (&outcome, 0, sizeof outcome);
        memcpy (outcome.client, trigger->client, sizeof outcome.client);
        memcpy (outcome.username, trigger->username, sizeof outcome.username);
        scraper_job_run (self->job, source, &outcome);
        scraper_board_post (self->board, &outcome);
        done++;
    }
    vc_debug ("run over: %zu source%s scraped", done, done == 1? "": "s");
}

static void *
s_main (void *arg)
{
    scraper_thread_t *self = (scraper_thread_t *) arg;
    scraper_trigger_t trigger;
    while (scraper_board_wait (self->board, &trigger)) {
        s_run_all (self, &trigger);
        scraper_board_done (self->board);
    }
    return NULL;
}

scraper_thread_t *
scraper_thread_new (scraper_board_t *board, const scrape_sources_t *sources,
                    scraper_job_t **job_p)
{
    scraper_thread_t *self = (scraper_thread_t *) calloc (1, sizeof (scraper_thread_t));
    if (!self)
        return NULL;
    self->board = board;
    self->sources = sources;
    self->job = *job_p;
    sigset_t blocked, previous;
    sigemptyset (&blocked);
    sigaddset (&blocked, SIGINT);
    sigaddset (&blocked, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &blocked, &previous);
    int rc = pthread_create (&self->thread, NULL, s_main, self);
    pthread_sigmask (SIG_SETMASK, &previous, NULL);
    if (rc) {
        vc_error ("cannot start the scrape thread: %s", strerror (rc));
        free (self);
        return NULL;
    }
    *job_p = NULL;
    return self;
}

int
scraper_thread_destroy (scraper_thread_t **self_p, int wait_ms)
{
    scraper_thread_t *self = *self_p;
    if (!self)
        return 0;
    *self_p = NULL;
    scraper_board_stop (self->board);
    struct timespec deadline;
    clock_gettime (CLOCK_REALTIME, &deadline);
    deadline.tv_sec += wait_ms / 1000;
    deadline.tv_nsec += (long) (wait_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    int rc = pthread_timedjoin_np (self->thread, NULL, &deadline);
    if (rc == ETIMEDOUT) {
        vc_warn ("a scrape is still fetching; leaving that source unfinished");
        pthread_detach (self->thread);
        return -1;
    }
    scraper_job_destroy (&self->job);
    free (self);
    return 0;
}
