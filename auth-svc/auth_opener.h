/*  auth_opener - opens the account store off the request path: a thread
    that opens the store of each pool context made while the database
    could not be reached, and hands it over (auth_ctx_open). Until then the
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
//  Stops the thread, after the attempt it is making.
void auth_opener_destroy (auth_opener_t **self_p);

#ifdef __cplusplus
}
#endif

#endif
