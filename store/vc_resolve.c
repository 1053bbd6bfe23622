/*  vc_resolve - a host name looked up within a time limit.  libpq resolves
    a host name with a blocking getaddrinfo that its connect_timeout does not
    cover, so a name server that does not answer (a container's name while
    the container restarts) holds a connection attempt for 20 s.  This looks
    the name up in the background (getaddrinfo_a) and waits at most the
    limit; a lookup still running is waited for again by the next attempt
    instead of starting another.  */
#define _GNU_SOURCE
#include "vc_resolve.h"
#include "vc_check.h"
#include "vc_text.h"
#include <czmq.h>
#include <netdb.h>
#include <arpa/inet.h>

struct _vc_resolve_t {
    struct gaicb request;       //  The lookup, while pending or done
    struct addrinfo hints;
    char *host;                 //  The name being looked up
    bool pending;               //  Started, its result not taken yet
};

vc_resolve_t *
vc_resolve_new (void)
{
    return (vc_resolve_t *) zmalloc (sizeof (vc_resolve_t));
}

//  Wait for a lookup that could not be cancelled: its request belongs to
//  the resolver's thread until it ends.
static void
s_forget (vc_resolve_t *self)
{
    if (!self->pending)
        return;
    if (gai_cancel (&self->request) == EAI_NOTCANCELED) {
        const struct gaicb *list [1] = { &self->request };
        while (gai_error (&self->request) == EAI_INPROGRESS)
            gai_suspend (list, 1, NULL);
    }
    if (self->request.ar_result)
        freeaddrinfo (self->request.ar_result);
    self->request.ar_result = NULL;
    zstr_free (&self->host);
    self->pending = false;
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
    s_forget (self);
    self->host = strdup (host);
    if (!self->host)
        return EAI_MEMORY;
    memset (&self->request, 0, sizeof self->request);
    memset (&self->hints, 0, sizeof self->hints);
    self->hints.ai_family = AF_UNSPEC;
    self->hints.ai_socktype = SOCK_STREAM;
    self->request.ar_name = self->host;
    self->request.ar_request = &self->hints;
    struct gaicb *list [1] = { &self->request };
    int rc = getaddrinfo_a (GAI_NOWAIT, list, 1, NULL);
    if (rc == 0)
        self->pending = true;
    else
        zstr_free (&self->host);
    return rc;
}

//  Wait up to TIMEOUT_MSEC for the lookup; its status (EAI_INPROGRESS when
//  it is still running).
static int
s_wait (vc_resolve_t *self, int timeout_msec)
{
    const struct gaicb *list [1] = { &self->request };
    int64_t deadline = zclock_mono () + timeout_msec;
    while (gai_error (&self->request) == EAI_INPROGRESS) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0)
            break;
        struct timespec wait = { left / 1000, (left % 1000) * 1000000 };
        gai_suspend (list, 1, &wait);
    }
    return gai_error (&self->request);
}

//  The first address of a finished lookup, as text.
static int
s_first_address (vc_resolve_t *self, char *address, size_t size)
{
    struct addrinfo *info = self->request.ar_result;
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
    if (!self->pending || !streq (self->host, host))
        rc = s_start (self, host);
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
    VC_CHECK (!self->pending);
    vc_resolve_destroy (&self);
    VC_CHECK (self == NULL);
    if (verbose)
        printf ("OK\n");
}
