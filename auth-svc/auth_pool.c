/*  auth_pool - worker threads with a job queue and a result socket.  */
#include "auth_pool.h"
#include <pthread.h>
#include <signal.h>

#define S_IDLE_MSEC 500

typedef struct {
    auth_pool_t *pool;
    void *context;
    pthread_t thread;
    bool started;
} s_thread_t;

struct _auth_pool_t {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    zlist_t *queue;             //  Jobs waiting for a thread
    bool stopping;
    char endpoint [64];
    zsock_t *results;           //  PULL, owner side
    s_thread_t *threads;
    int thread_count;
    size_t pending;
    auth_pool_run_fn *run;
    auth_pool_idle_fn *idle;
    auth_pool_free_fn *free_job;
};

//  Next job, waiting up to S_IDLE_MSEC; NULL on timeout or stop.
static void *
s_next_job (auth_pool_t *self, bool *stop)
{
    pthread_mutex_lock (&self->lock);
    if (!self->stopping && zlist_size (self->queue) == 0) {
        struct timespec until;
        clock_gettime (CLOCK_REALTIME, &until);
        until.tv_nsec += (long) S_IDLE_MSEC * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait (&self->wake, &self->lock, &until);
    }
    *stop = self->stopping;
    void *job = *stop ? NULL : zlist_pop (self->queue);
    pthread_mutex_unlock (&self->lock);
    return job;
}

static void *
s_thread_main (void *arg)
{
    s_thread_t *thread = (s_thread_t *) arg;
    auth_pool_t *self = thread->pool;
    char connect [80];
    snprintf (connect, sizeof connect, ">%s", self->endpoint);
    zsock_t *push = zsock_new_push (connect);
    assert (push);
    bool stop = false;
    while (!stop) {
        void *job = s_next_job (self, &stop);
        if (job) {
            self->run (thread->context, job);
            if (zsock_send (push, "p", job))
                self->free_job (&job);
        }
        else
        if (!stop && self->idle)
            self->idle (thread->context);
    }
    zsock_set_linger (push, 1000);
    zsock_destroy (&push);
    return NULL;
}

static void
s_stop_threads (auth_pool_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_cond_broadcast (&self->wake);
    pthread_mutex_unlock (&self->lock);
    for (int i = 0; i < self->thread_count; i++)
        if (self->threads [i].started)
            pthread_join (self->threads [i].thread, NULL);
}

static int
s_start_threads (auth_pool_t *self, void **contexts)
{
    //  Threads inherit the signal mask: let only the owner see signals
    sigset_t all, saved;
    sigfillset (&all);
    pthread_sigmask (SIG_BLOCK, &all, &saved);
    int rc = 0;
    for (int i = 0; i < self->thread_count && rc == 0; i++) {
        self->threads [i].pool = self;
        self->threads [i].context = contexts [i];
        rc = pthread_create (&self->threads [i].thread, NULL, s_thread_main, &self->threads [i]);
        self->threads [i].started = rc == 0;
    }
    pthread_sigmask (SIG_SETMASK, &saved, NULL);
    return rc ? -1 : 0;
}

auth_pool_t *
auth_pool_new (int threads, void **contexts, auth_pool_run_fn *run,
               auth_pool_idle_fn *idle, auth_pool_free_fn *free_job)
{
    auth_pool_t *self = (auth_pool_t *) zmalloc (sizeof (auth_pool_t));
    if (!self)
        return NULL;
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->wake, NULL);
    self->queue = zlist_new ();
    self->run = run;
    self->idle = idle;
    self->free_job = free_job;
    self->thread_count = threads;
    self->threads = (s_thread_t *) zmalloc (sizeof (s_thread_t) * (size_t) threads);
    snprintf (self->endpoint, sizeof self->endpoint, "inproc://auth-pool-%p", (void *) self);
    char bind [80];
    snprintf (bind, sizeof bind, "@%s", self->endpoint);
    self->results = zsock_new_pull (bind);
    if (!self->queue || !self->threads || !self->results || s_start_threads (self, contexts))
        auth_pool_destroy (&self);
    return self;
}

void
auth_pool_destroy (auth_pool_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_pool_t *self = *self_p;
    if (self->threads)
        s_stop_threads (self);
    void *job;
    while (self->queue && (job = zlist_pop (self->queue)))
        self->free_job (&job);
    while (self->results && (job = auth_pool_take (self)))
        self->free_job (&job);
    zlist_destroy (&self->queue);
    zsock_destroy (&self->results);
    free (self->threads);
    pthread_cond_destroy (&self->wake);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

void
auth_pool_submit (auth_pool_t *self, void *job)
{
    pthread_mutex_lock (&self->lock);
    zlist_append (self->queue, job);
    self->pending++;
    pthread_cond_signal (&self->wake);
    pthread_mutex_unlock (&self->lock);
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
    void *job = NULL;
    if (zsock_recv (self->results, "p", &job) || !job)
        return NULL;
    pthread_mutex_lock (&self->lock);
    if (self->pending)
        self->pending--;
    pthread_mutex_unlock (&self->lock);
    return job;
}

size_t
auth_pool_pending (auth_pool_t *self)
{
    pthread_mutex_lock (&self->lock);
    size_t pending = self->pending;
    pthread_mutex_unlock (&self->lock);
    return pending;
}
