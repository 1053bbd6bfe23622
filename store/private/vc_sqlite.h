/*  vc_sqlite - SQLite helpers shared by the stores (cases, accounts): SQL
    run with retries while another process holds the file, as when several
    instances open a new database at once.
*/
#ifndef VC_SQLITE_H_INCLUDED
#define VC_SQLITE_H_INCLUDED

#include <sqlite3.h>

//  Runs SQL text; while SQLite answers busy or locked (some of which, like
//  the switch to WAL, do not wait for the busy handler) tries again with a
//  short random pause until timeout_ms have passed. Returns 0, or -1 after
//  logging "LABEL: SQL: reason".
int vc_sqlite_exec_retry (sqlite3 *db, const char *sql, int timeout_ms, const char *label);

#endif
