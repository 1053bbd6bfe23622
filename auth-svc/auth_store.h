/*  auth_store - the account store: one SQLite connection per thread, in
    WAL mode with a busy timeout so several processes share one file.

    Creates the schema (accounts, sessions, failures), prepares the account
    statements once, and offers immediate write transactions for the
    sessions and limits modules that share the connection. A sign-up is a
    single INSERT that returns only once committed (synchronous=FULL), so
    an acknowledged account survives a crash. Usernames are UNIQUE without
    regard to ASCII case (COLLATE NOCASE).
*/
#ifndef AUTH_STORE_H_INCLUDED
#define AUTH_STORE_H_INCLUDED

#include <sqlite3.h>
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _auth_store_t auth_store_t;

//  Open (creating the file and its parent folder if missing). NULL on error.
auth_store_t *auth_store_new (const char *path);
void auth_store_destroy (auth_store_t **self_p);

sqlite3 *auth_store_db (auth_store_t *self);

//  Prepare a statement on this connection; NULL (logged) on error.
sqlite3_stmt *auth_store_prepare (auth_store_t *self, const char *sql);
//  Reset and clear a prepared statement before use; returns it.
sqlite3_stmt *auth_store_fresh (sqlite3_stmt *stmt);
//  Step a statement that returns no row; 0, or -1 (logged).
int auth_store_exec (auth_store_t *self, sqlite3_stmt *stmt);

//  BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0, or -1 (logged).
int auth_store_begin (auth_store_t *self);
int auth_store_commit (auth_store_t *self);
void auth_store_rollback (auth_store_t *self);

//  Add an account: 0 created (committed), 1 username taken, -1 error.
int auth_store_add (auth_store_t *self, const char *username, const char *hash, int64_t now);

//  Find an account by username (any ASCII case): 0 found, with the
//  username as registered and its hash copied out; 1 unknown; -1 error.
int auth_store_find (auth_store_t *self, const char *username,
                     char *canonical, size_t canonical_size,
                     char *hash, size_t hash_size);

//  Replace an account's hash (after a change of hashing limits). 0 or -1.
int auth_store_set_hash (auth_store_t *self, const char *username, const char *hash);

//  Number of accounts, or -1.
int64_t auth_store_count (auth_store_t *self);

#ifdef __cplusplus
}
#endif
#endif
