/*  auth_server - the auth service's main thread: the connection to the
    broker (as service "auth"), the event publisher, the subscription to
    the broker's client.bye and client.lost events, and a pool of threads
    that run the operations. Requests go to the pool; finished jobs come
    back here to bind sessions on the broker, publish events and reply.
*/
#ifndef AUTH_SERVER_H_INCLUDED
#define AUTH_SERVER_H_INCLUDED

#include "auth_limits.h"
#include "auth_password.h"
#include "vc_db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *backend;        //  Broker worker endpoint
    const char *frontend;       //  Broker client endpoint ("" : do not ask the broker)
    const char *events_in;      //  Where to publish ("" : do not publish)
    const char *events_out;     //  Where to hear client.bye/lost ("" : do not)
    const char *db_path;        //  SQLite file or postgresql:// address
    vc_db_options_t db_options; //  PostgreSQL password file and timeouts
    int threads;
    int capacity;
    int64_t resume_grace_ms;    //  Sessions of an earlier broker run may resume this long
    auth_limits_config_t limits;
    int64_t request_ttl_ms;     //  How long answers are remembered by request id
    int64_t request_timeout_ms; //  The broker's: a request older is past its deadline
    const auth_password_t *password;
} auth_server_config_t;

typedef struct _auth_server_t auth_server_t;

auth_server_t *auth_server_new (const auth_server_config_t *config);
void auth_server_destroy (auth_server_t **self_p);

//  Serve until SIGINT/SIGTERM or until the broker stops the system.
//  Returns 0.
int auth_server_run (auth_server_t *self);

#ifdef __cplusplus
}
#endif
#endif
