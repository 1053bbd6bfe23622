/*  vc_db_priv - the insides of vc_db shared by its two backends.  */
#ifndef VC_DB_PRIV_H_INCLUDED
#define VC_DB_PRIV_H_INCLUDED

#include "vc_db.h"
#include "vc_metrics.h"
#include "vc_resolve.h"
#include <sqlite3.h>
#include <libpq-fe.h>

#define VC_DB_MAX_PARAMS 16

struct _vc_db_t {
    vc_db_kind_t kind;
    char *label;
    char errmsg [256];
    int64_t changes;
    bool in_tx;
    bool unavailable;           //  The last failure: the server cannot be reached
    sqlite3 *lite;              //  SQLite backend
    PGconn *pg;                 //  PostgreSQL backend
    char *address;
    char *password;
    vc_db_options_t options;
    int64_t next_connect;       //  No reconnection attempt before (monotonic ms)
    bool connecting;            //  pg is a connection being made (PQconnectPoll)
    int connect_poll;           //  Its last PostgresPollingStatusType
    int64_t connect_until;      //  Its connect timeout (monotonic ms)
    vc_resolve_t *resolve;      //  The database host's name lookup
    int64_t tx_began;           //  When the open transaction began (usecs)
    vc_histogram_t *tx_latency; //  Transactions, begin to commit or rollback
};

struct _vc_db_stmt_t {
    vc_db_t *db;
    char *sql;                  //  PostgreSQL text ($N)
    sqlite3_stmt *lite;
    //  PostgreSQL: parameters as text, result rows
    char *params [VC_DB_MAX_PARAMS];
    int nparams;
    PGresult *result;
    int row;                    //  Next row to hand out; -1 before running
};

void vc_db_set_error (vc_db_t *self, const char *format, ...);

//  PostgreSQL backend (vc_db_pg.c)
//  VC_DB_DONE, VC_DB_UNAVAILABLE or VC_DB_ERROR
int vc_db_pg_open (vc_db_t *self);
void vc_db_pg_close (vc_db_t *self);
int vc_db_pg_exec (vc_db_t *self, const char *sql);
int vc_db_pg_prepare (vc_db_stmt_t *stmt, const char *sql);
int vc_db_pg_step (vc_db_stmt_t *stmt);
void vc_db_pg_reset (vc_db_stmt_t *stmt);
void vc_db_pg_clear (vc_db_stmt_t *stmt);
int vc_db_pg_begin (vc_db_t *self);

#endif
