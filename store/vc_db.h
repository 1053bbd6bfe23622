/*  vc_db - one database interface, two backends, chosen by the address:
    a file path opens SQLite (the embedded default), a postgresql:// or
    postgres:// URI opens PostgreSQL through libpq.

    Statements are written once with numbered parameters (?1, ?2, ...);
    the PostgreSQL backend rewrites them to $1, $2. Values go in and come
    out as text or 64-bit integers. vc_db_begin opens a write transaction
    that excludes every other writer of the same store (SQLite: BEGIN
    IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so a
    read-then-write inside it cannot race another process or host.

    PostgreSQL connections use a short connect_timeout and statement_timeout
    and reconnect by themselves: a statement run while the server is down
    fails at once with VC_DB_UNAVAILABLE, and the next one after the server
    is back succeeds. Passwords come from libpq's own PGPASSWORD/PGPASSFILE
    or from a password file given to vc_db_new, never from a command line.

    Schemas are versioned: vc_db_migrate applies the steps the database has
    not seen yet, in one transaction (on PostgreSQL also under one lock of
    the database, so that the schemas of one database, accounts and cases,
    are migrated one at a time), and refuses a database whose version is
    newer than the program.
*/
#ifndef VC_DB_H_INCLUDED
#define VC_DB_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _vc_db_t vc_db_t;
typedef struct _vc_db_stmt_t vc_db_stmt_t;

typedef enum { VC_DB_SQLITE, VC_DB_POSTGRESQL } vc_db_kind_t;

//  Results of vc_db_step (and of the helpers that run a statement).
#define VC_DB_ROW          1    //  A row is ready
#define VC_DB_DONE         0    //  No (more) rows
#define VC_DB_ERROR       -1    //  Any other failure (logged)
#define VC_DB_CONSTRAINT  -2    //  A UNIQUE or PRIMARY KEY constraint refused the write
#define VC_DB_UNAVAILABLE -3    //  The server cannot be reached (down, restarting, timed out)

//  Options of a store connection.
typedef struct {
    const char *password_file;  //  PostgreSQL password read from this file (or NULL)
    int connect_timeout_s;      //  PostgreSQL connect timeout (0: 2 s)
    int statement_timeout_ms;   //  PostgreSQL statement timeout (0: 4000 ms)
    int busy_timeout_ms;        //  Wait for another writer this long (0: SQLite 5000 ms,
                                //  PostgreSQL the statement timeout)
    int migrate_lock_ms;        //  PostgreSQL: vc_db_migrate waits for a lock this long
                                //  at most, then the store is unavailable (0: no bound
                                //  but the statement timeout)
    bool reconnect_in_full;     //  PostgreSQL: a lost connection is made again in full on
                                //  the statement that finds it lost (work no request waits
                                //  for, as a scrape), instead of in short steps that answer
                                //  unavailable until it is made
} vc_db_options_t;

//  True when the address names a PostgreSQL server.
bool vc_db_address_is_postgresql (const char *address);
//  True when a PostgreSQL address holds a password (postgresql://user:pw@...
//  or ?password=...): refused, as it would show in ps and in logs.
bool vc_db_address_has_password (const char *address);
//  What is said of an address so refused.
#define VC_DB_PASSWORD_REFUSED "the database address holds a password, which would show in 'ps'" \
    " and in logs: give it with --db-password-file, PGPASSFILE or PGPASSWORD"


//  Open a store; label names it in logs. SQLite creates the file and its
//  folder. PostgreSQL gives up at once if the server cannot be reached
//  (services open their store at start). NULL (logged) on error.
vc_db_t *vc_db_new (const char *address, const vc_db_options_t *options, const char *label);
//  Open a store as vc_db_new does, into *self_p: VC_DB_DONE, or
//  VC_DB_UNAVAILABLE when a PostgreSQL server cannot be reached now (worth
//  another try later), or VC_DB_ERROR (both logged).
int vc_db_open (vc_db_t **self_p, const char *address, const vc_db_options_t *options,
                const char *label);
void vc_db_destroy (vc_db_t **self_p);

vc_db_kind_t vc_db_kind (vc_db_t *self);
const char *vc_db_label (vc_db_t *self);
//  The last error's text.
const char *vc_db_errmsg (vc_db_t *self);
//  True when the last failure on this store was a server that could not be
//  reached (VC_DB_UNAVAILABLE).
bool vc_db_unavailable (vc_db_t *self);

//  Run SQL text with no parameters and no rows (may hold several
//  statements). VC_DB_DONE or a negative result.
int vc_db_exec (vc_db_t *self, const char *sql);

//  Prepare once; NULL (logged) on error.
vc_db_stmt_t *vc_db_prepare (vc_db_t *self, const char *sql);
void vc_db_stmt_destroy (vc_db_stmt_t **stmt_p);
//  Reset and clear the bindings of a statement before use; returns it.
vc_db_stmt_t *vc_db_fresh (vc_db_stmt_t *stmt);
void vc_db_bind_text (vc_db_stmt_t *stmt, int index, const char *text);
void vc_db_bind_int64 (vc_db_stmt_t *stmt, int index, int64_t value);
void vc_db_bind_null (vc_db_stmt_t *stmt, int index);
//  Run or go to the next row: VC_DB_ROW, VC_DB_DONE or a negative result
//  (errors other than constraints are logged).
int vc_db_step (vc_db_stmt_t *stmt);
//  Columns of the current row; NULL text for NULL.
const char *vc_db_column_text (vc_db_stmt_t *stmt, int column);
int64_t vc_db_column_int64 (vc_db_stmt_t *stmt, int column);
bool vc_db_column_null (vc_db_stmt_t *stmt, int column);
//  Finish a statement early (frees its rows).
void vc_db_reset (vc_db_stmt_t *stmt);
//  Step a statement that returns no row; VC_DB_DONE or a negative result.
int vc_db_run (vc_db_stmt_t *stmt);
//  Rows changed (or returned) by the last statement run on this store.
int64_t vc_db_changes (vc_db_t *self);

//  Write transaction: VC_DB_DONE or a negative result. Commit rolls back on
//  failure; rollback does nothing outside a transaction.
int vc_db_begin (vc_db_t *self);
int vc_db_commit (vc_db_t *self);
void vc_db_rollback (vc_db_t *self);
bool vc_db_in_transaction (vc_db_t *self);

//  One migration step: the SQL of each backend.
typedef struct {
    const char *sqlite;
    const char *postgresql;
} vc_db_step_t;

//  Bring the schema NAME to version count (steps [0] is version 1): 0 when
//  done, -1 on error or when the database is newer than the program (both
//  logged with the versions). On PostgreSQL with migrate_lock_ms set, a
//  lock (the schema lock that another program's migration holds, e.g.
//  data-svc seeding a new database) is waited for that long at most: then
//  -1 with vc_db_unavailable true, so that a service opening its store on
//  a request answers "store unavailable" in time and tries later.
int vc_db_migrate (vc_db_t *self, const char *name, const vc_db_step_t *steps, int count);
//  The schema version of NAME, 0 if none, -1 on error.
int vc_db_schema_version (vc_db_t *self, const char *name);


#ifdef __cplusplus
}
#endif
#endif
