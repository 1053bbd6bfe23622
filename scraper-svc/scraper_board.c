/*  scraper_board - the request loop's record of the scrapes; no lock, as
    no other thread sees it.
*/
#include "vc_metrics.h"
#include "scraper_board.h"
#include <czmq.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"

struct _scraper_board_t {
    bool running;               //  A run was asked for and is not over
    int64_t finished_ms;        //  Monotonic end of the last run; 0 if none
    uint64_t runs_done;
    scraper_outcome_t last [SCRAPE_SOURCES_MAX];
    size_t last_count;
};

scraper_board_t *
scraper_board_new (void)
{
    return (scraper_board_t *) calloc (1, sizeof (scraper_board_t));
}

void
scraper_board_destroy (scraper_board_t **self_p)
{
    free (*self_p);
    *self_p = NULL;
}

scraper_run_t
scraper_board_request (scraper_board_t *self, int64_t cooldown_ms, int64_t *wait_ms)
{
    int64_t since = zclock_mono () - self->finished_ms;
    if (self->running)
        return SCRAPER_RUN_BUSY;
    if (cooldown_ms > 0 && self->finished_ms && since < cooldown_ms) {
        if (wait_ms)
            *wait_ms = cooldown_ms - since;
        return SCRAPER_RUN_COOLDOWN;
    }
    self->running = true;
    return SCRAPER_RUN_STARTED;
}

bool
scraper_board_running (scraper_board_t *self)
{
    return self->running;
}

uint64_t
scraper_board_runs_done (scraper_board_t *self)
{
    return self->runs_done;
}

size_t
scraper_board_last (scraper_board_t *self, scraper_outcome_t *out, size_t max)
{
    size_t count = self->last_count < max? self->last_count: max;
    memcpy (out, self->last, count * sizeof (scraper_outcome_t));
    return count;
}

void
scraper_board_post (scraper_board_t *self, const scraper_outcome_t *outcome)
{
    size_t index = 0;
    while (index < self->last_count && strcmp (self->last [index].source, outcome->source))
        index++;
    if (index < SCRAPE_SOURCES_MAX) {
        self->last [index] = *outcome;
        if (index == self->last_count)
            self->last_count++;
    }
}

void
scraper_board_done (scraper_board_t *self)
{
    self->running = false;
    self->finished_ms = zclock_mono ();
    self->runs_done++;
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
    int64_t wait_ms = 0;
    VC_CHECK (!scraper_board_running (board));
    VC_CHECK (scraper_board_request (board, 60000, &wait_ms) == SCRAPER_RUN_STARTED);
    VC_CHECK (scraper_board_running (board));
    VC_CHECK (scraper_board_request (board, 0, NULL) == SCRAPER_RUN_BUSY);

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

    VC_CHECK (scraper_board_request (board, 60000, &wait_ms) == SCRAPER_RUN_COOLDOWN);
    VC_CHECK (wait_ms > 0 && wait_ms <= 60000);
    VC_CHECK (scraper_board_request (board, 0, NULL) == SCRAPER_RUN_STARTED);
    scraper_board_destroy (&board);
    VC_CHECK (board == NULL);
    if (verbose)
        printf ("OK\n");
}
