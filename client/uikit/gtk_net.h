/*  gtk_net - the requests of the GTK programs, made by an actor.

    An actor (a zactor) owns the vc_client (and so the socket). The UI
    thread sends it jobs over the actor's pipe and never blocks; the actor
    runs them in order and, while idle, calls vc_client_idle_tick every
    250 ms, so heartbeats flow and a broker that is gone or silent is left
    for another of the list at once. Every job ends in a callback run on
    the UI thread (the GLib main loop watches the pipe, gtk_pipe) with a
    result: a status, a human message and, for requests, the reply. A
    broker that stops or starts answering, or a move to another broker,
    is told between jobs too (gtk_net_on_link, gtk_net_on_moved).
*/
#ifndef GTK_NET_H_INCLUDED
#define GTK_NET_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_api.h"

typedef struct {
    int status;                 //  VC_OK or an error status
    char message [256];         //  Reason shown to the user
    vc_reply_t *reply;          //  The reply (requests only), or NULL
    bool server_gone;           //  Timeout or lost broker: offer Reconnect
    char address [256];         //  Endpoint the job talked to
} gtk_net_result_t;

//  Called on the UI thread; the result is freed after it returns.
typedef void (gtk_net_done_fn) (gtk_net_result_t *result, void *user);

typedef struct _gtk_net_t gtk_net_t;

//  kind is what the broker is told ("gui", "monitor"); server_key is the
//  broker's CURVE public key (Z85) or NULL; timeout_ms bounds each request.
gtk_net_t *gtk_net_new (const char *kind, const char *server_key, int timeout_ms);
//  Ends the actor after the job in hand (it says BYE if connected); the
//  callbacks of jobs not yet delivered do not run. Not from a callback.
void gtk_net_destroy (gtk_net_t **self_p);

//  (Re)connect to address ("127.0.0.1", "host:port", "tcp://host:port").
void gtk_net_connect (gtk_net_t *self, const char *address,
                      gtk_net_done_fn *done, void *user);
//  Send one request (body consumed) to a service.
void gtk_net_call (gtk_net_t *self, const char *service, zframe_t *body,
                   gtk_net_done_fn *done, void *user);
//  Sign in (the session token is kept for later requests) and sign out.
void gtk_net_signin (gtk_net_t *self, const char *username, const char *password,
                     gtk_net_done_fn *done, void *user);
void gtk_net_signout (gtk_net_t *self, gtk_net_done_fn *done, void *user);
//  Say BYE and drop the connection.
void gtk_net_bye (gtk_net_t *self, gtk_net_done_fn *done, void *user);

//  Address of the broker in use ("" if none): the one connected to, then
//  the other of a pair once a request was answered there; UI thread only.
const char *gtk_net_address (gtk_net_t *self);

//  Called on the UI thread when a request was answered by another broker
//  than the one in use (a failover), with its address, before the job's
//  own callback.
typedef void (gtk_net_moved_fn) (const char *address, void *user);
void gtk_net_on_moved (gtk_net_t *self, gtk_net_moved_fn *moved, void *user);
//  Called on the UI thread when the broker in use stops answering (no
//  heartbeat for the protocol's liveness: frozen, or the link lost and not
//  joined again) or answers again, after a job or while idle; answering
//  is also what gtk_net_answering says from then on (true after a
//  connection, false after BYE).
typedef void (gtk_net_link_fn) (bool answering, const char *address, void *user);
void gtk_net_on_link (gtk_net_t *self, gtk_net_link_fn *link, void *user);
bool gtk_net_answering (gtk_net_t *self);
//  Jobs queued or running; UI thread only.
int gtk_net_pending (gtk_net_t *self);

//  Self-test against a real broker at endpoint (its events at events, the
//  protocol's heartbeat), on the thread's GLib main context.
void gtk_net_test (const char *endpoint, const char *events, bool verbose);

#endif
