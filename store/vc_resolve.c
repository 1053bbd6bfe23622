/*  vc_resolve - a host name looked up within a time limit.  libpq resolves
    a host name with a blocking getaddrinfo that its connect_timeout does not
    cover, so a name server that does not answer (a container's name while
    the container restarts) holds a connection attempt for 20 s.  This looks
    the name up in the background (getaddrinfo_a) and waits at most the
    limit; a lookup still running is waited for again by the next attempt
    instead of starting another, also after its vc_resolve is destroyed
    (a store that could not be opened): such a lookup is let go, never
    waited for, and taken up by the next lookup of the same name (or freed
    when it ends).  */
#define _GNU_SOURCE
#include "vc_resolve.h"
#include "vc_check.h"
#include "vc_text.h"
#include <czmq.h>
#include <netdb.h>
#include <pthread.h>
#include <arpa/inet.h>

//  One lookup: its request and what the request points to
typedef struct _s_lookup_t s_lookup_t;
struct _s_lookup_t {
    struct gaicb request;
    struct addrinfo hints;
    char *host;                 //  The name being looked up
    s_lookup_t *next;           //  In the list of lookups let go
};

struct _vc_resolve_t {
    s_lookup_t *lookup;         //  Started, its result not taken yet; or NULL
};

//  Lookups let go while still running, of every vc_resolve of the process
static s_lookup_t *s_let_go;
static pthread_mutex_t s_let_go_lock = PTHREAD_MUTEX_INITIALIZER;

static void
s_lookup_free (s_lookup_t **lookup_p)
{
    s_lookup_t *lookup = *lookup_p;
    if (!lookup)
        return;
    if (lookup->request.ar_result)
        freeaddrinfo (lookup->request.ar_result);
    free (lookup->host);
    free (lookup);
    *lookup_p = NULL;
}

//  Free the lookups let go that have ended; the one of HOST still running,
//  taken out of the list (NULL if none, or HOST NULL).
static s_lookup_t *
s_take_let_go (const char *host)
{
    s_lookup_t *taken = NULL, *ended = NULL;
    pthread_mutex_lock (&s_let_go_lock);
    s_lookup_t **link = &s_let_go;
    while (*link) {
        s_lookup_t *lookup = *link;
        bool running = gai_error (&lookup->request) == EAI_INPROGRESS;
        bool take = running && host && !taken && streq (lookup->host, host);
        if (!running || take) {
            *link = lookup->next;
            lookup->next = running ? NULL : ended;
            if (running)
                taken = lookup;
            else
                ended = lookup;
        }
        else
            link = &lookup->next;
    }
    pthread_mutex_unlock (&s_let_go_lock);
    while (ended) {
        s_lookup_t *next = ended->next;
        s_lookup_free (&ended);
        ended = next;
    }
    return taken;
}

vc_resolve_t *
vc_resolve_new (void)
{
    return (vc_resolve_t *) zmalloc (sizeof (vc_resolve_t));
}

//  Drop the lookup: one that could not be cancelled belongs to the
//  resolver's thread until it ends, so it is let go instead of waited for.
static void
s_forget (vc_resolve_t *self)
{
    s_lookup_t *lookup = self->lookup;
    self->lookup = NULL;
    if (lookup && gai_cancel (&lookup->request) == EAI_NOTCANCELED) {
        pthread_mutex_lock (&s_let_go_lock);
        lookup->next = s_let_go;
        s_let_go = lookup;
        pthread_mutex_unlock (&s_let_go_lock);
    }
    else
        s_lookup_free (&lookup);
}

void
vc_resolve_destroy (vc_resolve_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    vc_resolve_t *self = *self_p;
    s_forget (self);
    free (self);
    *self_p = NULL;
}

//  True if HOST needs no lookup: an address already, or a socket folder.
static bool
s_literal (const char *host)
{
    unsigned char buffer [sizeof (struct in6_addr)];
    return *host == '/' || *host == '@'
        || inet_pton (AF_INET, host, buffer) == 1 || inet_pton (AF_INET6, host, buffer) == 1;
}

static int
s_start (vc_resolve_t *self, const char *host)
{
    s_lookup_t *lookup = (s_lookup_t *) zmalloc (sizeof (s_lookup_t));
    if (lookup)
        lookup->host = strdup (host);
    if (!lookup || !lookup->host) {
        s_lookup_free (&lookup);
        return EAI_MEMORY;
    }
    lookup->hints.ai_family = AF_UNSPEC;
    lookup->hints.ai_socktype = SOCK_STREAM;
    lookup->request.ar_name = lookup->host;
    lookup->request.ar_request = &lookup->hints;
    struct gaicb *list [1] = { &lookup->request };
    int rc = getaddrinfo_a (GAI_NOWAIT, list, 1, NULL);
    if (rc == 0)
        self->lookup = lookup;
    else
        s_lookup_free (&lookup);
    return rc;
}

//  Wait up to TIMEOUT_MSEC for the lookup; its status (EAI_INPROGRESS when
//  it is still running).
static int
s_wait (vc_resolve_t *self, int timeout_msec)
{
    const struct gaicb *list [1] = { &self->lookup->request };
    int64_t deadline = zclock_mono () + timeout_msec;
    while (gai_error (&self->lookup->request) == EAI_INPROGRESS) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0)
            break;
        struct timespec wait = { left / 1000, (left % 1000) * 1000000 };
        gai_suspend (list, 1, &wait);
    }
    return gai_error (&self->lookup->request);
}

//  The first address of a finished lookup, as text.
static int
s_first_address (vc_resolve_t *self, char *address, size_t size)
{
    struct addrinfo *info = self->lookup->request.ar_result;
    if (!info)
        return EAI_NONAME;
    return getnameinfo (info->ai_addr, info->ai_addrlen, address, size, NULL, 0, NI_NUMERICHOST);
}

int
vc_resolve_host (vc_resolve_t *self, const char *host, int timeout_msec,
                 char *address, size_t size, char *error, size_t error_size)
{
    assert (self);
    if (s_literal (host)) {
        vc_text_copy (address, size, host);
        return 0;
    }
    int rc = 0;
    if (!self->lookup || !streq (self->lookup->host, host)) {
        s_forget (self);
        self->lookup = s_take_let_go (host);
        if (!self->lookup)
            rc = s_start (self, host);
    }
    if (rc == 0)
        rc = s_wait (self, timeout_msec);
    if (rc == EAI_INPROGRESS) {
        snprintf (error, error_size, "the name %s was not resolved within %d ms", host, timeout_msec);
        return -1;
    }
    if (rc == 0)
        rc = s_first_address (self, address, size);
    if (rc != 0)
        snprintf (error, error_size, "cannot resolve %s: %s", host, gai_strerror (rc));
    s_forget (self);
    return rc == 0 ? 0 : -1;
}

void
vc_resolve_test (bool verbose)
{
    if (verbose)
        printf (" * vc_resolve: ");
    vc_resolve_t *self = vc_resolve_new ();
    VC_CHECK (self);
    char address [64], error [128];
    //  Addresses and socket folders are used as they are
    VC_CHECK (vc_resolve_host (self, "10.1.2.3", 100, address, sizeof address, error, sizeof error) == 0);
    VC_CHECK (streq (address, "10.1.2.3"));
    VC_CHECK (vc_resolve_host (self, "::1", 100, address, sizeof address, error, sizeof error) == 0);
    VC_CHECK (streq (address, "::1"));
    VC_CHECK (vc_resolve_host (self, "/run/postgresql", 100, address, sizeof address, error, sizeof error) == 0);
    VC_CHECK (streq (address, "/run/postgresql"));
    //  A name from the hosts file, twice (the lookup's state is reset)
    for (int round = 0; round < 2; round++) {
        VC_CHECK (vc_resolve_host (self, "localhost", 2000, address, sizeof address, error, sizeof error) == 0);
        VC_CHECK (streq (address, "127.0.0.1") || streq (address, "::1"));
    }
    VC_CHECK (!self->lookup);
    //  A lookup out of time is let go by its destroyed vc_resolve, and
    //  taken up (or started again) by the next lookup of the name
    for (int round = 0; round < 3; round++) {
        vc_resolve_t *hasty = vc_resolve_new ();
        VC_CHECK (hasty);
        vc_resolve_host (hasty, "localhost", 0, address, sizeof address, error, sizeof error);
        vc_resolve_destroy (&hasty);
    }
    VC_CHECK (vc_resolve_host (self, "localhost", 2000, address, sizeof address, error, sizeof error) == 0);
    VC_CHECK (streq (address, "127.0.0.1") || streq (address, "::1"));
    vc_resolve_destroy (&self);
    VC_CHECK (self == NULL);
    if (verbose)
        printf ("OK\n");
}
