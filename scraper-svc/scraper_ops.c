/*  scraper_ops - 'refresh' and 'status' of the scraper service.
*/
#include "scraper_ops.h"
#include "vc_log.h"
#include "vc_messages.h"
#include "vc_text.h"

#include <string.h>

static size_t
s_enabled (const scrape_sources_t *sources)
{
    size_t enabled = 0;
    for (size_t index = 0; index < scrape_sources_size (sources); index++)
        enabled += scrape_sources_at (sources, index)->enabled;
    return enabled;
}

//  The last runs, as the model's scrape_run rows pointing into them
typedef struct {
    scraper_outcome_t runs [SCRAPE_SOURCES_MAX];
    vc_scrape_run_t rows [SCRAPE_SOURCES_MAX];
    const char *notes [SCRAPE_SOURCES_MAX][SCRAPER_NOTES_MAX];
    const char *args [SCRAPE_SOURCES_MAX][VC_SAID_MAX_ARGS];
} s_status_t;

static void
s_run_row (s_status_t *status, size_t index)
{
    const scraper_outcome_t *outcome = &status->runs [index];
    size_t notes = outcome->note_count < SCRAPER_NOTES_MAX ? outcome->note_count : SCRAPER_NOTES_MAX;
    for (size_t note = 0; note < notes; note++)
        status->notes [index][note] = outcome->notes [note];
    status->rows [index] = (vc_scrape_run_t) {
        .source = outcome->source, .started = outcome->started, .finished = outcome->finished,
        .status = scraper_status_name (outcome->status), .detail = outcome->detail,
        .rows = (int64_t) outcome->rows, .provinces = (int64_t) outcome->provinces,
        .notes = status->notes [index], .notes_count = notes
    };
    //  The detail's message id, when it is the reason whole (not cut)
    const char *msgid = vc_said_msgid (&outcome->said);
    if (msgid && !strcmp (outcome->said.message, outcome->detail)) {
        vc_scrape_run_t *row = &status->rows [index];
        row->has_msgid = row->has_args = true;
        row->msgid = msgid;
        row->args = status->args [index];
        row->args_count = vc_said_args (&outcome->said, status->args [index]);
    }
}

zframe_t *
scraper_ops_status (const scraper_ops_t *self)
{
    s_status_t *status = (s_status_t *) calloc (1, sizeof (s_status_t));
    if (!status)
        return vc_pack_status_frame (VC_INTERNAL, "out of memory");
    size_t count = scraper_board_last (self->board, status->runs, SCRAPE_SOURCES_MAX);
    for (size_t index = 0; index < count; index++)
        s_run_row (status, index);
    bool running = scraper_board_running (self->board);
    vc_scraper_status_reply_t reply = {
        .status = VC_OK, .message = running ? "running" : "idle", .running = running,
        .sources = (int64_t) s_enabled (self->sources), .interval = self->interval_ms / 1000,
        .next = self->next_run_ms / 1000, .runs = status->rows, .runs_count = count
    };
    vc_pack_t *pack = vc_pack_new ();
    vc_scraper_status_reply_pack (pack, &reply);
    zframe_t *frame = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    free (status);
    return frame;
}

scraper_run_t
scraper_ops_start (const scraper_ops_t *self, const scraper_trigger_t *trigger,
                   int64_t cooldown_ms, int64_t *wait_ms)
{
    scraper_run_t run = scraper_board_request (self->board, cooldown_ms, wait_ms);
    if (run == SCRAPER_RUN_STARTED && scraper_actor_run (self->actor, trigger)) {
        vc_error ("cannot hand the run to the scrape actor");
        scraper_board_done (self->board);
    }
    return run;
}

static int
s_refresh (const scraper_ops_t *self, vc_worker_t *worker, vc_request_t **request_p)
{
    vc_request_t *request = *request_p;
    scraper_trigger_t trigger;
    vc_text_copy (trigger.client, sizeof trigger.client, request->client);
    vc_text_copy (trigger.username, sizeof trigger.username, request->username);
    int64_t wait_ms = 0;
    scraper_run_t run = scraper_ops_start (self, &trigger, self->cooldown_ms, &wait_ms);
    if (run == SCRAPER_RUN_COOLDOWN) {
        char message [96];
        snprintf (message, sizeof message, "the last scrape ended %lld s ago; try again in %lld s",
                  (long long) (self->cooldown_ms - wait_ms) / 1000, (long long) (wait_ms + 999) / 1000);
        vc_worker_reply_status (worker, request_p, VC_BUSY, message);
        return VC_BUSY;
    }
    if (run == SCRAPER_RUN_STARTED)
        vc_info ("refresh asked by %s%s%s", trigger.client,
                 *trigger.username? " as ": "", trigger.username);
    vc_worker_reply_status (worker, request_p, VC_OK,
                            run == SCRAPER_RUN_STARTED? "refresh started": "already running");
    return VC_OK;
}

int
scraper_ops_handle (const scraper_ops_t *self, vc_worker_t *worker, vc_request_t **request_p)
{
    vc_request_t *request = *request_p;
    if (streq (request->op, "refresh"))
        return s_refresh (self, worker, request_p);
    if (streq (request->op, "status")) {
        zframe_t *body = scraper_ops_status (self);
        if (vc_worker_reply (worker, request_p, &body))
            vc_warn ("cannot send a reply to the broker");
        return VC_OK;
    }
    vc_debug ("unknown operation '%s' from %s", request->op, request->client);
    vc_worker_reply_status (worker, request_p, VC_BAD_REQUEST, "unknown operation");
    return VC_BAD_REQUEST;
}
