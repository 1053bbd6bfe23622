/*  data_store - where a data service reads its figures.

    A SQLite store (a file path) is read directly: every process of the
    host shares the file. A PostgreSQL store (postgresql://...) is shared by
    every host; the data service answers from a copy of it in memory (a
    SQLite ":memory:" store, the same queries), made at start and made again
    when the scraper says the store changed (scrape.updated), and every
    refresh interval if the store's fingerprint (counts and latest writes)
    changed, a missed event as it were.

    Copies are made by an actor (data_copier) on a thread of its own, which
    owns the connection to the database: copying takes about 1 s for the
    whole epidemic on a busy machine, and requests go on being answered
    from the previous copy meanwhile. When the actor's answer arrives on its
    socket (data_store_copier, watched by the service's loop),
    data_store_take swaps the new copy in. While the database cannot be
    reached the service keeps answering from its last copy and tries again
    every second.
*/
#ifndef DATA_STORE_H_INCLUDED
#define DATA_STORE_H_INCLUDED

#include "vc_casestore.h"
#include <czmq.h>

typedef struct _data_store_t data_store_t;

//  Open the store at address (data_dir: snapshot for a new store); NULL
//  (logged) if it cannot be opened or, for a shared store, copied for
//  another reason than a database that cannot be reached: then the store
//  has no copy (data_store_local is NULL) until the copier makes one.
data_store_t *data_store_new (const char *address, const vc_db_options_t *options,
                              const char *data_dir);
void data_store_destroy (data_store_t **self_p);

//  The store requests are answered from (NULL: a shared store not read
//  yet). After data_store_take returned 1 it is another store: callers
//  holding the previous one take this one.
vc_casestore_t *data_store_local (data_store_t *self);

//  True for a copy of a shared (PostgreSQL) store.
bool data_store_is_copy (data_store_t *self);

//  The copier's socket, readable when a copy is ready to take; NULL for
//  a SQLite store.
zsock_t *data_store_copier (data_store_t *self);

//  Ask for the shared store to be copied again (if_changed: only when its
//  fingerprint differs from the last copy's), without waiting. While a
//  copy is being made, one more is made after it. 0, or -1 if the copier
//  cannot be reached. Nothing to do for a SQLite store.
int data_store_request_copy (data_store_t *self, bool if_changed);

//  Take the copier's answer (waits for it if called before the socket is
//  readable): 1 when a new copy was swapped in (the previous one is freed
//  on the copier's thread), 0 when the store had not changed or no copy
//  was asked for, -1 when the database could not be read (logged; the
//  copy stays as it was and a new attempt is due).
int data_store_take (data_store_t *self);

//  True when a copy should be asked for now: no copy is being made, and the
//  last attempt failed a second or more ago or refresh_ms (> 0) passed
//  since the last copy.
bool data_store_due (data_store_t *self, int64_t refresh_ms);

#endif
