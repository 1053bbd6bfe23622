/*  auth_store - SQLite account store: opening, schema, accounts.  */
#include "auth_store.h"
#include "vc_path.h"
#include "vc_log.h"
#include "vc_sqlite.h"
#include <czmq.h>

#define S_BUSY_TIMEOUT_MSEC 5000

typedef enum {
    ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_ADD, ST_FIND, ST_SET_HASH, ST_COUNT, ST_MAX
} s_statement_t;

static const char *s_sql [ST_MAX] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_ADD] = "INSERT INTO accounts (username, hash, created) VALUES (?1, ?2, ?3)",
    [ST_FIND] = "SELECT username, hash FROM accounts WHERE username = ?1",
    [ST_SET_HASH] = "UPDATE accounts SET hash = ?2 WHERE username = ?1",
    [ST_COUNT] = "SELECT COUNT(*) FROM accounts",
};

static const char *s_schema =
    "CREATE TABLE IF NOT EXISTS accounts ("
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
    " blocked_until INTEGER NOT NULL);";

struct _auth_store_t {
    sqlite3 *db;
    sqlite3_stmt *st [ST_MAX];
};

//  Run SQL text, retrying while another process holds the file (first
//  open of a new database by several instances at once).
static int
s_exec_retry (sqlite3 *db, const char *sql)
{
    return vc_sqlite_exec_retry (db, sql, S_BUSY_TIMEOUT_MSEC, "auth store");
}

static int
s_configure (auth_store_t *self)
{
    sqlite3_busy_timeout (self->db, S_BUSY_TIMEOUT_MSEC);
    sqlite3_extended_result_codes (self->db, 1);
    if (s_exec_retry (self->db, "PRAGMA journal_mode=WAL")
    ||  s_exec_retry (self->db, "PRAGMA synchronous=FULL")
    ||  s_exec_retry (self->db, "PRAGMA foreign_keys=ON"))
        return -1;
    char *schema = zsys_sprintf ("BEGIN IMMEDIATE; %s COMMIT;", s_schema);
    int rc = schema ? s_exec_retry (self->db, schema) : -1;
    zstr_free (&schema);
    if (rc) {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    for (int i = 0; i < ST_MAX; i++)
        if (!(self->st [i] = auth_store_prepare (self, s_sql [i])))
            return -1;
    return 0;
}

auth_store_t *
auth_store_new (const char *path)
{
    if (vc_path_make_parent (path)) {
        vc_error ("cannot create the folder of %s: %s", path, strerror (errno));
        return NULL;
    }
    auth_store_t *self = (auth_store_t *) zmalloc (sizeof (auth_store_t));
    if (!self)
        return NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK || s_configure (self)) {
        vc_error ("cannot open account store %s: %s", path,
                  self->db ? sqlite3_errmsg (self->db) : "out of memory");
        auth_store_destroy (&self);
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
        sqlite3_finalize (self->st [i]);
    sqlite3_close (self->db);
    free (self);
    *self_p = NULL;
}

sqlite3 *
auth_store_db (auth_store_t *self)
{
    return self->db;
}

sqlite3_stmt *
auth_store_prepare (auth_store_t *self, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
        vc_error ("auth store: cannot prepare '%s': %s", sql, sqlite3_errmsg (self->db));
        return NULL;
    }
    return stmt;
}

sqlite3_stmt *
auth_store_fresh (sqlite3_stmt *stmt)
{
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    return stmt;
}

int
auth_store_exec (auth_store_t *self, sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        vc_error ("auth store: %s", sqlite3_errmsg (self->db));
        return -1;
    }
    return 0;
}

int
auth_store_begin (auth_store_t *self)
{
    return auth_store_exec (self, auth_store_fresh (self->st [ST_BEGIN]));
}

int
auth_store_commit (auth_store_t *self)
{
    if (auth_store_exec (self, auth_store_fresh (self->st [ST_COMMIT]))) {
        auth_store_rollback (self);
        return -1;
    }
    return 0;
}

void
auth_store_rollback (auth_store_t *self)
{
    if (!sqlite3_get_autocommit (self->db))
        auth_store_exec (self, auth_store_fresh (self->st [ST_ROLLBACK]));
}

int
auth_store_add (auth_store_t *self, const char *username, const char *hash, int64_t now)
{
    sqlite3_stmt *stmt = auth_store_fresh (self->st [ST_ADD]);
    sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, now);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return 1;
    vc_error ("auth store: cannot add account: %s", sqlite3_errmsg (self->db));
    return -1;
}

static void
s_copy_column (sqlite3_stmt *stmt, int column, char *out, size_t out_size)
{
    const char *text = (const char *) sqlite3_column_text (stmt, column);
    snprintf (out, out_size, "%s", text ? text : "");
}

int
auth_store_find (auth_store_t *self, const char *username,
                 char *canonical, size_t canonical_size, char *hash, size_t hash_size)
{
    sqlite3_stmt *stmt = auth_store_fresh (self->st [ST_FIND]);
    sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW) {
        s_copy_column (stmt, 0, canonical, canonical_size);
        s_copy_column (stmt, 1, hash, hash_size);
    }
    sqlite3_reset (stmt);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc == SQLITE_DONE)
        return 1;
    vc_error ("auth store: cannot read account: %s", sqlite3_errmsg (self->db));
    return -1;
}

int
auth_store_set_hash (auth_store_t *self, const char *username, const char *hash)
{
    sqlite3_stmt *stmt = auth_store_fresh (self->st [ST_SET_HASH]);
    sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
    return auth_store_exec (self, stmt);
}

int64_t
auth_store_count (auth_store_t *self)
{
    sqlite3_stmt *stmt = auth_store_fresh (self->st [ST_COUNT]);
    int64_t count = -1;
    if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
    return count;
}
