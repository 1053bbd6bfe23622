/*  auth_store - the account store: opening, schema versions, accounts.  */
#include "auth_store.h"
#include "vc_log.h"
#include "vc_text.h"
#include <czmq.h>

typedef enum { ST_ADD, ST_FIND, ST_SET_HASH, ST_COUNT, ST_MAX } s_statement_t;

static const char *s_sql [ST_MAX] = {
    [ST_ADD] = "INSERT INTO accounts (username, hash, created) VALUES (?1, ?2, ?3)",
    [ST_FIND] = "SELECT username, hash FROM accounts WHERE username = ?1",
    [ST_SET_HASH] = "UPDATE accounts SET hash = ?2 WHERE username = ?1",
    [ST_COUNT] = "SELECT COUNT(*) FROM accounts",
};

//  The schema, one step per version. Version 1 is the schema of the stores
//  made before versions were kept ("IF NOT EXISTS": they take it as is).
static const vc_db_step_t s_schema [] = {
    {   "CREATE TABLE IF NOT EXISTS accounts ("
        " id INTEGER PRIMARY KEY,"
        " username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
        " hash TEXT NOT NULL,"
        " created INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS sessions ("
        " username TEXT PRIMARY KEY COLLATE NOCASE,"
        " client TEXT NOT NULL,"
        " token_hash TEXT NOT NULL,"
        " epoch TEXT NOT NULL,"
        " created INTEGER NOT NULL);"
        "CREATE INDEX IF NOT EXISTS sessions_client ON sessions (client);"
        "CREATE TABLE IF NOT EXISTS failures ("
        " key TEXT PRIMARY KEY,"
        " count INTEGER NOT NULL,"
        " window_start INTEGER NOT NULL,"
        " blocked_until INTEGER NOT NULL);",

        //  Usernames compare without regard to case (ASCII letters only
        //  are allowed, so the ICU rule equals SQLite's NOCASE)
        "CREATE COLLATION IF NOT EXISTS vc_nocase"
        " (provider = icu, locale = 'und-u-ks-level2', deterministic = false);"
        "CREATE TABLE IF NOT EXISTS accounts ("
        " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " username TEXT COLLATE vc_nocase NOT NULL UNIQUE,"
        " hash TEXT NOT NULL,"
        " created BIGINT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS sessions ("
        " username TEXT COLLATE vc_nocase PRIMARY KEY,"
        " client TEXT NOT NULL,"
        " token_hash TEXT NOT NULL,"
        " epoch TEXT NOT NULL,"
        " created BIGINT NOT NULL);"
        "CREATE INDEX IF NOT EXISTS sessions_client ON sessions (client);"
        "CREATE TABLE IF NOT EXISTS failures ("
        " key TEXT PRIMARY KEY,"
        " count BIGINT NOT NULL,"
        " window_start BIGINT NOT NULL,"
        " blocked_until BIGINT NOT NULL);" },

    //  Version 2: answers to state-changing requests by request id
    //  (auth_requests), so that a repeat gets the first answer
    {   "CREATE TABLE requests ("
        " rid TEXT PRIMARY KEY,"
        " op TEXT NOT NULL,"
        " subject TEXT NOT NULL,"
        " reply TEXT NOT NULL,"
        " created INTEGER NOT NULL);"
        "CREATE INDEX requests_created ON requests (created);",

        "CREATE TABLE requests ("
        " rid TEXT PRIMARY KEY,"
        " op TEXT NOT NULL,"
        " subject TEXT NOT NULL,"
        " reply TEXT NOT NULL,"
        " created BIGINT NOT NULL);"
        "CREATE INDEX requests_created ON requests (created);" },

    //  Version 3: failed sign-ins per (username, source address), per
    //  source address and per client (auth_limits); the per-username
    //  lockout of "failures" is gone
    {   "CREATE TABLE throttle ("
        " key TEXT PRIMARY KEY,"
        " count INTEGER NOT NULL,"
        " since INTEGER NOT NULL,"
        " blocked_until INTEGER NOT NULL);"
        "CREATE INDEX throttle_blocked ON throttle (blocked_until);"
        "DROP TABLE failures;",

        "CREATE TABLE throttle ("
        " key TEXT PRIMARY KEY,"
        " count BIGINT NOT NULL,"
        " since BIGINT NOT NULL,"
        " blocked_until BIGINT NOT NULL);"
        "CREATE INDEX throttle_blocked ON throttle (blocked_until);"
        "DROP TABLE failures;" },
};
#define S_SCHEMA_VERSION ((int) (sizeof s_schema / sizeof s_schema [0]))

struct _auth_store_t {
    vc_db_t *db;
    vc_db_stmt_t *st [ST_MAX];
};

auth_store_t *
auth_store_new (const char *address, const vc_db_options_t *options)
{
    return auth_store_open (address, options, NULL);
}

auth_store_t *
auth_store_open (const char *address, const vc_db_options_t *options, bool *unavailable)
{
    if (unavailable)
        *unavailable = false;
    auth_store_t *self = (auth_store_t *) zmalloc (sizeof (auth_store_t));
    if (!self)
        return NULL;
    int rc = vc_db_open (&self->db, address, options, "auth store");
    if (rc != VC_DB_DONE || vc_db_migrate (self->db, "auth", s_schema, S_SCHEMA_VERSION)) {
        if (unavailable)
            *unavailable = rc == VC_DB_UNAVAILABLE || vc_db_unavailable (self->db);
        vc_error ("cannot open account store %s", vc_db_address_is_postgresql (address)
                  ? "(PostgreSQL)" : address);
        auth_store_destroy (&self);
        return NULL;
    }
    for (int i = 0; i < ST_MAX; i++)
        if (!(self->st [i] = auth_store_prepare (self, s_sql [i]))) {
            auth_store_destroy (&self);
            break;
        }
    return self;
}

void
auth_store_destroy (auth_store_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    auth_store_t *self = *self_p;
    for (int i = 0; i < ST_MAX; i++)
        vc_db_stmt_destroy (&self->st [i]);
    vc_db_destroy (&self->db);
    free (self);
    *self_p = NULL;
}

vc_db_t *
auth_store_db (auth_store_t *self)
{
    return self->db;
}

vc_db_stmt_t *
auth_store_prepare (auth_store_t *self, const char *sql)
{
    return vc_db_prepare (self->db, sql);
}

int
auth_store_begin (auth_store_t *self)
{
    return vc_db_begin (self->db);
}

int
auth_store_commit (auth_store_t *self)
{
    return vc_db_commit (self->db);
}

void
auth_store_rollback (auth_store_t *self)
{
    vc_db_rollback (self->db);
}

int
auth_store_add (auth_store_t *self, const char *username, const char *hash, int64_t now)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_ADD]);
    vc_db_bind_text (stmt, 1, username);
    vc_db_bind_text (stmt, 2, hash);
    vc_db_bind_int64 (stmt, 3, now);
    int rc = vc_db_run (stmt);
    if (rc == VC_DB_DONE)
        return 0;
    if (rc == VC_DB_CONSTRAINT)
        return 1;
    vc_error ("auth store: cannot add account: %s", vc_db_errmsg (self->db));
    return rc;
}

static void
s_copy_column (vc_db_stmt_t *stmt, int column, char *out, size_t out_size)
{
    const char *text = vc_db_column_text (stmt, column);
    vc_text_copy (out, out_size, text);
}

int
auth_store_find (auth_store_t *self, const char *username,
                 char *canonical, size_t canonical_size, char *hash, size_t hash_size)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_FIND]);
    vc_db_bind_text (stmt, 1, username);
    int rc = vc_db_step (stmt);
    if (rc == VC_DB_ROW) {
        s_copy_column (stmt, 0, canonical, canonical_size);
        s_copy_column (stmt, 1, hash, hash_size);
    }
    vc_db_reset (stmt);
    if (rc == VC_DB_ROW)
        return 0;
    if (rc == VC_DB_DONE)
        return 1;
    vc_error ("auth store: cannot read account: %s", vc_db_errmsg (self->db));
    return rc;
}

int
auth_store_set_hash (auth_store_t *self, const char *username, const char *hash)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_SET_HASH]);
    vc_db_bind_text (stmt, 1, username);
    vc_db_bind_text (stmt, 2, hash);
    return vc_db_run (stmt);
}

int64_t
auth_store_count (auth_store_t *self)
{
    vc_db_stmt_t *stmt = vc_db_fresh (self->st [ST_COUNT]);
    int64_t count = -1;
    int rc = vc_db_step (stmt);
    if (rc == VC_DB_ROW)
        count = vc_db_column_int64 (stmt, 0);
    vc_db_reset (stmt);
    return rc < 0 ? rc : count;
}
