/*  data_copier - an actor that makes the data service's copy in memory of a
    shared (PostgreSQL) case store, away from the thread that answers
    requests.

    The actor owns the connection to the shared store, which it opens at
    the first copy asked for, and again at the next one while that fails
    (the database was down when the service started). Asked for a copy, it
    reads the store's fingerprint and, when asked for any copy or when the
    fingerprint changed since its last copy, copies the whole store into a
    new SQLite ":memory:" store, then hands that store over (its pointer in
    the reply; the caller owns it from then on). A copy the caller no
    longer reads is handed back to be freed on the actor's thread.

    Over the actor's pipe (zsock_send pictures):
      in:  "sip"           "COPY", if_changed (0: copy whatever the
                           fingerprint), NULL; or "FREE", 0, a store to
                           destroy
      out: "ipi8"          rc (1: copied, 0: unchanged, -1: failed), the
                           new store (NULL unless rc is 1), 1 when the
                           database was unreachable, milliseconds taken
*/
#ifndef DATA_COPIER_H_INCLUDED
#define DATA_COPIER_H_INCLUDED

#include "vc_casestore.h"
#include <czmq.h>

//  Where the shared store is; the texts must outlive the actor.
typedef struct {
    const char *address;
    vc_db_options_t options;
    const char *data_dir;               //  Snapshot for a new store, or NULL
} data_copier_source_t;

//  The actor's body; args is a data_copier_source_t *, read at start. The
//  actor closes the shared store when it ends.
void data_copier_actor (zsock_t *pipe, void *args);

#endif
