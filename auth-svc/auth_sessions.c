/*  auth_sessions - the shared session table.  */
#include "auth_sessions.h"
#include "vc_log.h"
#include "vc_text.h"
#include <czmq.h>
#include <sodium.h>

typedef enum {
    ST_GET, ST_PUT, ST_DROP_OTHERS, ST_END, ST_END_CLIENT, ST_SWEEP,
    ST_BY_TOKEN, ST_ROTATE, ST_MAX
} s_statement_t;

static const char *s_sql [ST_MAX] = {
    [ST_GET] = "SELECT client, epoch FROM sessions WHERE username = ?1",
    [ST_PUT] =
        "INSERT INTO sessions (username, client, token_hash, epoch, created)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (username) DO UPDATE SET"
        " client = excluded.client, token_hash = excluded.token_hash,"
        " epoch = excluded.epoch, created = excluded.created",
    [ST_DROP_OTHERS] =
        "DELETE FROM sessions WHERE client = ?1 AND username <> ?2 RETURNING username",
    [ST_END] = "DELETE FROM sessions WHERE username = ?1 AND client = ?2",
    [ST_END_CLIENT] = "DELETE FROM sessions WHERE client = ?1 RETURNING username, client",
    [ST_SWEEP] = "DELETE FROM sessions WHERE epoch <> ?1 RETURNING username, client",
    [ST_BY_TOKEN] = "SELECT username, client, epoch FROM sessions WHERE token_hash = ?1",
    [ST_ROTATE] =
        "UPDATE sessions SET client = ?2, token_hash = ?3, epoch = ?4"
        " WHERE username = ?1 AND token_hash = ?5",
};

struct _auth_sessions_t {
    auth_store_t *store;
    vc_db_stmt_t *st [ST_MAX];
};

auth_sessions_t *
auth_sessions_new (auth_store_t *store)
{
    auth_sessions_t *self = (auth_sessions_t *) zmalloc (sizeof (auth_sessions_t));
    if (!self)
        return NULL;
    self->store = store;
    for (int i = 0; i < ST_MAX; i++)
        if (!(self->st [i] = auth_store_prepare (store, s_sql [i]))) {
            auth_sessions_destroy (&self);
            break;
        }
    return self;
}

void
auth_sessions_destroy (auth_sessions_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_sessions_t *self = *self_p;
    for (int i = 0; i < ST_MAX; i++)
        vc_db_stmt_destroy (&self->st [i]);
    free (self);
    *self_p = NULL;
}

void
auth_token_new (char token [AUTH_TOKEN_HEX])
{
    unsigned char bytes [32];
    randombytes_buf (bytes, sizeof bytes);
    sodium_bin2hex (token, AUTH_TOKEN_HEX, bytes, sizeof bytes);
    sodium_memzero (bytes, sizeof bytes);
}

void
auth_token_hash (const char *token, char out [AUTH_TOKEN_HEX])
{
    unsigned char digest [32];
    crypto_generichash (digest, sizeof digest, (const unsigned char *) token, strlen (token), NULL, 0);
    sodium_bin2hex (out, AUTH_TOKEN_HEX, digest, sizeof digest);
}

void
auth_token_derive (const char *old_token, const char *request_key, char out [AUTH_TOKEN_HEX])
{
    static const char s_domain [] = "vcovid session resume";
    unsigned char digest [32];
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, sizeof digest);
    crypto_generichash_update (&state, (const unsigned char *) s_domain, sizeof s_domain);
    crypto_generichash_update (&state, (const unsigned char *) old_token, strlen (old_token) + 1);
    crypto_generichash_update (&state, (const unsigned char *) request_key, strlen (request_key));
    crypto_generichash_final (&state, digest, sizeof digest);
    sodium_bin2hex (out, AUTH_TOKEN_HEX, digest, sizeof digest);
    sodium_memzero (digest, sizeof digest);
    sodium_memzero (&state, sizeof state);
}

static void
s_text (vc_db_stmt_t *stmt, int column, char *out, size_t out_size)
{
    const char *text = vc_db_column_text (stmt, column);
    vc_text_copy (out, out_size, text);
}

//  After a one-row lookup: reset it; 1 found, 0 not, -1 (logged) failed.
static int
s_lookup_end (auth_sessions_t *self, vc_db_stmt_t *stmt, int rc)
{
    vc_db_reset (stmt);
    if (rc != VC_DB_ROW && rc != VC_DB_DONE) {
        vc_error ("auth sessions: %s", vc_db_errmsg (auth_store_db (self->store)));
        return -1;
    }
    return rc == VC_DB_ROW ? 1 : 0;
}

//  Read the current holder of username: 1 found, 0 none, -1 error.
static int
s_get (auth_sessions_t *self, const char *username, char *client, size_t client_size,
       char *epoch, size_t epoch_size)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_GET]);
    vc_db_bind_text (stmt, 1, username);
    int rc = vc_db_step (stmt);
    if (rc == VC_DB_ROW) {
        s_text (stmt, 0, client, client_size);
        s_text (stmt, 1, epoch, epoch_size);
    }
    return s_lookup_end (self, stmt, rc);
}

//  Drop this client's session under another username, remembering it.
static int
s_drop_others (auth_sessions_t *self, const char *username, const char *client, auth_claim_t *claim)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_DROP_OTHERS]);
    vc_db_bind_text (stmt, 1, client);
    vc_db_bind_text (stmt, 2, username);
    int rc;
    while ((rc = vc_db_step (stmt)) == VC_DB_ROW)
        s_text (stmt, 0, claim->previous, sizeof claim->previous);
    vc_db_reset (stmt);
    return rc == VC_DB_DONE ? 0 : -1;
}

static int
s_put (auth_sessions_t *self, const char *username, const char *client,
       const char *token, const char *epoch, int64_t now)
{
    char token_hash [AUTH_TOKEN_HEX];
    auth_token_hash (token, token_hash);
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_PUT]);
    vc_db_bind_text (stmt, 1, username);
    vc_db_bind_text (stmt, 2, client);
    vc_db_bind_text (stmt, 3, token_hash);
    vc_db_bind_text (stmt, 4, epoch);
    vc_db_bind_int64 (stmt, 5, now);
    return vc_db_run (stmt);
}

int
auth_sessions_claim (auth_sessions_t *self, const char *username, const char *client,
                     const char *token, const char *epoch, const char *stale_client,
                     int64_t now, auth_claim_t *claim)
{
    memset (claim, 0, sizeof *claim);
    if (auth_store_begin (self->store))
        return -1;
    char holder [VC_ADDRESS_MAX + 1] = "", holder_epoch [65] = "";
    int found = s_get (self, username, holder, sizeof holder, holder_epoch, sizeof holder_epoch);
    if (found < 0)
        goto failed;
    bool other = found && strcmp (holder, client) != 0;
    bool same_run = streq (holder_epoch, epoch);
    if (other && same_run && !(stale_client && streq (holder, stale_client))) {
        auth_store_rollback (self->store);
        vc_text_copy (claim->holder, sizeof claim->holder, holder);
        return AUTH_CLAIM_HELD;
    }
    if (other) {
        vc_text_copy (claim->holder, sizeof claim->holder, holder);
        claim->holder_old_epoch = !same_run;
    }
    if (s_drop_others (self, username, client, claim)
    ||  s_put (self, username, client, token, epoch, now)
    ||  auth_store_commit (self->store))
        goto failed;
    return AUTH_CLAIM_DONE;
failed:
    auth_store_rollback (self->store);
    return -1;
}

int
auth_sessions_end (auth_sessions_t *self, const char *username, const char *client)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_END]);
    vc_db_bind_text (stmt, 1, username);
    vc_db_bind_text (stmt, 2, client);
    if (vc_db_run (stmt))
        return -1;
    return vc_db_changes (auth_store_db (self->store)) > 0 ? 1 : 0;
}

//  Step a DELETE ... RETURNING username, client and report each row.
static int
s_delete_each (auth_sessions_t *self, vc_db_stmt_t *stmt, auth_sessions_fn *fn, void *arg)
{
    int count = 0, rc;
    while ((rc = vc_db_step (stmt)) == VC_DB_ROW) {
        char username [VC_USERNAME_MAX + 1], client [VC_ADDRESS_MAX + 1];
        s_text (stmt, 0, username, sizeof username);
        s_text (stmt, 1, client, sizeof client);
        if (fn)
            fn (username, client, arg);
        count++;
    }
    vc_db_reset (stmt);
    if (rc != VC_DB_DONE) {
        vc_error ("auth sessions: %s", vc_db_errmsg (auth_store_db (self->store)));
        return -1;
    }
    return count;
}

int
auth_sessions_end_client (auth_sessions_t *self, const char *client, auth_sessions_fn *fn, void *arg)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_END_CLIENT]);
    vc_db_bind_text (stmt, 1, client);
    return s_delete_each (self, stmt, fn, arg);
}

int
auth_sessions_sweep (auth_sessions_t *self, const char *epoch, auth_sessions_fn *fn, void *arg)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_SWEEP]);
    vc_db_bind_text (stmt, 1, epoch);
    return s_delete_each (self, stmt, fn, arg);
}

int
auth_sessions_holder (auth_sessions_t *self, const char *username, char *client, size_t client_size)
{
    char epoch [65];
    client [0] = 0;
    return s_get (self, username, client, client_size, epoch, sizeof epoch) < 0 ? -1 : 0;
}

//  Read the session holding this token hash: 1 found, 0 none, -1 error.
static int
s_by_token (auth_sessions_t *self, const char *token_hash, auth_resume_t *out)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_BY_TOKEN]);
    vc_db_bind_text (stmt, 1, token_hash);
    int rc = vc_db_step (stmt);
    if (rc == VC_DB_ROW) {
        s_text (stmt, 0, out->username, sizeof out->username);
        s_text (stmt, 1, out->holder, sizeof out->holder);
        s_text (stmt, 2, out->epoch, sizeof out->epoch);
    }
    return s_lookup_end (self, stmt, rc);
}

//  Move the session to client with a new token, if the old one still holds.
static int
s_rotate (auth_sessions_t *self, const char *username, const char *client,
          const char *new_hash, const char *epoch, const char *old_hash)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_ROTATE]);
    vc_db_bind_text (stmt, 1, username);
    vc_db_bind_text (stmt, 2, client);
    vc_db_bind_text (stmt, 3, new_hash);
    vc_db_bind_text (stmt, 4, epoch);
    vc_db_bind_text (stmt, 5, old_hash);
    if (vc_db_run (stmt))
        return -1;
    return vc_db_changes (auth_store_db (self->store)) == 1 ? 0 : 1;
}

int
auth_sessions_resume (auth_sessions_t *self, const char *old_token, const char *new_token,
                      const char *client, const char *epoch, bool grace_open,
                      const char *stale_client, auth_resume_t *out)
{
    memset (out, 0, sizeof *out);
    char old_hash [AUTH_TOKEN_HEX], new_hash [AUTH_TOKEN_HEX];
    auth_token_hash (old_token, old_hash);
    auth_token_hash (new_token, new_hash);
    if (auth_store_begin (self->store))
        return -1;
    int found = s_by_token (self, old_hash, out);
    if (found <= 0) {
        auth_store_rollback (self->store);
        return found < 0 ? -1 : AUTH_RESUME_NONE;
    }
    bool same_run = streq (out->epoch, epoch);
    bool same_client = streq (out->holder, client);
    if (!same_run && !grace_open) {
        auth_store_rollback (self->store);
        return AUTH_RESUME_NONE;        //  The grace period is over
    }
    if (same_run && !same_client && !(stale_client && streq (stale_client, out->holder))) {
        auth_store_rollback (self->store);
        return AUTH_RESUME_LIVE;        //  Its connection may be alive: ask first
    }
    int rc = s_rotate (self, out->username, client, new_hash, epoch, old_hash);
    if (rc < 0 || (rc == 0 && auth_store_commit (self->store))) {
        auth_store_rollback (self->store);
        return -1;
    }
    if (rc == 1) {
        auth_store_rollback (self->store);
        return AUTH_RESUME_NONE;        //  Rotated meanwhile by another resume
    }
    return AUTH_RESUME_DONE;
}
