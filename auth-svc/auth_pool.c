/*  auth_pool - zactor workers fed over inproc: the owner keeps the queue
    and hands a job to an idle actor on its pipe; the actor runs it and
    pushes it back with its number to the results socket, which tells the
    owner it is idle again. No state is shared between threads.  */
#include "auth_pool.h"
#include "vc_endpoint.h"
#include <signal.h>

#define S_IDLE_MSEC 500

//  What one actor is given when it starts
typedef struct {
    int index;
    void *context;
    const char *results;        //  The owner's PULL endpoint
    auth_pool_run_fn *run;
    auth_pool_idle_fn *idle;
    auth_pool_give_fn *give;
    auth_pool_free_fn *free_job;
} s_worker_t;

struct _auth_pool_t {
    char endpoint [64];
    zsock_t *results;           //  PULL, owner side
    zlist_t *queue;             //  Jobs waiting for an idle actor
    s_worker_t *workers;
    zactor_t **actors;
    bool *busy;
    int actor_count;
    size_t pending;             //  Submitted and not yet taken back
    auth_pool_free_fn *free_job;
};

//  One job from the pipe, run and pushed back; false on $TERM
static bool
s_actor_job (s_worker_t *self, zsock_t *pipe, zsock_t *push)
{
    char *command = NULL;
    void *job = NULL;
    if (zsock_recv (pipe, "sp", &command, &job))
        return false;
    bool job_sent = command && streq (command, "JOB") && job;
    bool term = command && streq (command, "$TERM");
    bool given = command && streq (command, "GIVE") && job && self->give;
    zstr_free (&command);
    if (given)
        self->give (self->context, job);
    else
    if (job_sent) {
        self->run (self->context, job);
        if (zsock_send (push, "ip", self->index, job))
            self->free_job (&job);
    }
    return !term;
}

//  The actor: a zpoller on its pipe; idle upkeep every S_IDLE_MSEC
static void
s_actor (zsock_t *pipe, void *arg)
{
    s_worker_t *self = (s_worker_t *) arg;
    char connect [80];
    snprintf (connect, sizeof connect, ">%s", self->results);
    zsock_t *push = zsock_new_push (connect);
    zpoller_t *poller = zpoller_new (pipe, NULL);
    zsock_signal (pipe, 0);
    bool running = push && poller;
    while (running) {
        zsock_t *which = (zsock_t *) zpoller_wait (poller, S_IDLE_MSEC);
        if (which == pipe)
            running = s_actor_job (self, pipe, push);
        else
        if (zpoller_terminated (poller))
            running = false;
        else
        if (self->idle)
            self->idle (self->context);
    }
    zpoller_destroy (&poller);
    if (push)
        zsock_set_linger (push, 1000);
    zsock_destroy (&push);
}

//  Start the actors with every signal blocked, so that signals reach the
//  owner's thread only
static int
s_start_actors (auth_pool_t *self)
{
    sigset_t all, saved;
    sigfillset (&all);
    pthread_sigmask (SIG_BLOCK, &all, &saved);
    int rc = 0;
    for (int i = 0; i < self->actor_count && rc == 0; i++) {
        self->actors [i] = zactor_new (s_actor, &self->workers [i]);
        rc = self->actors [i] ? 0 : -1;
    }
    pthread_sigmask (SIG_SETMASK, &saved, NULL);
    return rc;
}

auth_pool_t *
auth_pool_new (int threads, void **contexts, auth_pool_run_fn *run,
               auth_pool_idle_fn *idle, auth_pool_give_fn *give, auth_pool_free_fn *free_job)
{
    auth_pool_t *self = (auth_pool_t *) zmalloc (sizeof (auth_pool_t));
    if (!self)
        return NULL;
    self->free_job = free_job;
    self->actor_count = threads;
    self->queue = zlist_new ();
    self->workers = (s_worker_t *) zmalloc (sizeof (s_worker_t) * (size_t) threads);
    self->actors = (zactor_t **) zmalloc (sizeof (zactor_t *) * (size_t) threads);
    self->busy = (bool *) zmalloc (sizeof (bool) * (size_t) threads);
    vc_endpoint_inproc ("auth-pool", self->endpoint, sizeof self->endpoint);
    char bind [80];
    snprintf (bind, sizeof bind, "@%s", self->endpoint);
    self->results = zsock_new_pull (bind);
    if (!self->queue || !self->workers || !self->actors || !self->busy || !self->results) {
        auth_pool_destroy (&self);
        return NULL;
    }
    for (int i = 0; i < threads; i++)
        self->workers [i] = (s_worker_t) {
            .index = i, .context = contexts [i], .results = self->endpoint,
            .run = run, .idle = idle, .give = give, .free_job = free_job
        };
    if (s_start_actors (self))
        auth_pool_destroy (&self);
    return self;
}

void
auth_pool_destroy (auth_pool_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_pool_t *self = *self_p;
    //  Each actor ends after its current job ($TERM from zactor_destroy)
    for (int i = 0; self->actors && i < self->actor_count; i++)
        zactor_destroy (&self->actors [i]);
    void *job;
    while (self->queue && (job = zlist_pop (self->queue)))
        self->free_job (&job);
    while (self->results && (job = auth_pool_take (self)))
        self->free_job (&job);
    zlist_destroy (&self->queue);
    zsock_destroy (&self->results);
    free (self->actors);
    free (self->workers);
    free (self->busy);
    free (self);
    *self_p = NULL;
}

//  Hand a job to actor i
static int
s_dispatch (auth_pool_t *self, int i, void *job)
{
    if (zsock_send (self->actors [i], "sp", "JOB", job))
        return -1;
    self->busy [i] = true;
    return 0;
}

void
auth_pool_submit (auth_pool_t *self, void *job)
{
    self->pending++;
    for (int i = 0; i < self->actor_count; i++)
        if (!self->busy [i] && s_dispatch (self, i, job) == 0)
            return;
    if (zlist_append (self->queue, job)) {
        self->pending--;
        self->free_job (&job);
    }
}

int
auth_pool_give (auth_pool_t *self, int index, void *thing)
{
    if (index < 0 || index >= self->actor_count || !self->actors [index])
        return -1;
    return zsock_send (self->actors [index], "sp", "GIVE", thing);
}

zsock_t *
auth_pool_results (auth_pool_t *self)
{
    return self->results;
}

void *
auth_pool_take (auth_pool_t *self)
{
    if (!(zsock_events (self->results) & ZMQ_POLLIN))
        return NULL;
    int index = -1;
    void *job = NULL;
    if (zsock_recv (self->results, "ip", &index, &job) || !job)
        return NULL;
    if (self->pending)
        self->pending--;
    if (index >= 0 && index < self->actor_count && self->actors [index]) {
        self->busy [index] = false;
        void *next = zlist_pop (self->queue);
        if (next && s_dispatch (self, index, next))
            zlist_push (self->queue, next);
    }
    return job;
}

size_t
auth_pool_pending (auth_pool_t *self)
{
    return self->pending;
}
