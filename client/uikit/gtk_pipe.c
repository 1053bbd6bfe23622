/*  gtk_pipe - a zactor's pipe watched from the GLib main loop (see
    gtk_pipe.h): a GLib source on the pipe's descriptor (g_unix_fd_add) and
    an idle source for the looks the descriptor does not signal.  */
#include "gtk_pipe.h"
#include "vc_check.h"

#include <glib-unix.h>

struct _gtk_pipe_t {
    zsock_t *pipe;
    guint watch;                //  GLib source on the pipe's descriptor
    guint later;                //  A look scheduled from the main loop, or 0
    gtk_pipe_take_fn *take;
    gtk_pipe_done_fn *done;
    void *arg;
};

//  Every message waiting to take, then done (which may destroy self)
static void
s_look (gtk_pipe_t *self)
{
    while (zsock_events (self->pipe) & ZMQ_POLLIN)
        self->take (self->pipe, self->arg);
    if (self->done)
        self->done (self->arg);
}

//  The pipe's descriptor is readable
static gboolean
s_on_pipe (gint fd, GIOCondition condition, gpointer data)
{
    (void) fd;
    (void) condition;
    s_look ((gtk_pipe_t *) data);
    return G_SOURCE_CONTINUE;
}

static gboolean
s_look_later (gpointer data)
{
    gtk_pipe_t *self = (gtk_pipe_t *) data;
    self->later = 0;
    s_look (self);
    return G_SOURCE_REMOVE;
}

gtk_pipe_t *
gtk_pipe_new (zactor_t *actor, gtk_pipe_take_fn *take, gtk_pipe_done_fn *done, void *arg)
{
    gtk_pipe_t *self = (gtk_pipe_t *) calloc (1, sizeof (gtk_pipe_t));
    if (!self)
        return NULL;
    self->pipe = zactor_sock (actor);
    self->take = take;
    self->done = done;
    self->arg = arg;
    self->watch = g_unix_fd_add (zsock_fd (self->pipe), G_IO_IN, s_on_pipe, self);
    //  Until a look found the pipe empty its descriptor does not signal
    self->later = g_idle_add (s_look_later, self);
    return self;
}

void
gtk_pipe_destroy (gtk_pipe_t **self_p)
{
    gtk_pipe_t *self = *self_p;
    if (!self)
        return;
    g_source_remove (self->watch);
    if (self->later)
        g_source_remove (self->later);
    free (self);
    *self_p = NULL;
}

void
gtk_pipe_sent (gtk_pipe_t *self)
{
    if (!self->later && (zsock_events (self->pipe) & ZMQ_POLLIN))
        self->later = g_idle_add (s_look_later, self);
}

//  --------------------------------------------------------------------------
//  Self-test: an actor that answers "PING" with one "PONG" and "BURST n"
//  with n of them; the descriptor's signal is taken by hand (zsock_events)
//  where a send or an earlier look would take it.

static void
s_echo (zsock_t *pipe, void *arg)
{
    (void) arg;
    zsock_signal (pipe, 0);
    char *command;
    while ((command = zstr_recv (pipe)) && !streq (command, "$TERM")) {
        int count = strncmp (command, "BURST ", 6) == 0 ? atoi (command + 6) : 1;
        for (int i = 0; i < count; i++)
            zstr_send (pipe, "PONG");
        zstr_free (&command);
    }
    zstr_free (&command);
}

typedef struct {
    int taken, looks;
    gtk_pipe_t *destroy_me;     //  Destroyed by done when set
} s_seen_t;

static void
s_take (zsock_t *pipe, void *arg)
{
    char *pong = zstr_recv (pipe);
    VC_CHECK (pong && streq (pong, "PONG"));
    ((s_seen_t *) arg)->taken++;
    zstr_free (&pong);
}

static void
s_done (void *arg)
{
    s_seen_t *seen = (s_seen_t *) arg;
    seen->looks++;
    if (seen->destroy_me)
        gtk_pipe_destroy (&seen->destroy_me);
}

//  Run the main loop until count were taken, or for msecs
static void
s_until (s_seen_t *seen, int count, int msecs)
{
    int64_t deadline = zclock_mono () + msecs;
    while (seen->taken < count && zclock_mono () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
            zclock_sleep (5);
}

//  Messages waiting with the descriptor's signal already taken
static void
s_waiting (zactor_t *actor, const char *command)
{
    zstr_send (actor, command);
    zclock_sleep (200);
    VC_CHECK (zsock_events (zactor_sock (actor)) & ZMQ_POLLIN);
}

void
gtk_pipe_test (bool verbose)
{
    if (verbose)
        printf (" * gtk_pipe: ");
    zactor_t *actor = zactor_new (s_echo, NULL);
    VC_CHECK (actor);
    s_seen_t seen = { 0 };

    //  What came before the watch: taken by the first look
    s_waiting (actor, "BURST 3");
    gtk_pipe_t *watch = gtk_pipe_new (actor, s_take, s_done, &seen);
    VC_CHECK (watch);
    s_until (&seen, 3, 2000);
    VC_CHECK (seen.taken == 3 && seen.looks >= 1);

    //  The descriptor signals what comes later; a burst in few looks
    int looks = seen.looks;
    zstr_send (actor, "BURST 50");
    s_until (&seen, 53, 2000);
    VC_CHECK (seen.taken == 53 && seen.looks - looks >= 1 && seen.looks - looks <= 50);

    //  A send that took the signal of what waits: gtk_pipe_sent looks
    s_waiting (actor, "PING");
    s_until (&seen, 54, 500);
    VC_CHECK (seen.taken == 53);        //  Nothing signals it
    gtk_pipe_sent (watch);
    s_until (&seen, 54, 2000);
    VC_CHECK (seen.taken == 54);

    //  done may destroy the watch
    seen.destroy_me = watch;
    zstr_send (actor, "PING");
    s_until (&seen, 55, 2000);
    VC_CHECK (seen.taken == 55 && seen.destroy_me == NULL);
    s_until (&seen, 56, 200);           //  Sources gone: nothing runs

    zactor_destroy (&actor);
    if (verbose)
        printf ("OK\n");
}
