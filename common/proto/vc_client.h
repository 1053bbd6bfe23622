/*  vc_client - a client's connection to the broker (CLI, GTK client,
    monitor, benchmarks, tests).

    Connects a DEALER socket to the broker's client endpoint, says HELLO and
    waits for WELCOME (so a wrong or unreachable address fails fast with
    "cannot connect to ADDRESS"), sends heartbeats while idle, carries the
    session token on every request, and turns every failure into a reply
    with a status code and a message, so callers handle one shape.
    One thread owns a client; it is not thread-safe.
*/
#ifndef VC_CLIENT_H_INCLUDED
#define VC_CLIENT_H_INCLUDED

#include <czmq.h>
#include "vc_body.h"
#include "vc_proto.h"
#include "vc_reqid.h"           //  vc_reqid_new: the ids it sends

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int status;                 //  VC_OK or an error status
    char message [256];         //  Human-readable message
    vc_body_t *body;            //  Whole reply map, or NULL if none
    uint64_t reqid;             //  Request id it answers
} vc_reply_t;

void vc_reply_destroy (vc_reply_t **self_p);

typedef struct _vc_client_t vc_client_t;

//  address as a user types it: "127.0.0.1", "host:5555", "tcp://host:port",
//  or a comma-separated list of up to 4 (a primary and a backup broker):
//  the client uses the first that welcomes it and moves to the next when
//  its broker is gone, silent or on standby.
//  kind tells the broker what this is: "cli", "gui", "monitor", "bench"...
//  NULL when out of memory.
vc_client_t *vc_client_new (const char *address, const char *kind);
void vc_client_destroy (vc_client_t **self_p);     //  Says BYE if connected

//  Use CURVE encryption towards a broker whose public key is given (Z85,
//  40 chars). Call before connect. Returns 0, or -1 if the key is invalid.
int vc_client_set_server_key (vc_client_t *self, const char *public_key);

//  Connect and handshake. Returns 0, or -1 with vc_client_error() set to
//  "cannot connect to ADDRESS: reason". When no key was set and the
//  environment variable VC_SERVER_KEY_FILE names a broker public
//  certificate (from vc-keygen), the link is encrypted with that key.
//  A broker that refuses the client (too many clients) gives its reason.
int vc_client_connect (vc_client_t *self, int timeout_ms);
const char *vc_client_error (vc_client_t *self);

//  Send one request and wait for its reply; always returns a reply (errors
//  made locally have status VC_TIMEOUT or VC_SERVICE_UNAVAILABLE; out of
//  memory, VC_INTERNAL "out of memory", from a reply kept for that). When the
//  link is lost while waiting, the client joins again (another address of
//  the list if need be) and sends the request again with the same request
//  id (a random one per call), unless a repeat would not be answered as
//  the first time (shutdown): that is answered 503 "may or may not have
//  been done".
//  The body frame is consumed.
vc_reply_t *vc_client_call (vc_client_t *self, const char *service,
                            zframe_t **body_p, int timeout_ms);

//  The same for a request that changes state (sign-up, sign-in, sign-out):
//  it is also sent again with its id (the service answers a repeat with
//  its first answer, docs/protocol.md) when the answer is 504 or 503, at
//  most VC_CLIENT_TRIES sends in all, and after a 429 without retry_after
//  (a quota or a full queue: not a penalty) after 50-250 ms, at most
//  VC_CLIENT_BUSY_TRIES times; all within timeout_ms. A call that ends without an answer
//  leaves its id to the next call with the same service and body within
//  VC_REQUEST_MEMORY_MSEC, so a user who tries again is a repeat too.
#define VC_CLIENT_TRIES 6
#define VC_CLIENT_BUSY_TRIES 20
#define VC_REQUEST_MEMORY_MSEC (5 * 60 * 1000)
vc_reply_t *vc_client_call_once (vc_client_t *self, const char *service,
                                 zframe_t **body_p, int timeout_ms);

//  Pipelined use: send without waiting (returns the request id, random,
//  0 on failure), then receive replies in any order (NULL on timeout).
//  vc_client_send_id sends with a chosen id, e.g. the same request again
//  after a failover (0, or -1 if it could not be sent).
uint64_t vc_client_send (vc_client_t *self, const char *service, zframe_t **body_p);
int vc_client_send_id (vc_client_t *self, const char *service, uint64_t reqid,
                       zframe_t **body_p);
vc_reply_t *vc_client_recv (vc_client_t *self, int timeout_ms);

//  Heartbeat upkeep for idle clients; call at least every second.
void vc_client_tick (vc_client_t *self);

//  The upkeep of a client that waits for its user, not for a reply (a
//  shell at its prompt): vc_client_tick, then, if the link was lost or,
//  with another address to go to, the broker has been silent for the
//  heartbeat liveness, join again now (another broker of the list if need
//  be, the session resumed) instead of at the next request.
void vc_client_idle_tick (vc_client_t *self);

//  The session token sent with every request ("" for none).
void vc_client_set_token (vc_client_t *self, const char *token);
const char *vc_client_token (vc_client_t *self);

//  Say BYE and drop the connection (the broker reports client.bye).
void vc_client_bye (vc_client_t *self);

//  How many times the link came back to another run of the broker (a
//  restarted broker) since the first connect. After a lost link the client says
//  HELLO again before anything else, so the broker knows its kind.
unsigned vc_client_restarts (vc_client_t *self);

//  Moves to another address of the list, sessions resumed on a new broker
//  run (with the token given at sign-in; the new token replaces it), and
//  requests sent again because their reply was lost with the broker.
unsigned vc_client_failovers (vc_client_t *self);
unsigned vc_client_resumed (vc_client_t *self);
unsigned vc_client_resends (vc_client_t *self);
//  The broker run that welcomed us last.
const char *vc_client_epoch (vc_client_t *self);

bool vc_client_connected (vc_client_t *self);
//  True if the broker has been heard from within the heartbeat liveness.
bool vc_client_broker_alive (vc_client_t *self);
const char *vc_client_id (vc_client_t *self);        //  As the broker knows us
const char *vc_client_endpoint (vc_client_t *self);
zsock_t *vc_client_sock (vc_client_t *self);

#ifdef __cplusplus
}
#endif
#endif
