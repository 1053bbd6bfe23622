/*  data_store - where a data service reads its figures.

    A SQLite store (a file path) is read directly: every process of the
    host shares the file. A PostgreSQL store (postgresql://...) is shared by
    every host; the data service answers from a copy of it in memory (a
    SQLite ":memory:" store, the same queries), made at start and made again
    when the scraper says the store changed (scrape.updated), and every
    refresh interval if the store's fingerprint (counts and latest writes)
    changed, a missed event as it were: copying takes the service's thread
    for a moment (about 1 s for the whole epidemic on a busy machine). While the database cannot be reached the service
    keeps answering from its last copy and tries again every second.
*/
#ifndef DATA_STORE_H_INCLUDED
#define DATA_STORE_H_INCLUDED

#include "vc_casestore.h"

typedef struct _data_store_t data_store_t;

//  Open the store at address (data_dir: snapshot for a new store); NULL
//  (logged) if it cannot be opened or copied.
data_store_t *data_store_new (const char *address, const vc_db_options_t *options,
                              const char *data_dir);
void data_store_destroy (data_store_t **self_p);

//  The store requests are answered from.
vc_casestore_t *data_store_local (data_store_t *self);

//  True for a copy of a shared (PostgreSQL) store.
bool data_store_is_copy (data_store_t *self);

//  Copy the shared store again (if_changed: only when its fingerprint
//  differs from the last copy's): 1 when the copy was made again, 0 when
//  there is nothing to copy (SQLite, or unchanged), -1 when the database
//  could not be read (logged; the copy stays as it was and a new attempt is
//  due).
int data_store_reload (data_store_t *self, bool if_changed);

//  True when a copy should be made now: the last attempt failed a second
//  or more ago, or refresh_ms (> 0) passed since the last copy.
bool data_store_due (data_store_t *self, int64_t refresh_ms);

#endif
