/*  scraper_service - request loop, schedule and events of the scraper.
*/
#include "scraper_service.h"
#include "scraper_board.h"
#include "scraper_ops.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_worker.h"

#define LOOP_WAIT_MS        200     //  Longest wait in the request loop
#define STARTUP_GRACE_MS    300     //  After registering: the event link settles
#define STARTUP_MAX_MS      5000    //  First run even with no broker

typedef struct {
    const scraper_service_config_t *config;
    vc_worker_t *worker;
    vc_publisher_t *publisher;
    scraper_board_t *board;
    scraper_actor_t *actor;
    scraper_ops_t ops;
    int64_t started;            //  Monotonic ms
    int64_t registered;         //  Monotonic ms of the first registration; 0 before
    bool first_run;             //  The run at start has been asked for
    int64_t next;               //  Monotonic ms of the next scheduled run; 0: none
} service_t;

static const char *
s_topic (scraper_status_t status)
{
    return status == SCRAPER_UPDATED? VC_TOPIC_SCRAPE_UPDATED:
           status == SCRAPER_UNCHANGED? VC_TOPIC_SCRAPE_UNCHANGED: VC_TOPIC_SCRAPE_FAILED;
}

//  What the scrape actor reports: a source's outcome goes on the board and
//  out as an event; NULL ends the run.
static void
s_on_outcome (const scraper_outcome_t *outcome, void *arg)
{
    service_t *self = (service_t *) arg;
    if (!outcome) {
        scraper_board_done (self->board);
        return;
    }
    scraper_board_post (self->board, outcome);
    char detail [SCRAPER_DETAIL_MAX + SCRAPE_SOURCE_NAME_MAX + 16];
    if (outcome->status == SCRAPER_REJECTED || outcome->status == SCRAPER_FAILED)
        snprintf (detail, sizeof detail, "%s %s: %s", outcome->source,
                  scraper_status_name (outcome->status), outcome->detail);
    else
        snprintf (detail, sizeof detail, "%s: %s", outcome->source, outcome->detail);
    //  A refusal's reason with its message id, for the monitor to say it
    if (vc_publish_said (self->publisher, s_topic (outcome->status), outcome->client,
                         outcome->username, NULL, detail, &outcome->said))
        vc_warn ("cannot publish %s event", s_topic (outcome->status));
}

//  A reader of the worker's zloop: the actor's pipe
static void
s_on_actor (zsock_t *pipe, void *arg)
{
    (void) pipe;
    service_t *self = (service_t *) arg;
    scraper_actor_recv (self->actor, s_on_outcome, self);
}

static void
s_start_run (service_t *self, const char *why)
{
    scraper_trigger_t trigger = { "", "" };
    if (scraper_ops_start (&self->ops, &trigger, 0, NULL) == SCRAPER_RUN_BUSY)
        vc_info ("%s run skipped: a run is going on", why);
    else
        vc_debug ("%s run started", why);
}

//  The run at start once the broker link is up (or without it after a
//  while), then one every interval.
static void
s_schedule (service_t *self)
{
    int64_t now = zclock_mono ();
    if (!self->first_run) {
        if (!self->registered && vc_worker_registered (self->worker))
            self->registered = now;
        if ((self->registered && now - self->registered >= STARTUP_GRACE_MS)
        ||  now - self->started >= STARTUP_MAX_MS) {
            s_start_run (self, "first");
            self->first_run = true;
            self->next = self->config->interval_ms? now + self->config->interval_ms: 0;
        }
    }
    else
    if (self->next && now >= self->next) {
        s_start_run (self, "scheduled");
        while (self->next <= now)
            self->next += self->config->interval_ms;
    }
    int64_t due = self->first_run? self->next: now;
    self->ops.next_run_ms = due? vc_time_ms () + (due - now): 0;
}

static void
s_serve (service_t *self)
{
    char every [48] = "no schedule";
    if (self->config->interval_ms)
        snprintf (every, sizeof every, "every %lld s", (long long) self->config->interval_ms / 1000);
    vc_info ("serving '%s' from broker %s (capacity %d, %s)", SCRAPER_SERVICE_NAME,
             self->config->backend, self->config->capacity, every);
    while (!zsys_interrupted && !vc_worker_stopped (self->worker)) {
        s_schedule (self);
        vc_request_t *request = vc_worker_recv (self->worker, LOOP_WAIT_MS);
        if (request)
            scraper_ops_handle (&self->ops, self->worker, &request);
    }
    vc_info ("stopping");
}

int
scraper_service_run (const scraper_service_config_t *config,
                     const scrape_sources_t *sources, scraper_job_t **job_p,
                     bool *abandoned)
{
    service_t self = { .config = config, .started = zclock_mono () };
    *abandoned = false;
    self.board = scraper_board_new ();
    self.actor = self.board? scraper_actor_new (sources, job_p): NULL;
    self.worker = vc_worker_new (config->backend, SCRAPER_SERVICE_NAME, config->capacity);
    self.publisher = vc_publisher_new (config->events_in, SCRAPER_SERVICE_NAME);
    self.ops = (scraper_ops_t) { self.board, self.actor, sources, config->interval_ms,
                                 config->cooldown_ms, 0 };
    int rc = 1;
    if (!self.actor || !self.worker
    ||  vc_worker_watch (self.worker, scraper_actor_sock (self.actor), s_on_actor, &self))
        vc_error ("cannot start the scraper service");
    else
    if (!self.publisher)
        vc_error ("cannot publish events to %s", config->events_in);
    else {
        s_serve (&self);
        rc = 0;
    }
    //  What the actor reports on its way out is still published
    *abandoned = scraper_actor_destroy (&self.actor, config->stop_wait_ms, s_on_outcome, &self) != 0;
    scraper_board_destroy (&self.board);
    vc_worker_destroy (&self.worker);
    vc_publisher_destroy (&self.publisher);
    scraper_job_destroy (job_p);            //  If the actor never took it
    return rc;
}
