/*  auth_opener - a zactor that opens the store of the contexts that have
    none: all of them in a round, the next round 0.5 s later, the pause
    doubling up to 2 s while the database stays out of reach; it then
    waits for its end.  */
#include "auth_opener.h"
#include <signal.h>

#define S_FIRST_PAUSE_MSEC 500
#define S_LONGEST_PAUSE_MSEC 2000

struct _auth_opener_t {
    auth_ctx_t **contexts;
    bool *opened;               //  Handed over (the actor's)
    int count;
    zactor_t *actor;
};

//  One round: every context without a store, until one cannot be opened
//  (the next would not be either). The number still without one.
static int
s_round (auth_opener_t *self)
{
    int left = 0;
    bool stop = false;
    for (int i = 0; i < self->count; i++) {
        if (self->opened [i])
            continue;
        bool unavailable = false;
        if (!stop && auth_ctx_open (self->contexts [i], &unavailable) == 0)
            self->opened [i] = true;
        else {
            stop = true;
            left++;
        }
    }
    return left;
}

static void
s_actor (zsock_t *pipe, void *arg)
{
    auth_opener_t *self = (auth_opener_t *) arg;
    zpoller_t *poller = zpoller_new (pipe, NULL);
    zsock_signal (pipe, 0);
    int pause = S_FIRST_PAUSE_MSEC;
    int left = self->count;
    while (poller) {
        zsock_t *which = (zsock_t *) zpoller_wait (poller, left ? pause : -1);
        if (which == pipe || zpoller_terminated (poller))
            break;                  //  $TERM (the only command), or interrupted
        left = s_round (self);
        pause = pause * 2 < S_LONGEST_PAUSE_MSEC ? pause * 2 : S_LONGEST_PAUSE_MSEC;
    }
    zpoller_destroy (&poller);
}

auth_opener_t *
auth_opener_new (auth_ctx_t **contexts, int count)
{
    auth_opener_t *self = (auth_opener_t *) zmalloc (sizeof (auth_opener_t));
    if (!self)
        return NULL;
    self->contexts = contexts;
    self->count = count;
    self->opened = (bool *) zmalloc (sizeof (bool) * (size_t) count);
    if (!self->opened) {
        auth_opener_destroy (&self);
        return NULL;
    }
    for (int i = 0; i < count; i++)
        self->opened [i] = auth_ctx_has_store (contexts [i]);
    //  Signals reach the owner's thread only
    sigset_t all, saved;
    sigfillset (&all);
    pthread_sigmask (SIG_BLOCK, &all, &saved);
    self->actor = zactor_new (s_actor, self);
    pthread_sigmask (SIG_SETMASK, &saved, NULL);
    if (!self->actor)
        auth_opener_destroy (&self);
    return self;
}

void
auth_opener_destroy (auth_opener_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_opener_t *self = *self_p;
    zactor_destroy (&self->actor);
    free (self->opened);
    free (self);
    *self_p = NULL;
}
