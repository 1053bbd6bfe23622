/*  gtk_pipe - a zactor's pipe watched from the GLib main loop: the UI side
    of the kit's actors (gtk_net, gtk_feed), so that the UI thread and an
    actor share no state and the UI never blocks.

    The pipe's descriptor (ZMQ_FD) is edge-triggered: it signals when
    messages come after a look found none waiting, not while some wait.
    So a look reads until ZMQ_EVENTS says the pipe is empty; the watch
    looks once as the main loop starts (for what came before); and after
    the UI sent on the pipe (which may take the descriptor's signal for
    messages already waiting) gtk_pipe_sent looks again from the main loop
    if any wait.

    A look calls take once for each message waiting (take receives it),
    then done, if given, once. After done it touches nothing, so done may
    destroy the watch and its owner; take may not.
*/
#ifndef GTK_PIPE_H_INCLUDED
#define GTK_PIPE_H_INCLUDED

#include <czmq.h>
#include <stdbool.h>

typedef void (gtk_pipe_take_fn) (zsock_t *pipe, void *arg);
typedef void (gtk_pipe_done_fn) (void *arg);

typedef struct _gtk_pipe_t gtk_pipe_t;

//  Watch the actor's pipe on the thread's default main context; NULL when
//  out of memory. The actor outlives the watch.
gtk_pipe_t *gtk_pipe_new (zactor_t *actor, gtk_pipe_take_fn *take, gtk_pipe_done_fn *done,
                          void *arg);
void gtk_pipe_destroy (gtk_pipe_t **self_p);

//  After sending on the pipe: look from the main loop if messages wait.
void gtk_pipe_sent (gtk_pipe_t *self);

//  Self-test: an echo actor, on the thread's GLib main context.
void gtk_pipe_test (bool verbose);

#endif
