/*  scraper_ops - 'refresh' and 'status' of the scraper service.
*/
#include "scraper_ops.h"
#include "vc_log.h"

#define OUTCOME_FIELDS 8

static size_t
s_enabled (const scrape_sources_t *sources)
{
    size_t enabled = 0;
    for (size_t index = 0; index < scrape_sources_size (sources); index++)
        enabled += scrape_sources_at (sources, index)->enabled;
    return enabled;
}

static void
s_pack_outcome (vc_pack_t *pack, const scraper_outcome_t *outcome)
{
    vc_pack_map (pack, OUTCOME_FIELDS);
    vc_pack_kstr (pack, "source", outcome->source);
    vc_pack_kint (pack, "started", outcome->started);
    vc_pack_kint (pack, "finished", outcome->finished);
    vc_pack_kstr (pack, "status", scraper_status_name (outcome->status));
    vc_pack_kstr (pack, "detail", outcome->detail);
    vc_pack_kint (pack, "rows", (int64_t) outcome->rows);
    vc_pack_kint (pack, "provinces", (int64_t) outcome->provinces);
    vc_pack_key (pack, "notes");
    vc_pack_array (pack, outcome->note_count);
    for (size_t index = 0; index < outcome->note_count; index++)
        vc_pack_str (pack, outcome->notes [index]);
}

zframe_t *
scraper_ops_status (const scraper_ops_t *self)
{
    scraper_outcome_t *runs = (scraper_outcome_t *) calloc (SCRAPE_SOURCES_MAX,
                                                            sizeof (scraper_outcome_t));
    if (!runs)
        return vc_pack_status_frame (VC_INTERNAL, "out of memory");
    size_t count = scraper_board_last (self->board, runs, SCRAPE_SOURCES_MAX);
    bool running = scraper_board_running (self->board);
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 7);
    vc_pack_kint (pack, "status", VC_OK);
    vc_pack_kstr (pack, "message", running? "running": "idle");
    vc_pack_kbool (pack, "running", running);
    vc_pack_kint (pack, "sources", (int64_t) s_enabled (self->sources));
    vc_pack_kint (pack, "interval", self->interval_ms / 1000);
    vc_pack_kint (pack, "next", self->next_run_ms / 1000);
    vc_pack_key (pack, "runs");
    vc_pack_array (pack, count);
    for (size_t index = 0; index < count; index++)
        s_pack_outcome (pack, &runs [index]);
    zframe_t *frame = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    free (runs);
    return frame;
}

static int
s_refresh (const scraper_ops_t *self, vc_worker_t *worker, vc_request_t **request_p)
{
    vc_request_t *request = *request_p;
    scraper_trigger_t trigger;
    snprintf (trigger.client, sizeof trigger.client, "%s", request->client);
    snprintf (trigger.username, sizeof trigger.username, "%s", request->username);
    int64_t wait_ms = 0;
    scraper_run_t run = scraper_board_request (self->board, &trigger, self->cooldown_ms, &wait_ms);
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
