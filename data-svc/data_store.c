/*  data_store - the data service's store: a SQLite file read directly, or
    a copy in memory of a shared PostgreSQL store, made by a copier actor
    and swapped in when complete (none until the database could be read).  */
#include "data_store.h"
#include "data_copier.h"
#include "vc_log.h"

#define S_RETRY_MS 1000

struct _data_store_t {
    zactor_t *copier;                   //  Copies a shared store, or NULL
    vc_casestore_t *local;              //  What requests read
    bool busy;                          //  A copy is being made
    bool pending;                       //  Another copy asked for meanwhile
    bool pending_if_changed;            //  ... only if the store changed
    int64_t copied_at;                  //  Last copy made (monotonic ms)
    int64_t tried_at;                   //  Last attempt (monotonic ms)
    bool failed;                        //  The last attempt failed
    bool unavailable;                   //  ... because the database was unreachable
};

//  Start the copier on a shared store and wait for the first copy. A
//  database that cannot be reached now is no reason to stop: the service
//  starts without a copy (answering 503) and the copier tries again.
static int
s_start_copier (data_store_t *self, const char *address, const vc_db_options_t *options,
                const char *data_dir)
{
    data_copier_source_t source = { address, options ? *options : (vc_db_options_t) { 0 }, data_dir };
    self->copier = zactor_new (data_copier_actor, &source);
    if (!self->copier || data_store_request_copy (self, false))
        return -1;
    int rc = data_store_take (self);
    return rc == 1 || (rc < 0 && self->unavailable) ? 0 : -1;
}

data_store_t *
data_store_new (const char *address, const vc_db_options_t *options, const char *data_dir)
{
    data_store_t *self = (data_store_t *) zmalloc (sizeof (data_store_t));
    if (!self)
        return NULL;
    if (vc_db_address_is_postgresql (address)) {
        if (s_start_copier (self, address, options, data_dir))
            data_store_destroy (&self);
    }
    else
    if (!(self->local = vc_casestore_open (address, options, data_dir)))
        data_store_destroy (&self);
    return self;
}

void
data_store_destroy (data_store_t **self_p)
{
    if (self_p && *self_p) {
        data_store_t *self = *self_p;
        //  A copy being made is taken (and the old one freed) first
        self->pending = false;
        if (self->busy)
            data_store_take (self);
        zactor_destroy (&self->copier);
        vc_casestore_destroy (&self->local);
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
    return self->copier != NULL;
}

zsock_t *
data_store_copier (data_store_t *self)
{
    return self->copier ? zactor_sock (self->copier) : NULL;
}

int
data_store_request_copy (data_store_t *self, bool if_changed)
{
    if (!self->copier)
        return 0;
    if (self->busy) {
        //  One more copy after this one; "any copy" wins over "if changed"
        self->pending_if_changed = self->pending ? self->pending_if_changed && if_changed : if_changed;
        self->pending = true;
        return 0;
    }
    self->tried_at = zclock_mono ();
    if (zsock_send (self->copier, "sip", "COPY", if_changed ? 1 : 0, NULL)) {
        vc_error ("cannot ask the copier for a copy");
        return -1;
    }
    self->busy = true;
    return 0;
}

//  The database could not be read: said once, until it can again
static void
s_failed (data_store_t *self, bool unavailable)
{
    const char *what = unavailable ? "store unavailable" : "cannot copy the store";
    if (!self->failed && self->local)
        vc_warn ("%s: answering from the copy made %" PRId64 " s ago; trying again every %d s",
                 what, (self->tried_at - self->copied_at) / 1000, S_RETRY_MS / 1000);
    else
    if (!self->failed)
        vc_warn ("%s: no copy yet, requests are answered 503 until the store can be read;"
                 " trying again every %d s", what, S_RETRY_MS / 1000);
    self->failed = true;
    self->unavailable = unavailable;
}

//  The copier's answer: the new copy swapped in (the old one handed back
//  to the copier to be freed), the state updated and logged
static int
s_answer (data_store_t *self, int rc, vc_casestore_t *copy, bool unavailable, uint64_t took)
{
    if (rc < 0) {
        s_failed (self, unavailable);
        return -1;
    }
    if (self->failed)
        vc_info ("store available again");
    self->failed = false;
    self->copied_at = zclock_mono ();       //  The copy is current
    if (rc == 0)
        return 0;
    vc_casestore_t *old = self->local;
    self->local = copy;
    if (old && zsock_send (self->copier, "sip", "FREE", 0, (void *) old))
        vc_casestore_destroy (&old);
    vc_info ("copied the shared store into memory in %" PRIu64 " ms", took);
    return 1;
}

int
data_store_take (data_store_t *self)
{
    if (!self->copier || !self->busy)
        return 0;
    int rc = -1, unavailable = 0;
    void *copy = NULL;
    uint64_t took = 0;
    if (zsock_recv (self->copier, "ipi8", &rc, &copy, &unavailable, &took))
        return -1;                          //  Interrupted
    self->busy = false;
    rc = s_answer (self, rc, (vc_casestore_t *) copy, unavailable != 0, took);
    if (self->pending) {
        self->pending = false;
        data_store_request_copy (self, self->pending_if_changed);
    }
    return rc;
}

bool
data_store_due (data_store_t *self, int64_t refresh_ms)
{
    if (!self->copier || self->busy)
        return false;
    int64_t now = zclock_mono ();
    return (self->failed && now - self->tried_at >= S_RETRY_MS)
        || (refresh_ms > 0 && now - self->copied_at >= refresh_ms);
}
