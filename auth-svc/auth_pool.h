/*  auth_pool - a few zactor workers that run slow jobs (password hashing,
    store writes) so the thread talking to the broker never blocks.
    The owner submits jobs; the pool hands each to an idle actor over its
    pipe (or queues it, on the owner's side, until one is idle); the actor
    runs it with its own context (made by the owner beforehand) and hands
    it back on an inproc socket the owner polls. Idle actors call an upkeep
    function twice a second. Signals are blocked in the actors' threads so
    they reach the owner's thread. Every call is from the owner's thread.
*/
#ifndef AUTH_POOL_H_INCLUDED
#define AUTH_POOL_H_INCLUDED

#include <czmq.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (auth_pool_run_fn) (void *context, void *job);
typedef void (auth_pool_idle_fn) (void *context);
typedef void (auth_pool_give_fn) (void *context, void *thing);
typedef void (auth_pool_free_fn) (void **job_p);

typedef struct _auth_pool_t auth_pool_t;

//  threads contexts, one per thread, stay owned by the caller. give (or
//  NULL) runs on a thread for what auth_pool_give hands it.
auth_pool_t *auth_pool_new (int threads, void **contexts, auth_pool_run_fn *run,
                            auth_pool_idle_fn *idle, auth_pool_give_fn *give,
                            auth_pool_free_fn *free_job);
//  Stops the threads after their current job; unfinished jobs are freed.
void auth_pool_destroy (auth_pool_t **self_p);

void auth_pool_submit (auth_pool_t *self, void *job);
//  Hand thing to thread index over its pipe, after the jobs it was given:
//  its give function then owns it (runs between jobs). 0, or -1 (the
//  caller still owns it).
int auth_pool_give (auth_pool_t *self, int index, void *thing);

//  The socket that becomes readable when a job is done.
zsock_t *auth_pool_results (auth_pool_t *self);
//  Take one finished job (NULL if none is ready).
void *auth_pool_take (auth_pool_t *self);

//  Jobs submitted and not yet taken back.
size_t auth_pool_pending (auth_pool_t *self);

#ifdef __cplusplus
}
#endif
#endif
