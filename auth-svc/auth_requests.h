/*  auth_requests - answers to state-changing requests, remembered by
    request id so that a repeat gets the first answer (idempotency).

    A client picks a random request id (8 bytes or more) for each request
    and sends the same id again when it retries (after a timeout, a lost
    link or a broker failover). The answer to a sign-up, a sign-out or a
    refused sign-in is kept in the store (table requests) with the
    operation and the username it was for, so a repeat is answered with it
    even by another instance or after a restart, and is not executed again:
    a sign-up retried after its first try was committed gets "account
    created", not "username already taken". Entries expire after a time
    to live (10 minutes by default).
*/
#ifndef AUTH_REQUESTS_H_INCLUDED
#define AUTH_REQUESTS_H_INCLUDED

#include "auth_store.h"
#include <czmq.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Request ids shorter than this are not remembered (too easy to guess).
#define AUTH_REQUEST_ID_MIN     8
//  Room for the hex text of the longest request id (32 bytes) and a NUL.
#define AUTH_REQUEST_KEY_MAX    65
//  How long an answer is kept by default.
#define AUTH_REQUESTS_TTL_MS    (10 * 60 * 1000)

//  Results of auth_requests_find
#define AUTH_REQUEST_NEW        0   //  Not seen (or expired)
#define AUTH_REQUEST_REPEAT     1   //  Seen: the first answer is given
#define AUTH_REQUEST_MISUSED    2   //  The id was used for another request

typedef struct _auth_requests_t auth_requests_t;

auth_requests_t *auth_requests_new (auth_store_t *store, int64_t ttl_ms);
void auth_requests_destroy (auth_requests_t **self_p);

//  The store key of a request id: its hex text. False (key "") when the
//  frame is missing, shorter than AUTH_REQUEST_ID_MIN or longer than 32.
bool auth_requests_key (zframe_t *reqid, char key [AUTH_REQUEST_KEY_MAX]);

//  Look up a key for an operation on a subject (a folded username, or "").
//  AUTH_REQUEST_REPEAT with *reply_p set to a copy of the first answer,
//  AUTH_REQUEST_NEW, AUTH_REQUEST_MISUSED, or a negative vc_db result.
int auth_requests_find (auth_requests_t *self, const char *key, const char *op,
                        const char *subject, int64_t now, zframe_t **reply_p);

//  Remember the answer (a msgpack reply body). 0 stored, 1 the key was
//  already there, or a negative vc_db result. Drops expired entries now
//  and then (at most once a minute per connection).
int auth_requests_remember (auth_requests_t *self, const char *key, const char *op,
                            const char *subject, zframe_t *reply, int64_t now);

//  Drop expired entries. Count dropped, or negative.
int auth_requests_prune (auth_requests_t *self, int64_t now);

#ifdef __cplusplus
}
#endif
#endif
