/*  vc_resolve - a host name looked up within a time limit (getaddrinfo_a),
    for the PostgreSQL connection, whose own lookup no timeout covers.  */
#ifndef VC_RESOLVE_H_INCLUDED
#define VC_RESOLVE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

typedef struct _vc_resolve_t vc_resolve_t;

vc_resolve_t *vc_resolve_new (void);
void vc_resolve_destroy (vc_resolve_t **self_p);

//  The first address of HOST as text into ADDRESS, within TIMEOUT_MSEC.  An
//  address or a socket folder is given back as it is.  0, or -1 with the
//  reason in ERROR; a lookup that ran out of time goes on in the background
//  and the next call for the same host waits for it again (also the call of
//  another vc_resolve once this one is destroyed: destroying never waits).
int vc_resolve_host (vc_resolve_t *self, const char *host, int timeout_msec,
                     char *address, size_t size, char *error, size_t error_size);

void vc_resolve_test (bool verbose);

#endif
