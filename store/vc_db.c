/*  vc_db - the store interface: choice of backend, the SQLite backend,
    transactions and schema migrations.  */
#include "vc_db_priv.h"
#include "vc_sqlite.h"
#include "vc_path.h"
#include "vc_log.h"
#include <czmq.h>
#include <stdarg.h>

#define S_BUSY_TIMEOUT_MSEC 5000

//  How long a SQLite statement waits for another writer
static int
s_busy_ms (vc_db_t *self)
{
    return self->options.busy_timeout_ms > 0 ? self->options.busy_timeout_ms : S_BUSY_TIMEOUT_MSEC;
}

bool
vc_db_address_is_postgresql (const char *address)
{
    return address && (strncmp (address, "postgresql://", 13) == 0
                   ||  strncmp (address, "postgres://", 11) == 0);
}

void
vc_db_set_error (vc_db_t *self, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vsnprintf (self->errmsg, sizeof self->errmsg, format, args);
    va_end (args);
    //  One line per event: libpq messages end with newlines
    for (char *c = self->errmsg; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = (c [1] ? ' ' : 0);
}

static int
s_lite_open (vc_db_t *self)
{
    if (vc_path_make_parent (self->address)) {
        vc_error ("%s: cannot create the folder of %s: %s", self->label, self->address, strerror (errno));
        return -1;
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2 (self->address, &self->lite, flags, NULL) != SQLITE_OK) {
        vc_error ("%s: cannot open %s: %s", self->label, self->address,
                  self->lite ? sqlite3_errmsg (self->lite) : "out of memory");
        return -1;
    }
    sqlite3_busy_timeout (self->lite, s_busy_ms (self));
    sqlite3_extended_result_codes (self->lite, 1);
    if (vc_sqlite_exec_retry (self->lite, "PRAGMA journal_mode=WAL", s_busy_ms (self), self->label)
    ||  vc_sqlite_exec_retry (self->lite, "PRAGMA synchronous=FULL", s_busy_ms (self), self->label)
    ||  vc_sqlite_exec_retry (self->lite, "PRAGMA foreign_keys=ON", s_busy_ms (self), self->label))
        return -1;
    return 0;
}

vc_db_t *
vc_db_new (const char *address, const vc_db_options_t *options, const char *label)
{
    vc_db_t *self = NULL;
    vc_db_open (&self, address, options, label);
    return self;
}

int
vc_db_open (vc_db_t **self_p, const char *address, const vc_db_options_t *options,
            const char *label)
{
    vc_db_t *self = *self_p = (vc_db_t *) zmalloc (sizeof (vc_db_t));
    if (!self)
        return VC_DB_ERROR;
    self->label = strdup (label ? label : "store");
    self->address = strdup (address ? address : "");
    if (options)
        self->options = *options;
    if (!self->label || !self->address) {
        vc_db_destroy (self_p);
        return VC_DB_ERROR;
    }
    self->kind = vc_db_address_is_postgresql (address) ? VC_DB_POSTGRESQL : VC_DB_SQLITE;
    char labels [96];
    snprintf (labels, sizeof labels, "store=\"%.*s\",backend=\"%s\"",
              (int) strcspn (self->label, " "), self->label,
              self->kind == VC_DB_POSTGRESQL ? "postgresql" : "sqlite");
    self->tx_latency = vc_metrics_histogram ("vc_store_transaction_duration_seconds",
        "Time from the start of a store transaction to its commit or rollback", labels);
    int rc = self->kind == VC_DB_SQLITE ? (s_lite_open (self) ? VC_DB_ERROR : VC_DB_DONE)
                                        : vc_db_pg_open (self);
    if (rc != VC_DB_DONE)
        vc_db_destroy (self_p);
    return rc;
}

void
vc_db_destroy (vc_db_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    vc_db_t *self = *self_p;
    if (self->lite)
        sqlite3_close (self->lite);
    vc_db_pg_close (self);
    free (self->label);
    free (self->address);
    if (self->password) {
        memset (self->password, 0, strlen (self->password));
        free (self->password);
    }
    free (self);
    *self_p = NULL;
}

vc_db_kind_t
vc_db_kind (vc_db_t *self)
{
    return self->kind;
}

const char *
vc_db_label (vc_db_t *self)
{
    return self->label;
}

const char *
vc_db_errmsg (vc_db_t *self)
{
    return self->errmsg;
}

bool
vc_db_unavailable (vc_db_t *self)
{
    return self && self->unavailable;
}

//  SQLite result code to a vc_db result, remembering the message.
static int
s_lite_result (vc_db_t *self, int rc)
{
    if (rc == SQLITE_ROW)
        return VC_DB_ROW;
    if (rc == SQLITE_DONE || rc == SQLITE_OK)
        return VC_DB_DONE;
    vc_db_set_error (self, "%s", sqlite3_errmsg (self->lite));
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return VC_DB_CONSTRAINT;
    return VC_DB_ERROR;
}

int
vc_db_exec (vc_db_t *self, const char *sql)
{
    if (self->kind == VC_DB_POSTGRESQL)
        return vc_db_pg_exec (self, sql);
    int rc = vc_sqlite_exec_retry (self->lite, sql, s_busy_ms (self), self->label);
    if (rc)
        vc_db_set_error (self, "%s", sqlite3_errmsg (self->lite));
    return rc ? VC_DB_ERROR : VC_DB_DONE;
}

vc_db_stmt_t *
vc_db_prepare (vc_db_t *self, const char *sql)
{
    vc_db_stmt_t *stmt = (vc_db_stmt_t *) zmalloc (sizeof (vc_db_stmt_t));
    if (!stmt)
        return NULL;
    stmt->db = self;
    stmt->row = -1;
    int rc = 0;
    if (self->kind == VC_DB_POSTGRESQL)
        rc = vc_db_pg_prepare (stmt, sql);
    else
    if (sqlite3_prepare_v3 (self->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt->lite, NULL) != SQLITE_OK) {
        vc_error ("%s: cannot prepare '%s': %s", self->label, sql, sqlite3_errmsg (self->lite));
        rc = -1;
    }
    if (rc)
        vc_db_stmt_destroy (&stmt);
    return stmt;
}

void
vc_db_stmt_destroy (vc_db_stmt_t **stmt_p)
{
    if (!stmt_p || !*stmt_p)
        return;
    vc_db_stmt_t *stmt = *stmt_p;
    sqlite3_finalize (stmt->lite);
    vc_db_pg_clear (stmt);
    vc_db_pg_reset (stmt);
    free (stmt->sql);
    free (stmt);
    *stmt_p = NULL;
}

vc_db_stmt_t *
vc_db_fresh (vc_db_stmt_t *stmt)
{
    if (stmt->lite) {
        sqlite3_reset (stmt->lite);
        sqlite3_clear_bindings (stmt->lite);
    }
    else {
        vc_db_pg_reset (stmt);
        vc_db_pg_clear (stmt);
    }
    return stmt;
}

static void
s_pg_param (vc_db_stmt_t *stmt, int index, char *text)
{
    if (index < 1 || index > VC_DB_MAX_PARAMS) {
        free (text);
        return;
    }
    free (stmt->params [index - 1]);
    stmt->params [index - 1] = text;
    if (index > stmt->nparams)
        stmt->nparams = index;
}

void
vc_db_bind_text (vc_db_stmt_t *stmt, int index, const char *text)
{
    if (stmt->lite)
        sqlite3_bind_text (stmt->lite, index, text, -1, SQLITE_TRANSIENT);
    else
        s_pg_param (stmt, index, text ? strdup (text) : NULL);
}

void
vc_db_bind_int64 (vc_db_stmt_t *stmt, int index, int64_t value)
{
    if (stmt->lite)
        sqlite3_bind_int64 (stmt->lite, index, value);
    else
        s_pg_param (stmt, index, zsys_sprintf ("%" PRId64, value));
}

void
vc_db_bind_null (vc_db_stmt_t *stmt, int index)
{
    if (stmt->lite)
        sqlite3_bind_null (stmt->lite, index);
    else
        s_pg_param (stmt, index, NULL);
}

int
vc_db_step (vc_db_stmt_t *stmt)
{
    vc_db_t *self = stmt->db;
    if (!stmt->lite)
        return vc_db_pg_step (stmt);
    int rc = s_lite_result (self, sqlite3_step (stmt->lite));
    if (rc == VC_DB_DONE || rc == VC_DB_ROW)
        self->changes = rc == VC_DB_DONE ? sqlite3_changes (self->lite) : self->changes;
    else
    if (rc != VC_DB_CONSTRAINT)
        vc_error ("%s: %s", self->label, self->errmsg);
    return rc;
}

const char *
vc_db_column_text (vc_db_stmt_t *stmt, int column)
{
    if (stmt->lite)
        return (const char *) sqlite3_column_text (stmt->lite, column);
    if (!stmt->result || stmt->row < 1 || column >= PQnfields (stmt->result)
    ||  PQgetisnull (stmt->result, stmt->row - 1, column))
        return NULL;
    return PQgetvalue (stmt->result, stmt->row - 1, column);
}

int64_t
vc_db_column_int64 (vc_db_stmt_t *stmt, int column)
{
    if (stmt->lite)
        return sqlite3_column_int64 (stmt->lite, column);
    const char *text = vc_db_column_text (stmt, column);
    return text ? strtoll (text, NULL, 10) : 0;
}

bool
vc_db_column_null (vc_db_stmt_t *stmt, int column)
{
    if (stmt->lite)
        return sqlite3_column_type (stmt->lite, column) == SQLITE_NULL;
    return vc_db_column_text (stmt, column) == NULL;
}

void
vc_db_reset (vc_db_stmt_t *stmt)
{
    if (stmt->lite)
        sqlite3_reset (stmt->lite);
    else
        vc_db_pg_reset (stmt);
}

int
vc_db_run (vc_db_stmt_t *stmt)
{
    int rc = vc_db_step (stmt);
    vc_db_reset (stmt);
    return rc == VC_DB_ROW ? VC_DB_DONE : rc;
}

int64_t
vc_db_changes (vc_db_t *self)
{
    return self->changes;
}

int
vc_db_begin (vc_db_t *self)
{
    int rc = self->kind == VC_DB_POSTGRESQL ? vc_db_pg_begin (self)
                                            : vc_db_exec (self, "BEGIN IMMEDIATE");
    self->in_tx = rc == VC_DB_DONE;
    self->tx_began = self->in_tx ? zclock_usecs () : 0;
    return rc;
}

//  A transaction ended: how long it was open
static void
s_tx_ended (vc_db_t *self)
{
    if (self->tx_began)
        vc_histogram_observe_us (self->tx_latency, zclock_usecs () - self->tx_began);
    self->tx_began = 0;
}

int
vc_db_commit (vc_db_t *self)
{
    int rc = vc_db_exec (self, "COMMIT");
    if (rc != VC_DB_DONE)
        vc_db_rollback (self);
    self->in_tx = false;
    s_tx_ended (self);
    return rc;
}

void
vc_db_rollback (vc_db_t *self)
{
    bool open = self->kind == VC_DB_SQLITE ? !sqlite3_get_autocommit (self->lite) : self->in_tx;
    if (open) {
        char saved [sizeof self->errmsg];
        memcpy (saved, self->errmsg, sizeof saved);
        vc_db_exec (self, "ROLLBACK");
        memcpy (self->errmsg, saved, sizeof saved);
    }
    self->in_tx = false;
    s_tx_ended (self);
}

bool
vc_db_in_transaction (vc_db_t *self)
{
    return self->in_tx;
}

//  Versions live in one table for every schema of the database.
static const char *s_versions =
    "CREATE TABLE IF NOT EXISTS vc_schema (name TEXT PRIMARY KEY, version BIGINT NOT NULL)";

int
vc_db_schema_version (vc_db_t *self, const char *name)
{
    vc_db_stmt_t *stmt = vc_db_prepare (self, "SELECT version FROM vc_schema WHERE name = ?1");
    if (!stmt)
        return -1;
    vc_db_bind_text (stmt, 1, name);
    int rc = vc_db_step (stmt);
    int version = rc == VC_DB_ROW ? (int) vc_db_column_int64 (stmt, 0) : rc == VC_DB_DONE ? 0 : -1;
    vc_db_stmt_destroy (&stmt);
    return version;
}

static int
s_set_version (vc_db_t *self, const char *name, int version)
{
    vc_db_stmt_t *stmt = vc_db_prepare (self,
        "INSERT INTO vc_schema (name, version) VALUES (?1, ?2)"
        " ON CONFLICT (name) DO UPDATE SET version = excluded.version");
    if (!stmt)
        return -1;
    vc_db_bind_text (stmt, 1, name);
    vc_db_bind_int64 (stmt, 2, version);
    int rc = vc_db_run (stmt);
    vc_db_stmt_destroy (&stmt);
    return rc == VC_DB_DONE ? 0 : -1;
}

static int
s_apply (vc_db_t *self, const char *name, const vc_db_step_t *steps, int count)
{
    int version = vc_db_schema_version (self, name);
    if (version < 0)
        return -1;
    if (version > count) {
        vc_error ("%s: the database holds schema '%s' version %d, newer than this program"
                  " (version %d): upgrade the program", self->label, name, version, count);
        return -1;
    }
    for (int v = version; v < count; v++) {
        const char *sql = self->kind == VC_DB_SQLITE ? steps [v].sqlite : steps [v].postgresql;
        if (vc_db_exec (self, sql) != VC_DB_DONE) {
            vc_error ("%s: schema '%s' step %d failed: %s", self->label, name, v + 1, self->errmsg);
            return -1;
        }
    }
    if (version < count) {
        if (s_set_version (self, name, count))
            return -1;
        vc_info ("%s: schema '%s' at version %d (was %d)", self->label, name, count, version);
    }
    return 0;
}

//  On PostgreSQL the stores of one database (accounts, cases) have write
//  locks of their own, but share vc_schema: their migrations also take one
//  lock of the database, or two services starting at once on a new
//  database both create vc_schema and one fails (a duplicate catalog row).
static const char *s_schema_lock = "SELECT pg_advisory_xact_lock (1447249505)";

//  On PostgreSQL with migrate_lock_ms, a migration waits that long at most
//  for a lock (the schema lock, the store's write lock, a table's): another
//  program's migration can hold the schema lock for long (data-svc seeds a
//  new database under it), and a service that opens its store while
//  serving a request must answer within the request's time. The store is
//  then unavailable (55P03, lock timeout), and opened again later.
static int
s_migrate (vc_db_t *self, const char *name, const vc_db_step_t *steps, int count)
{
    //  Every step under the write lock, in one transaction (PostgreSQL
    //  and SQLite both roll back schema changes)
    if (vc_db_begin (self) != VC_DB_DONE)
        return -1;
    if ((self->kind == VC_DB_POSTGRESQL && vc_db_exec (self, s_schema_lock) != VC_DB_DONE)
    ||  vc_db_exec (self, s_versions) != VC_DB_DONE
    ||  s_apply (self, name, steps, count) || vc_db_commit (self) != VC_DB_DONE) {
        vc_db_rollback (self);
        return -1;
    }
    return 0;
}

int
vc_db_migrate (vc_db_t *self, const char *name, const vc_db_step_t *steps, int count)
{
    int bound = self->options.migrate_lock_ms;
    if (self->kind == VC_DB_SQLITE || bound <= 0)
        return s_migrate (self, name, steps, count);
    char sql [48];
    snprintf (sql, sizeof sql, "SET lock_timeout = %d", bound);
    if (vc_db_exec (self, sql) != VC_DB_DONE)
        return -1;
    int rc = s_migrate (self, name, steps, count);
    if (rc && self->unavailable && strstr (self->errmsg, "lock timeout"))
        vc_warn ("%s: schema '%s': another program holds the database's schema lock (its "
                 "migration, or data-svc seeding a new database): not waited for past %d ms",
                 self->label, name, bound);
    if (vc_db_exec (self, "SET lock_timeout = 0") != VC_DB_DONE)
        rc = -1;
    return rc;
}
