/*  data_copier - copies a shared case store into memory on a thread of
    its own (an actor) and hands each copy to the serving thread.  */
#include "data_copier.h"
#include "vc_log.h"

typedef struct {
    data_copier_source_t source;
    vc_casestore_t *shared;             //  Owned, NULL until opened
    char fingerprint [256];             //  Of the store when last copied
} copier_t;

//  The shared store, opened now if it is not yet: NULL when it cannot be,
//  *unavailable telling whether only because the server cannot be reached
static vc_casestore_t *
s_shared (copier_t *self, bool *unavailable)
{
    *unavailable = false;
    if (!self->shared)
        self->shared = vc_casestore_connect (self->source.address, &self->source.options,
                                             self->source.data_dir, unavailable);
    return self->shared;
}

//  One copy, if asked for any or if the store changed
static void
s_copy (copier_t *self, zsock_t *pipe, bool if_changed)
{
    int64_t started = zclock_mono ();
    char fingerprint [sizeof self->fingerprint];
    vc_casestore_t *copy = NULL;
    int rc = -1;
    bool unreachable = false;
    if (s_shared (self, &unreachable)
    &&  vc_casestore_fingerprint (self->shared, fingerprint, sizeof fingerprint) == 0) {
        if (if_changed && streq (fingerprint, self->fingerprint))
            rc = 0;
        else
        if ((copy = vc_casestore_new (":memory:", NULL))
        &&  vc_casestore_copy (copy, self->shared) == 0) {
            memcpy (self->fingerprint, fingerprint, sizeof fingerprint);
            rc = 1;
        }
        else
            vc_casestore_destroy (&copy);
    }
    int unavailable = rc < 0 && (unreachable || vc_casestore_unavailable (self->shared));
    uint64_t took = (uint64_t) (zclock_mono () - started);
    if (zsock_send (pipe, "ipi8", rc, (void *) copy, unavailable, took)) {
        vc_error ("cannot hand over the copy of the store");
        vc_casestore_destroy (&copy);
    }
}

void
data_copier_actor (zsock_t *pipe, void *args)
{
    copier_t self = { *(data_copier_source_t *) args, NULL, "" };
    zsock_signal (pipe, 0);
    while (true) {
        char *command = NULL;
        int if_changed = 0;
        void *store = NULL;
        //  A short message ($TERM) leaves the other values zero
        if (zsock_recv (pipe, "sip", &command, &if_changed, &store) || !command)
            break;                      //  Interrupted
        bool stop = streq (command, "$TERM");
        if (streq (command, "COPY"))
            s_copy (&self, pipe, if_changed != 0);
        else
        if (streq (command, "FREE")) {
            vc_casestore_t *old = (vc_casestore_t *) store;
            vc_casestore_destroy (&old);
        }
        zstr_free (&command);
        if (stop)
            break;
    }
    vc_casestore_destroy (&self.shared);
}
