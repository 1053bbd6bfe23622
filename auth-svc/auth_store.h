/*  auth_store - the account store: one store connection (vc_db) per
    thread, on a SQLite file (WAL mode, busy timeout: several processes
    share one file) or on a PostgreSQL database that auth instances on
    several hosts share.

    Brings the schema (accounts, sessions, throttle, requests) to its current version
    at start, prepares the account statements once, and offers write
    transactions (every other writer of the store waits) for the sessions
    and limits modules that share the connection. A sign-up is a single
    INSERT that returns only once committed (SQLite synchronous=FULL; a
    PostgreSQL COMMIT), so an acknowledged account survives a crash.
    Usernames are UNIQUE without regard to ASCII case (SQLite COLLATE
    NOCASE; PostgreSQL a case-insensitive collation).
*/
#ifndef AUTH_STORE_H_INCLUDED
#define AUTH_STORE_H_INCLUDED

#include "vc_db.h"
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _auth_store_t auth_store_t;

//  Result of a store operation that could not reach the database server:
//  the service answers 503 "store unavailable".
#define AUTH_STORE_UNAVAILABLE VC_DB_UNAVAILABLE
//  What clients are told when the store failed (status 503).
#define AUTH_STORE_UNAVAILABLE_TEXT "store unavailable, try again"

//  Open (a SQLite file, created with its folder if missing, or a
//  postgresql:// address). NULL on error.
auth_store_t *auth_store_new (const char *address, const vc_db_options_t *options);
//  The same, telling when it fails whether only because the PostgreSQL
//  server could not be reached (*unavailable: try again later).
auth_store_t *auth_store_open (const char *address, const vc_db_options_t *options,
                               bool *unavailable);
void auth_store_destroy (auth_store_t **self_p);

vc_db_t *auth_store_db (auth_store_t *self);

//  Prepare a statement on this connection; NULL (logged) on error.
vc_db_stmt_t *auth_store_prepare (auth_store_t *self, const char *sql);

//  Write transaction. 0, or a negative vc_db result (logged).
int auth_store_begin (auth_store_t *self);
int auth_store_commit (auth_store_t *self);
void auth_store_rollback (auth_store_t *self);

//  Add an account: 0 created (committed), 1 username taken, negative error.
int auth_store_add (auth_store_t *self, const char *username, const char *hash, int64_t now);

//  Find an account by username (any ASCII case): 0 found, with the
//  username as registered and its hash copied out; 1 unknown; negative error.
int auth_store_find (auth_store_t *self, const char *username,
                     char *canonical, size_t canonical_size,
                     char *hash, size_t hash_size);

//  Replace an account's hash (after a change of hashing limits). 0 or negative.
int auth_store_set_hash (auth_store_t *self, const char *username, const char *hash);

//  Number of accounts, or negative.
int64_t auth_store_count (auth_store_t *self);

#ifdef __cplusplus
}
#endif
#endif
