/*  vc_sqlite - SQLite helpers shared by the stores.  */
#include "vc_sqlite.h"
#include "vc_log.h"
#include <czmq.h>

int
vc_sqlite_exec_retry (sqlite3 *db, const char *sql, int timeout_ms, const char *label)
{
    int64_t deadline = zclock_mono () + timeout_ms;
    while (true) {
        int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return 0;
        bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        if (!busy || zclock_mono () > deadline) {
            vc_error ("%s: %.80s: %s", label, sql, sqlite3_errmsg (db));
            return -1;
        }
        zclock_sleep (5 + randof (20));
    }
}
