/*  vc_endpoint - checks a ZeroMQ endpoint a client is about to connect to,
    so that a mistyped address is refused at once with the reason instead
    of waiting for an answer that cannot come: a malformed IP address, a
    port outside 1-65535, a host name that does not resolve. Also splits
    an endpoint into host and port.
*/
#ifndef VC_ENDPOINT_H_INCLUDED
#define VC_ENDPOINT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//  tcp://HOST:PORT into host (without IPv6 brackets) and *port. Returns 0,
//  or -1 if it is not of that form (ipc:// and inproc:// are not).
int vc_endpoint_split (const char *endpoint, char *host, size_t host_size, int *port);

//  0 if a client can try to connect to the endpoint (as given by
//  vc_endpoint_normalize); else -1 with one sentence in reason, e.g.
//  "port 99999 is out of range (1 to 65535)". Resolves host names.
int vc_endpoint_check (const char *endpoint, char *reason, size_t reason_size);

//  Whether something accepts TCP connections at a tcp:// endpoint, tried
//  for at most timeout_ms: 1 yes, 0 no (refused or no route), -1 not known
//  (not tcp://, or no answer in time).
int vc_endpoint_listening (const char *endpoint, int timeout_ms);

//  With a pair of brokers: a connection to one that is still not up this
//  long after it was opened is looked at once (vc_endpoint_gone)
#define VC_LINK_UP_MSEC 250

//  Whether the broker at endpoint, connected to at opened_at (milliseconds,
//  the same clock as now) with the link still not up, is gone: once
//  VC_LINK_UP_MSEC have passed, looked at once (*checked is then set until
//  the caller connects again), nothing listens at its address (its process
//  ended), so its user moves on to the other broker at once instead of
//  waiting out a timeout. Something listening (a slow broker) is waited
//  for. The client library and services share this step.
bool vc_endpoint_gone (const char *endpoint, int64_t opened_at, int64_t now, bool *checked);

//  True if host is a wildcard a server binds to ("*", "0.0.0.0", "::").
bool vc_endpoint_wildcard (const char *host);

//  The event bus output endpoint for a client of the broker at server:
//  told (as the broker's ping tells it, e.g. "tcp://*:5558") with server's
//  host in place of a wildcard host; without told, server's host on port
//  5558. Returns 0, or -1 if neither gives a tcp:// endpoint.
int vc_endpoint_events (const char *told, const char *server, char *out, size_t size);

//  The event bus endpoints of a comma-separated list of broker addresses
//  (host, host:port or tcp://host:port; a pair of brokers gives two),
//  comma-separated in out. Addresses that give none are left out. Returns
//  0, or -1 if none gives one.
int vc_endpoint_events_list (const char *servers, char *out, size_t size);

//  Both buses of a pair of brokers as a broker's ping tells them (told: its
//  own, peer_told: its peer's, may be NULL or "" if not told), for a client
//  that reached that broker at reached, given the comma-separated list
//  servers: told with reached's host in place of a wildcard, then
//  peer_told with the host of the first other broker of servers (else
//  reached's) in place of a wildcard; comma-separated in out, the peer's
//  left out when not told or the same. Returns 0, or -1 if told gives none.
int vc_endpoint_events_pair (const char *told, const char *peer_told, const char *reached,
                             const char *servers, char *out, size_t size);

//  A comma-separated list of addresses (host, host:port or tcp://host:port;
//  a pair of brokers gives two), each normalized as vc_endpoint_normalize
//  does with default_port, comma-separated in out. Returns 0, or -1 if one
//  of them is not an address or the list is empty.
int vc_endpoint_normalize_list (const char *text, int default_port, char *out, size_t size);

//  A name for an in-process endpoint that no other socket of this process
//  has used: PREFIX and a process-wide count. Names made from an object's
//  address can repeat: a socket's close is finished by ZeroMQ's reaper
//  later, and a new object at the same address would find the name taken.
void vc_endpoint_inproc (const char *prefix, char *out, size_t size);

void vc_endpoint_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
