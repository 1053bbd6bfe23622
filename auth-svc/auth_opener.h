/*  auth_opener - opens the account store off the request path: a zactor
    that opens the store of each pool context made while the database
    could not be reached, and sends it to its owner over the actor's pipe
    (auth_ctx_open); the owner hands it on to the context's pool thread
    (auth_pool_give). Until then the
    pool threads answer 503 at once: no request waits behind a connection
    attempt, a name lookup or another program's schema lock.
*/
#ifndef AUTH_OPENER_H_INCLUDED
#define AUTH_OPENER_H_INCLUDED

#include "auth_ops.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _auth_opener_t auth_opener_t;

//  Opens the store of those of the count contexts that have none; the
//  contexts must outlive the opener. NULL on failure.
auth_opener_t *auth_opener_new (auth_ctx_t **contexts, int count);
//  The socket that becomes readable when a store was opened.
zsock_t *auth_opener_sock (auth_opener_t *self);
//  Take one opened store: the context's number and *opened_p (the caller
//  owns it), or -1 (*opened_p NULL).
int auth_opener_recv (auth_opener_t *self, auth_ctx_t **opened_p);
//  Stops the thread, after the attempt it is making; stores opened and
//  not received are destroyed.
void auth_opener_destroy (auth_opener_t **self_p);

#ifdef __cplusplus
}
#endif

#endif
