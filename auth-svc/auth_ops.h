/*  auth_ops - the auth service's operations, run on a pool thread: sign up,
    sign in, sign out, who am I (a repeated request id gets the first
    answer: auth_requests), and the clean-up of sessions when a client
    leaves or the broker restarts.

    A job carries a request in and its outcome out: the reply body, the
    session to bind on the broker for the requesting client, and the events
    to publish. The thread that owns the broker connection acts on the
    outcome (auth_server).
*/
#ifndef AUTH_OPS_H_INCLUDED
#define AUTH_OPS_H_INCLUDED

#include "auth_limits.h"
#include "auth_password.h"
#include "auth_probe.h"
#include "auth_requests.h"
#include "auth_sessions.h"
#include "auth_store.h"
#include "vc_worker.h"

#ifdef __cplusplus
extern "C" {
#endif

//  What one pool thread works with.
typedef struct _auth_ctx_t auth_ctx_t;
struct _auth_ctx_t {
    auth_store_t *store;                //  NULL while the database cannot be reached
    auth_sessions_t *sessions;
    auth_limits_t *limits;
    auth_requests_t *requests;          //  Answers remembered by request id
    auth_probe_t *probe;                //  NULL: the broker cannot be asked
    const auth_password_t *password;    //  Shared, read-only
    //  How to open the store (again); the caller's, read-only
    const char *db_path;
    const vc_db_options_t *db_options;
    const auth_limits_config_t *limits_config;
    int64_t request_ttl_ms;
};

//  Store path, frontend ("" for none), limits, hashing, and how long
//  answers are remembered by request id (0: the default): one context.
//  What these point to must outlive it. With open_now the store is opened
//  here: a PostgreSQL store that cannot be reached is left to an opener
//  (auth_ctx_open), any other failure is NULL. Without, the store is left
//  to an opener.
auth_ctx_t *auth_ctx_new (const char *db_path, const vc_db_options_t *db_options, const char *frontend,
                          const auth_limits_config_t *limits, const auth_password_t *password,
                          int64_t request_ttl_ms, bool open_now);
void auth_ctx_destroy (auth_ctx_t **self_p);
//  True if the store was opened when the context was made (before its
//  pool thread runs: afterwards only that thread may ask).
bool auth_ctx_has_store (auth_ctx_t *self);
//  On the opener's thread: a new context holding only a store and its
//  parts, opened as recipe says (only its read-only settings are read).
//  NULL (*unavailable when the database cannot be reached now). The
//  caller owns the result: auth_ctx_adopt or auth_ctx_destroy.
auth_ctx_t *auth_ctx_open (const auth_ctx_t *recipe, bool *unavailable);
//  On the context's pool thread: take the store and parts of opened (from
//  auth_ctx_open, handed over the pool's pipe), destroying opened.
void auth_ctx_adopt (void *context, void *opened);
//  On the context's pool thread: true when the store is open; false at
//  once otherwise (never waits for the database: the request is answered
//  503).
bool auth_ctx_ready (auth_ctx_t *self);
//  Pool upkeep while idle (probe heartbeats).
void auth_ctx_idle (void *self);

typedef enum {
    AUTH_JOB_REQUEST,           //  A request from a client
    AUTH_JOB_CLIENT_GONE,       //  The broker reported client.bye or client.lost
    AUTH_JOB_SWEEP              //  New broker run: end sessions of earlier runs
} auth_job_kind_t;

typedef struct {
    char topic [33];
    char client [VC_ADDRESS_MAX + 1];
    char username [VC_USERNAME_MAX + 1];
    char detail [128];
} auth_event_out_t;

typedef struct {
    auth_job_kind_t kind;
    vc_request_t *request;                  //  AUTH_JOB_REQUEST
    char client [VC_ADDRESS_MAX + 1];       //  AUTH_JOB_CLIENT_GONE
    char reason [64];                       //  AUTH_JOB_CLIENT_GONE: "client exited"...
    char epoch [65];                        //  Broker run when the job was made
    bool grace_open;                        //  Sessions of earlier runs may still resume
    char rid [AUTH_REQUEST_KEY_MAX];        //  Request id as a store key, "" if none
    char subject [VC_USERNAME_MAX + 1];     //  Folded username the request is about
    bool remember;                          //  Keep the answer under rid
    int64_t deadline;                       //  zclock_mono after which it is not handled
    int64_t queued;                         //  zclock_mono: handed to the pool
    int64_t started;                        //  zclock_mono: a pool thread took it
    int64_t finished;                       //  zclock_mono: that thread was done
    //  Outcome
    zframe_t *reply;                        //  Reply body for the request
    bool bind_session;                      //  Tell the broker about the client's session
    char session_user [VC_USERNAME_MAX + 1];//  "" ends it
    char session_token [AUTH_TOKEN_HEX];
    zlist_t *events;                        //  auth_event_out_t to publish, or NULL
} auth_job_t;

auth_job_t *auth_job_new (auth_job_kind_t kind, const char *epoch);
//  Frees the job (wiping the token), its request and reply.
void auth_job_destroy (auth_job_t **self_p);
//  For the pool: same, with a void pointer.
void auth_job_free (void **job_p);

//  Run a job on a pool thread (auth_pool_run_fn).
void auth_ops_run (void *ctx, void *job);

#ifdef __cplusplus
}
#endif
#endif
