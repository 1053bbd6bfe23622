/*  vc_worker - a service instance's connection to the broker, in the
    Majordomo style: READY with the service name and a capacity (how many
    requests it may hold at once), heartbeats both ways, reconnection with
    a fresh READY when the broker goes silent or restarts, requests in and
    replies out. Malformed request bodies and the "ping" operation are
    answered here, so services only see well-formed requests.
*/
#ifndef VC_WORKER_H_INCLUDED
#define VC_WORKER_H_INCLUDED

#include <czmq.h>
#include "vc_body.h"
#include "vc_config.h"
#include "vc_proto.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    char client [VC_ADDRESS_MAX + 1];   //  Client id, as the broker knows it
    char username [VC_EXTRA_MAX + 1];   //  Signed-in username, "" if none
    char source [VC_ADDRESS_MAX + 1];   //  The client's IP address as the broker saw it, "" if unknown
    char op [33];                       //  Operation, from the body's "op"
    vc_body_t *body;                    //  The request map
    zframe_t *reqid;                    //  Echoed in the reply
    int64_t received;                   //  When it reached this instance (zclock_mono)
} vc_request_t;

void vc_request_destroy (vc_request_t **self_p);

typedef struct _vc_worker_t vc_worker_t;

//  Called when a watched socket is readable.
typedef void (vc_worker_handler_fn) (zsock_t *sock, void *arg);

//  Options every service takes: the broker's public key and the service's
//  own certificate. vc_worker_new reads them from the environment, where
//  vc_worker_keys_export puts the flags' values.
#define VC_OPTIONS_WORKER_KEYS \
    { "server-key-file", "VC_SERVER_KEY_FILE", NULL, "Broker public certificate (vc-keygen): encrypt the link to the broker with CURVE", false }, \
    { "service-cert", "VC_SERVICE_CERT", NULL, "This service's certificate (vc-keygen; its _secret file beside it), for a broker that admits only known services (--worker-keys)", false }
void vc_worker_keys_export (vc_config_t *config);

//  The main of a service: vc_program_start with usage "[options]" (see
//  vc_config.h), the worker keys exported, then run with the config; the
//  exit code, run's or vc_program_start's (--help, a wrong command line).
int vc_worker_main (const char *program, const char *log_name, const char *summary,
                    const vc_option_t *options, int argc, char **argv,
                    int (*run) (vc_config_t *config));

//  When the environment variable VC_SERVER_KEY_FILE names the broker's
//  public certificate (from vc-keygen), the link is encrypted with CURVE
//  (the broker must run with --curve-backend); VC_SERVICE_CERT names this
//  service's own certificate (else a fresh key pair is made per
//  connection). NULL if either file cannot be read.
vc_worker_t *vc_worker_new (const char *endpoint, const char *service, int capacity);
void vc_worker_destroy (vc_worker_t **self_p);     //  Says BYE to the broker

//  Use CURVE towards the broker (its public key, Z85). Before the first recv.
int vc_worker_set_server_key (vc_worker_t *self, const char *public_key);

//  Also wait on this socket inside recv (polled with the broker's socket),
//  calling handler when it is readable. Returns 0, or -1 out of memory or
//  beyond 8 watched sockets.
int vc_worker_watch (vc_worker_t *self, zsock_t *sock, vc_worker_handler_fn *handler, void *arg);

//  Next request, or NULL after timeout_ms (-1: forever) or on interrupt,
//  or once a watched socket's handler called vc_worker_wake.
vc_request_t *vc_worker_recv (vc_worker_t *self, int timeout_ms);

//  From a watched socket's handler: the recv under way returns NULL after
//  the handlers, without waiting for its timeout (the service has work of
//  its own to start). Called outside recv, the next recv returns at once.
void vc_worker_wake (vc_worker_t *self);

//  Reply with a body (consumed) and destroy the request.
int vc_worker_reply (vc_worker_t *self, vc_request_t **request_p, zframe_t **body_p);
//  Reply {status, message} only.
int vc_worker_reply_status (vc_worker_t *self, vc_request_t **request_p,
                            int status, const char *message);

//  Reply {status, message, msgid, args}: said's text with its id (vc_said.h).
struct vc_said_s;
int vc_worker_reply_said (vc_worker_t *self, vc_request_t **request_p, int status,
                          const struct vc_said_s *said);

//  Tell the broker that a client is now signed in as username with this
//  token ("" username ends the session).
int vc_worker_session (vc_worker_t *self, const char *client,
                       const char *username, const char *token);

//  Identity of the broker run we registered with (changes on restart).
const char *vc_worker_epoch (vc_worker_t *self);
const char *vc_worker_instance (vc_worker_t *self);
bool vc_worker_registered (vc_worker_t *self);
//  True once the broker has said BYE (operator shut the system down): the
//  service should exit. recv returns NULL from then on. A NULL worker (one
//  that could not be made) is stopped too.
bool vc_worker_stopped (vc_worker_t *self);

//  Self-test: watched sockets served by recv with no broker answering, up
//  to 8; a handler's vc_worker_wake ends the recv under way; a broker that
//  floods the worker does not starve a watched socket. Runs a ROUTER on
//  inproc as the broker. Aborts at the first failed check.
void vc_worker_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
