/*  auth_opener - a zactor that opens the store of the contexts that have
    none: all of them in a round, the next round 0.5 s later, the pause
    doubling up to 2 s while the database stays out of reach. Each store
    opened is sent to the owner over the pipe ("ip": context number, the
    parts from auth_ctx_open), which owns it from then on; nothing is
    shared with the owner but the read-only settings. STOP ends the
    rounds (answered with a signal), $TERM the actor.  */
#include "auth_opener.h"
#include <signal.h>

#define S_FIRST_PAUSE_MSEC 500
#define S_LONGEST_PAUSE_MSEC 2000

struct _auth_opener_t {
    auth_ctx_t recipe;          //  Settings only (read-only pointers)
    bool *opened;               //  The actor's once started
    int count;
    zactor_t *actor;
};

//  One round: every context without a store, until one cannot be opened
//  (the next would not be either). The number still without one.
static int
s_round (auth_opener_t *self, zsock_t *pipe)
{
    int left = 0;
    bool stop = false;
    for (int i = 0; i < self->count; i++) {
        if (self->opened [i])
            continue;
        bool unavailable = false;
        auth_ctx_t *parts = stop ? NULL : auth_ctx_open (&self->recipe, &unavailable);
        if (parts && zsock_send (pipe, "ip", i, parts) == 0)
            self->opened [i] = true;
        else {
            auth_ctx_destroy (&parts);
            stop = true;
            left++;
        }
    }
    return left;
}

//  A command from the pipe: false on $TERM. STOP ends the rounds and is
//  answered with a signal once no store is left to send.
static bool
s_command (zsock_t *pipe, bool *stopped)
{
    char *command = zstr_recv (pipe);
    bool term = !command || streq (command, "$TERM");
    if (command && streq (command, "STOP")) {
        *stopped = true;
        zsock_signal (pipe, 0);
    }
    zstr_free (&command);
    return !term;
}

static void
s_actor (zsock_t *pipe, void *arg)
{
    auth_opener_t *self = (auth_opener_t *) arg;
    zpoller_t *poller = zpoller_new (pipe, NULL);
    if (poller)
        zpoller_set_nonstop (poller, true);     //  Ends on $TERM only
    zsock_signal (pipe, 0);
    int pause = S_FIRST_PAUSE_MSEC;
    int left = self->count;
    bool stopped = false;
    bool running = poller != NULL;
    while (running) {
        zsock_t *which = (zsock_t *) zpoller_wait (poller, left && !stopped ? pause : -1);
        if (which == pipe)
            running = s_command (pipe, &stopped);
        else
        if (!stopped && left) {
            left = s_round (self, pipe);
            pause = pause * 2 < S_LONGEST_PAUSE_MSEC ? pause * 2 : S_LONGEST_PAUSE_MSEC;
        }
    }
    zpoller_destroy (&poller);
}

auth_opener_t *
auth_opener_new (auth_ctx_t **contexts, int count)
{
    auth_opener_t *self = (auth_opener_t *) zmalloc (sizeof (auth_opener_t));
    if (!self)
        return NULL;
    self->recipe = (auth_ctx_t) { .db_path = contexts [0]->db_path,
                                  .db_options = contexts [0]->db_options,
                                  .limits_config = contexts [0]->limits_config,
                                  .request_ttl_ms = contexts [0]->request_ttl_ms };
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

zsock_t *
auth_opener_sock (auth_opener_t *self)
{
    return zactor_sock (self->actor);
}

int
auth_opener_recv (auth_opener_t *self, auth_ctx_t **opened_p)
{
    int index = -1;
    void *parts = NULL;
    *opened_p = NULL;
    if (zsock_recv (self->actor, "ip", &index, &parts) || !parts)
        return -1;
    *opened_p = (auth_ctx_t *) parts;
    if (index >= 0 && index < self->count)
        return index;
    auth_ctx_destroy (opened_p);
    return -1;
}

//  STOP, then every store still in the pipe destroyed until the actor's
//  signal: none is lost (it then waits for $TERM)
static void
s_stop (auth_opener_t *self)
{
    if (zstr_send (self->actor, "STOP"))
        return;
    zmsg_t *msg;
    while ((msg = zmsg_recv (self->actor)) && zmsg_signal (msg) < 0) {
        zframe_t *frame = zmsg_size (msg) == 2 ? zmsg_last (msg) : NULL;
        if (frame && zframe_size (frame) == sizeof (void *)) {
            auth_ctx_t *parts;
            memcpy (&parts, zframe_data (frame), sizeof parts);
            auth_ctx_destroy (&parts);
        }
        zmsg_destroy (&msg);
    }
    zmsg_destroy (&msg);
}

void
auth_opener_destroy (auth_opener_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_opener_t *self = *self_p;
    if (self->actor) {
        s_stop (self);
        zactor_destroy (&self->actor);
    }
    free (self->opened);
    free (self);
    *self_p = NULL;
}
