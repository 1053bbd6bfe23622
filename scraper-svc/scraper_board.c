/*  scraper_board - state shared by the request loop and the scrape thread,
    under one mutex, with a condition variable to wake the scrape thread.
*/
#include "vc_metrics.h"
#include "scraper_board.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "vc_check.h"

#define EVENTS_MAX 128          //  Outcomes waiting to be published

struct _scraper_board_t {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool requested;             //  A run was asked for and not yet taken
    bool running;
    bool stopping;
    scraper_trigger_t trigger;
    int64_t finished_ms;        //  Monotonic end of the last run; 0 if none
    uint64_t runs_done;
    scraper_outcome_t last [SCRAPE_SOURCES_MAX];
    size_t last_count;
    scraper_outcome_t *events;  //  Ring of EVENTS_MAX
    size_t event_head, event_count;
};

static int64_t
s_mono_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

scraper_board_t *
scraper_board_new (void)
{
    scraper_board_t *self = (scraper_board_t *) calloc (1, sizeof (scraper_board_t));
    if (!self)
        return NULL;
    self->events = (scraper_outcome_t *) calloc (EVENTS_MAX, sizeof (scraper_outcome_t));
    if (!self->events
    ||  pthread_mutex_init (&self->lock, NULL)) {
        free (self->events);
        free (self);
        return NULL;
    }
    if (pthread_cond_init (&self->wake, NULL)) {
        pthread_mutex_destroy (&self->lock);
        free (self->events);
        free (self);
        return NULL;
    }
    return self;
}

void
scraper_board_destroy (scraper_board_t **self_p)
{
    scraper_board_t *self = *self_p;
    if (!self)
        return;
    pthread_cond_destroy (&self->wake);
    pthread_mutex_destroy (&self->lock);
    free (self->events);
    free (self);
    *self_p = NULL;
}

scraper_run_t
scraper_board_request (scraper_board_t *self, const scraper_trigger_t *trigger,
                       int64_t cooldown_ms, int64_t *wait_ms)
{
    scraper_run_t verdict = SCRAPER_RUN_STARTED;
    pthread_mutex_lock (&self->lock);
    int64_t since = s_mono_ms () - self->finished_ms;
    if (self->running || self->requested)
        verdict = SCRAPER_RUN_BUSY;
    else
    if (cooldown_ms > 0 && self->finished_ms && since < cooldown_ms) {
        verdict = SCRAPER_RUN_COOLDOWN;
        if (wait_ms)
            *wait_ms = cooldown_ms - since;
    }
    else {
        self->requested = true;
        self->trigger = *trigger;
        pthread_cond_signal (&self->wake);
    }
    pthread_mutex_unlock (&self->lock);
    return verdict;
}

void
scraper_board_stop (scraper_board_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_cond_broadcast (&self->wake);
    pthread_mutex_unlock (&self->lock);
}

bool
scraper_board_running (scraper_board_t *self)
{
    pthread_mutex_lock (&self->lock);
    bool running = self->running || self->requested;
    pthread_mutex_unlock (&self->lock);
    return running;
}

uint64_t
scraper_board_runs_done (scraper_board_t *self)
{
    pthread_mutex_lock (&self->lock);
    uint64_t runs = self->runs_done;
    pthread_mutex_unlock (&self->lock);
    return runs;
}

int
scraper_board_next_event (scraper_board_t *self, scraper_outcome_t *outcome)
{
    int rc = -1;
    pthread_mutex_lock (&self->lock);
    if (self->event_count) {
        *outcome = self->events [self->event_head];
        self->event_head = (self->event_head + 1) % EVENTS_MAX;
        self->event_count--;
        rc = 0;
    }
    pthread_mutex_unlock (&self->lock);
    return rc;
}

size_t
scraper_board_last (scraper_board_t *self, scraper_outcome_t *out, size_t max)
{
    pthread_mutex_lock (&self->lock);
    size_t count = self->last_count < max? self->last_count: max;
    memcpy (out, self->last, count * sizeof (scraper_outcome_t));
    pthread_mutex_unlock (&self->lock);
    return count;
}

bool
scraper_board_wait (scraper_board_t *self, scraper_trigger_t *trigger)
{
    pthread_mutex_lock (&self->lock);
    while (!self->requested && !self->stopping)
        pthread_cond_wait (&self->wake, &self->lock);
    bool run = !self->stopping;
    if (run) {
        *trigger = self->trigger;
        self->requested = false;
        self->running = true;
    }
    pthread_mutex_unlock (&self->lock);
    return run;
}

bool
scraper_board_stopping (scraper_board_t *self)
{
    pthread_mutex_lock (&self->lock);
    bool stopping = self->stopping;
    pthread_mutex_unlock (&self->lock);
    return stopping;
}

void
scraper_board_post (scraper_board_t *self, const scraper_outcome_t *outcome)
{
    pthread_mutex_lock (&self->lock);
    size_t index = 0;
    while (index < self->last_count && strcmp (self->last [index].source, outcome->source))
        index++;
    if (index < SCRAPE_SOURCES_MAX) {
        self->last [index] = *outcome;
        if (index == self->last_count)
            self->last_count++;
    }
    if (self->event_count == EVENTS_MAX) {          //  Full: drop the oldest
        self->event_head = (self->event_head + 1) % EVENTS_MAX;
        self->event_count--;
    }
    self->events [(self->event_head + self->event_count) % EVENTS_MAX] = *outcome;
    self->event_count++;
    pthread_mutex_unlock (&self->lock);
}

void
scraper_board_done (scraper_board_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->running = false;
    self->finished_ms = s_mono_ms ();
    self->runs_done++;
    pthread_mutex_unlock (&self->lock);
    vc_counter_add (vc_metrics_counter ("vc_scraper_runs_total",
                    "Scrape runs finished (every source once)", NULL), 1);
}

void
scraper_board_test (bool verbose)
{
    if (verbose)
        printf (" * scraper_board: ");
    scraper_board_t *board = scraper_board_new ();
    VC_CHECK (board);
    scraper_trigger_t trigger = { "client-1", "alice" }, taken;
    int64_t wait_ms = 0;
    VC_CHECK (!scraper_board_running (board));
    VC_CHECK (scraper_board_request (board, &trigger, 60000, &wait_ms) == SCRAPER_RUN_STARTED);
    VC_CHECK (scraper_board_running (board));
    VC_CHECK (scraper_board_request (board, &trigger, 0, NULL) == SCRAPER_RUN_BUSY);
    VC_CHECK (scraper_board_wait (board, &taken));
    VC_CHECK (strcmp (taken.username, "alice") == 0);

    scraper_outcome_t outcome = { .source = "a", .status = SCRAPER_UPDATED, .rows = 3 };
    scraper_board_post (board, &outcome);
    outcome.status = SCRAPER_FAILED;
    scraper_board_post (board, &outcome);
    snprintf (outcome.source, sizeof outcome.source, "b");
    scraper_board_post (board, &outcome);
    scraper_board_done (board);
    VC_CHECK (!scraper_board_running (board));
    VC_CHECK (scraper_board_runs_done (board) == 1);

    scraper_outcome_t last [4];
    VC_CHECK (scraper_board_last (board, last, 4) == 2);
    VC_CHECK (strcmp (last [0].source, "a") == 0 && last [0].status == SCRAPER_FAILED);
    VC_CHECK (strcmp (last [1].source, "b") == 0);
    size_t events = 0;
    while (scraper_board_next_event (board, &outcome) == 0)
        events++;
    VC_CHECK (events == 3);

    VC_CHECK (scraper_board_request (board, &trigger, 60000, &wait_ms) == SCRAPER_RUN_COOLDOWN);
    VC_CHECK (wait_ms > 0 && wait_ms <= 60000);
    VC_CHECK (scraper_board_request (board, &trigger, 0, NULL) == SCRAPER_RUN_STARTED);
    scraper_board_stop (board);
    VC_CHECK (scraper_board_stopping (board));
    VC_CHECK (!scraper_board_wait (board, &taken));
    scraper_board_destroy (&board);
    VC_CHECK (board == NULL);
    if (verbose)
        printf ("OK\n");
}
