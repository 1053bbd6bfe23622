/*  auth_sessions - who is signed in where, shared by every auth instance
    through the store: one row per signed-in username with the client id,
    a hash of the session token, the broker run (epoch) it was made in,
    and when.

    A session whose epoch is not the broker's current one is dead: the
    broker forgot it when it restarted. Claims run in an immediate
    transaction, so two instances never give one account to two clients.
*/
#ifndef AUTH_SESSIONS_H_INCLUDED
#define AUTH_SESSIONS_H_INCLUDED

#include "auth_store.h"
#include "vc_api.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AUTH_TOKEN_HEX  65      //  32 random bytes in hex, with NUL

typedef struct _auth_sessions_t auth_sessions_t;

typedef enum {
    AUTH_CLAIM_DONE = 0,        //  The client now holds the session
    AUTH_CLAIM_HELD = 1         //  Another client of this broker run holds it
} auth_claim_rc_t;

typedef struct {
    //  HELD: the client holding the account. DONE: the other client whose
    //  session was taken over ("" if none).
    char holder [VC_ADDRESS_MAX + 1];
    bool holder_old_epoch;      //  DONE: the replaced session was from an earlier broker run
    //  DONE: the username this client was signed in as before, if another one.
    char previous [VC_USERNAME_MAX + 1];
} auth_claim_t;

//  Called for each session ended by a sweep.
typedef void (auth_sessions_fn) (const char *username, const char *client, void *arg);

auth_sessions_t *auth_sessions_new (auth_store_t *store);
void auth_sessions_destroy (auth_sessions_t **self_p);

//  Give username's session to client with this token, made in broker run
//  epoch. A session held by another client of the same run blocks the
//  claim, unless that client is stale_client (found gone by the caller).
//  Returns auth_claim_rc_t, or -1 on a store error.
int auth_sessions_claim (auth_sessions_t *self, const char *username, const char *client,
                         const char *token, const char *epoch, const char *stale_client,
                         int64_t now, auth_claim_t *claim);

//  End username's session on client. 1 if one ended, 0 if none, -1 error.
int auth_sessions_end (auth_sessions_t *self, const char *username, const char *client);

//  End every session of a client that has gone; fn is told of each.
//  Returns how many ended, or -1.
int auth_sessions_end_client (auth_sessions_t *self, const char *client,
                              auth_sessions_fn *fn, void *arg);

//  End every session made in another broker run than epoch. Count or -1.
int auth_sessions_sweep (auth_sessions_t *self, const char *epoch,
                         auth_sessions_fn *fn, void *arg);

//  Client holding username's session ("" if none). 0, or -1 on error.
int auth_sessions_holder (auth_sessions_t *self, const char *username,
                          char *client, size_t client_size);

typedef enum {
    AUTH_RESUME_DONE = 0,       //  The client now holds the session, under the new token
    AUTH_RESUME_NONE = 1,       //  No session has that token (ended, swept, or rotated)
    AUTH_RESUME_LIVE = 2        //  A client of this broker run holds it: is it gone?
} auth_resume_rc_t;

typedef struct {
    char username [VC_USERNAME_MAX + 1];
    char holder [VC_ADDRESS_MAX + 1];       //  The client that held it
    char epoch [65];                        //  The broker run it was made in
} auth_resume_t;

//  Resume the session that old_token opens on client, under new_token, in
//  broker run epoch. A session of an earlier run resumes only while
//  grace_open; one of this run only if its client is stale_client (found
//  gone by the caller). Returns auth_resume_rc_t, or -1 on a store error.
int auth_sessions_resume (auth_sessions_t *self, const char *old_token, const char *new_token,
                          const char *client, const char *epoch, bool grace_open,
                          const char *stale_client, auth_resume_t *out);

//  A new token: 32 random bytes in hex.
void auth_token_new (char token [AUTH_TOKEN_HEX]);
//  The hash kept in the store instead of the token (BLAKE2b, hex).
void auth_token_hash (const char *token, char out [AUTH_TOKEN_HEX]);
//  The token a resume hands out for an old token and a request id (its
//  store key): BLAKE2b of both, hex. Only who holds the old token can
//  make it, and a repeat of the resume makes the same one again.
void auth_token_derive (const char *old_token, const char *request_key, char out [AUTH_TOKEN_HEX]);

#ifdef __cplusplus
}
#endif
#endif
