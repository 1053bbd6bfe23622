/*  data_store - the data service's store: a SQLite file read directly, or
    a copy in memory of a shared PostgreSQL store.  */
#include "data_store.h"
#include "vc_log.h"
#include <czmq.h>

#define S_RETRY_MS 1000

struct _data_store_t {
    vc_casestore_t *shared;             //  PostgreSQL store, or NULL
    vc_casestore_t *local;              //  What requests read
    int64_t copied_at;                  //  Last copy made (monotonic ms)
    int64_t tried_at;                   //  Last attempt (monotonic ms)
    bool failed;                        //  The last attempt failed
    char fingerprint [256];             //  Of the store when last copied
};

data_store_t *
data_store_new (const char *address, const vc_db_options_t *options, const char *data_dir)
{
    data_store_t *self = (data_store_t *) zmalloc (sizeof (data_store_t));
    if (!self)
        return NULL;
    vc_casestore_t *store = vc_casestore_open (address, options, data_dir);
    if (store && vc_casestore_is_shared (store)) {
        self->shared = store;
        self->local = vc_casestore_new (":memory:", NULL);
        if (!self->local || data_store_reload (self, false) != 1)
            data_store_destroy (&self);
    }
    else
    if (store)
        self->local = store;
    else
        data_store_destroy (&self);
    return self;
}

void
data_store_destroy (data_store_t **self_p)
{
    if (self_p && *self_p) {
        data_store_t *self = *self_p;
        vc_casestore_destroy (&self->local);
        vc_casestore_destroy (&self->shared);
        free (self);
        *self_p = NULL;
    }
}

vc_casestore_t *
data_store_local (data_store_t *self)
{
    return self->local;
}

bool
data_store_is_copy (data_store_t *self)
{
    return self->shared != NULL;
}

//  The database could not be read: said once, until it can again
static int
s_failed (data_store_t *self, int64_t started)
{
    if (!self->failed)
        vc_warn ("%s: answering from the copy made %" PRId64 " s ago; trying again every %d s",
                 vc_casestore_unavailable (self->shared) ? "store unavailable" : "cannot copy the store",
                 self->copied_at ? (started - self->copied_at) / 1000 : 0, S_RETRY_MS / 1000);
    self->failed = true;
    return -1;
}

int
data_store_reload (data_store_t *self, bool if_changed)
{
    if (!self->shared)
        return 0;
    int64_t started = zclock_mono ();
    self->tried_at = started;
    char fingerprint [sizeof self->fingerprint];
    if (vc_casestore_fingerprint (self->shared, fingerprint, sizeof fingerprint))
        return s_failed (self, started);
    if (if_changed && streq (fingerprint, self->fingerprint)) {
        if (self->failed)
            vc_info ("store available again");
        self->failed = false;
        self->copied_at = started;          //  The copy is current
        return 0;
    }
    if (vc_casestore_copy (self->local, self->shared))
        return s_failed (self, started);
    if (self->failed)
        vc_info ("store available again");
    self->failed = false;
    self->copied_at = zclock_mono ();
    memcpy (self->fingerprint, fingerprint, sizeof fingerprint);
    vc_info ("copied the shared store into memory in %" PRId64 " ms", self->copied_at - started);
    return 1;
}

bool
data_store_due (data_store_t *self, int64_t refresh_ms)
{
    if (!self->shared)
        return false;
    int64_t now = zclock_mono ();
    return (self->failed && now - self->tried_at >= S_RETRY_MS)
        || (refresh_ms > 0 && now - self->copied_at >= refresh_ms);
}
