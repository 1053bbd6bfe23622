/*  auth_server - broker connection, events and the operation pool: the
    worker's zloop (vc_worker_recv) also reads the pool's results and the
    client events.  */
#include "auth_server.h"
#include "auth_opener.h"
#include "auth_ops.h"
#include "auth_pool.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_text.h"

#define S_RECV_MSEC     500
#define S_DRAIN_MSEC    2000    //  Finishing requests in hand when stopping

struct _auth_server_t {
    auth_server_config_t config;
    auth_ctx_t **contexts;      //  One per pool thread
    auth_opener_t *opener;      //  Opening the store of contexts made without
    auth_pool_t *pool;
    vc_worker_t *worker;
    vc_publisher_t *publisher;  //  NULL if events are not published
    zsock_t *subscriber;        //  NULL if client events are not heard
    char epoch [65];            //  Broker run last registered with
    int64_t epoch_since;        //  When it was first seen (zclock_mono)
    bool swept;                 //  Sessions of earlier runs were swept
};

static void
s_publish (auth_server_t *self, auth_job_t *job)
{
    auth_event_out_t *event;
    while (job->events && (event = (auth_event_out_t *) zlist_pop (job->events))) {
        if (self->publisher
        &&  vc_publish (self->publisher, event->topic, event->client, event->username,
                        NULL, event->detail))
            vc_warn ("cannot publish %s", event->topic);
        free (event);
    }
}

//  One debug line per request: time in this service before the pool, in
//  the pool's queue, and running (where a slow reply waited).
static void
s_log_timing (auth_job_t *job)
{
    vc_request_t *request = job->request;
    if (!request || !vc_log_enabled (VC_LOG_DEBUG))
        return;
    vc_debug ("client %s: %s took %" PRId64 " ms: %" PRId64 " ms before the pool, %" PRId64
              " ms queued, %" PRId64 " ms run", request->client, request->op,
              zclock_mono () - request->received, job->queued - request->received,
              job->started - job->queued, job->finished - job->started);
}

//  A job came back from the pool: bind the session, publish, reply.
static void
s_finish (auth_server_t *self, auth_job_t *job)
{
    vc_request_t *request = job->request;
    s_log_timing (job);
    if (request && job->bind_session)
        vc_worker_session (self->worker, request->client, job->session_user, job->session_token);
    s_publish (self, job);
    if (request) {
        if (!job->reply)
            job->reply = vc_pack_status_frame (VC_INTERNAL, "internal error");
        vc_worker_reply (self->worker, &job->request, &job->reply);
    }
    auth_job_destroy (&job);
}

static void
s_on_results (zsock_t *sock, void *arg)
{
    (void) sock;
    auth_server_t *self = (auth_server_t *) arg;
    auth_job_t *job;
    while ((job = (auth_job_t *) auth_pool_take (self->pool)))
        s_finish (self, job);
}

//  The opener sent a store it opened: handed on to that context's pool
//  thread, which owns it from then on.
static void
s_on_opened (zsock_t *sock, void *arg)
{
    (void) sock;
    auth_server_t *self = (auth_server_t *) arg;
    auth_ctx_t *opened = NULL;
    int index = auth_opener_recv (self->opener, &opened);
    if (index >= 0 && auth_pool_give (self->pool, index, opened)) {
        vc_error ("cannot hand an opened store to pool thread %d", index);
        auth_ctx_destroy (&opened);
    }
}

//  client.bye or client.lost: that client's session ends.
static void
s_on_event (zsock_t *sock, void *arg)
{
    auth_server_t *self = (auth_server_t *) arg;
    vc_event_t event;
    if (vc_event_recv (sock, &event) || !*event.client)
        return;
    auth_job_t *job = auth_job_new (AUTH_JOB_CLIENT_GONE, self->epoch);
    if (!job)
        return;
    vc_text_copy (job->client, sizeof job->client, event.client);
    vc_text_copy (job->reason, sizeof job->reason,
                  streq (event.topic, VC_TOPIC_CLIENT_BYE) ? "client exited" : "connection lost");
    auth_pool_submit (self->pool, job);
}

//  Sessions of earlier runs may resume for the grace period after a new
//  broker run is first seen.
static bool
s_grace_open (auth_server_t *self)
{
    return zclock_mono () - self->epoch_since <= self->config.resume_grace_ms;
}

//  On registering with a new broker run, start the grace period; when it
//  is over, end the sessions of earlier runs that were not resumed. The
//  sweep is decided only while registered: between a broker's silence and
//  the next registration the run known here may already be an earlier one,
//  and a sweep under it would end the sessions resumed on the new run.
static void
s_check_epoch (auth_server_t *self)
{
    if (!vc_worker_registered (self->worker))
        return;
    const char *epoch = vc_worker_epoch (self->worker);
    if (*epoch && !streq (epoch, self->epoch)) {
        vc_text_copy (self->epoch, sizeof self->epoch, epoch);
        self->epoch_since = zclock_mono ();
        self->swept = false;
    }
    if (self->swept || !*self->epoch || s_grace_open (self))
        return;
    self->swept = true;
    auth_job_t *job = auth_job_new (AUTH_JOB_SWEEP, self->epoch);
    if (job)
        auth_pool_submit (self->pool, job);
}

//  The contexts: the first opens the store here (an error in the store or
//  its address ends the start); when the database cannot be reached, the
//  stores are opened in the background and requests are answered 503
//  meanwhile, never held by an attempt.
static int
s_make_pool (auth_server_t *self)
{
    const auth_server_config_t *config = &self->config;
    self->contexts = (auth_ctx_t **) zmalloc (sizeof (auth_ctx_t *) * (size_t) config->threads);
    if (!self->contexts)
        return -1;
    bool reached = true;
    for (int i = 0; i < config->threads; i++) {
        if (!(self->contexts [i] = auth_ctx_new (config->db_path, &config->db_options, config->frontend,
                                                  &config->limits, config->password,
                                                  config->request_ttl_ms, reached)))
            return -1;
        reached = reached && auth_ctx_has_store (self->contexts [i]);
    }
    if (!reached && !(self->opener = auth_opener_new (self->contexts, config->threads)))
        return -1;
    self->pool = auth_pool_new (config->threads, (void **) self->contexts,
                                auth_ops_run, auth_ctx_idle, auth_ctx_adopt, auth_job_free);
    return self->pool ? 0 : -1;
}

static int
s_make_links (auth_server_t *self)
{
    const auth_server_config_t *config = &self->config;
    self->worker = vc_worker_new (config->backend, "auth", config->capacity);
    if (!self->worker)
        return -1;
    if (vc_worker_watch (self->worker, auth_pool_results (self->pool), s_on_results, self)) {
        vc_error ("cannot watch the pool's results");
        return -1;
    }
    if (self->opener
    &&  vc_worker_watch (self->worker, auth_opener_sock (self->opener), s_on_opened, self)) {
        vc_error ("cannot watch the store opener");
        return -1;
    }
    if (*config->events_in && !(self->publisher = vc_publisher_new (config->events_in, "auth"))) {
        vc_error ("cannot publish events to %s", config->events_in);
        return -1;
    }
    if (*config->events_out) {
        self->subscriber = vc_event_subscriber_new (config->events_out, VC_TOPIC_CLIENT_BYE "," VC_TOPIC_CLIENT_LOST);
        if (!self->subscriber) {
            vc_error ("cannot subscribe to events at %s", config->events_out);
            return -1;
        }
        if (vc_worker_watch (self->worker, self->subscriber, s_on_event, self)) {
            vc_error ("cannot watch the events at %s", config->events_out);
            return -1;
        }
    }
    return 0;
}

auth_server_t *
auth_server_new (const auth_server_config_t *config)
{
    auth_server_t *self = (auth_server_t *) zmalloc (sizeof (auth_server_t));
    if (!self)
        return NULL;
    self->config = *config;
    if (s_make_pool (self) || s_make_links (self))
        auth_server_destroy (&self);
    return self;
}

void
auth_server_destroy (auth_server_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_server_t *self = *self_p;
    auth_opener_destroy (&self->opener);
    auth_pool_destroy (&self->pool);
    for (int i = 0; self->contexts && i < self->config.threads; i++)
        auth_ctx_destroy (&self->contexts [i]);
    free (self->contexts);
    vc_worker_destroy (&self->worker);
    vc_publisher_destroy (&self->publisher);
    zsock_destroy (&self->subscriber);
    free (self);
    *self_p = NULL;
}

//  zloop reader of the pool's results while draining: -1 when none is left
static int
s_on_drained (zloop_t *loop, zsock_t *sock, void *arg)
{
    (void) loop;
    auth_server_t *self = (auth_server_t *) arg;
    s_on_results (sock, self);
    return auth_pool_pending (self->pool) > 0 ? 0 : -1;
}

static int
s_on_drain_over (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop, (void) timer_id, (void) arg;
    return -1;
}

//  Reply to the requests still in the pool before leaving (a zloop over
//  the pool's results, at most S_DRAIN_MSEC).
static void
s_drain (auth_server_t *self)
{
    if (auth_pool_pending (self->pool) == 0)
        return;
    zloop_t *loop = zloop_new ();
    if (!loop)
        return;
    zloop_set_nonstop (loop, true);     //  Stopping on a signal already
    if (zloop_reader (loop, auth_pool_results (self->pool), s_on_drained, self) == 0
    &&  zloop_timer (loop, S_DRAIN_MSEC, 1, s_on_drain_over, self) >= 0)
        zloop_start (loop);
    zloop_destroy (&loop);
}

int
auth_server_run (auth_server_t *self)
{
    vc_info ("serving 'auth' via %s: %d threads, capacity %d, store %s",
             self->config.backend, self->config.threads, self->config.capacity,
             vc_db_address_is_postgresql (self->config.db_path) ? "PostgreSQL" : self->config.db_path);
    while (!zsys_interrupted && !vc_worker_stopped (self->worker)) {
        vc_request_t *request = vc_worker_recv (self->worker, S_RECV_MSEC);
        s_check_epoch (self);
        if (!request)
            continue;
        auth_job_t *job = auth_job_new (AUTH_JOB_REQUEST, vc_worker_epoch (self->worker));
        if (!job) {
            vc_worker_reply_status (self->worker, &request, VC_INTERNAL, "out of memory");
            continue;
        }
        job->request = request;
        job->deadline = request->received + self->config.request_timeout_ms;
        job->grace_open = s_grace_open (self);
        job->queued = zclock_mono ();
        auth_pool_submit (self->pool, job);
    }
    vc_info (vc_worker_stopped (self->worker) ? "the system is shutting down: stopping"
                                              : "interrupted: stopping");
    s_drain (self);
    return 0;
}
