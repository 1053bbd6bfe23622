/*  vc_event - events on the bus (see docs/protocol.md, "Events").

    Services publish [topic][body] to the broker's XSUB endpoint; the broker
    stamps a global sequence number and forwards [topic][seq][body][run] on
    its XPUB endpoint, where monitors and services subscribe; run names the
    broker run (a restarted broker numbers from 1 again). The body is a
    msgpack map: ts (ms since epoch, at the publisher), source, client,
    username, address, detail.
*/
#ifndef VC_EVENT_H_INCLUDED
#define VC_EVENT_H_INCLUDED

#include <czmq.h>
#include "vc_body.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint64_t seq;               //  Global order, stamped by the broker
    char topic [65];            //  e.g. "auth.login"
    int64_t ts;                 //  Milliseconds since the epoch
    char source [33];           //  Publishing service, e.g. "auth"
    char client [65];           //  Client id, or ""
    char username [129];        //  Username, or ""
    char address [65];          //  Client's network address, or ""
    char detail [513];          //  Free text, e.g. "lookup Hà Nội 15-12-2021: 1.024"
    char run [17];              //  The broker run that numbered it (its epoch), or ""
    char msgid [257];           //  The detail's message id (docs/protocol.md), or ""
    char values [513];          //  Its values, each ended by a NUL (vc_event_args)
    size_t args_count;
} vc_event_t;

typedef struct _vc_publisher_t vc_publisher_t;

//  Connect a PUB socket to the broker's event input (XSUB) endpoint; NULL
//  for an endpoint refused or when out of memory.
vc_publisher_t *vc_publisher_new (const char *endpoint, const char *source);
void vc_publisher_destroy (vc_publisher_t **self_p);

//  Publish one event; any string may be NULL. Returns 0 or -1.
int vc_publish (vc_publisher_t *self, const char *topic, const char *client,
                const char *username, const char *address, const char *detail);

//  The same with a message id and its values (vc_said.h): said's, whose
//  text is the detail when detail is NULL (else its text is the part of
//  the detail the id says, as for scrape.*: the reason after 'SOURCE
//  OUTCOME: ').
struct vc_said_s;
int vc_publish_said (vc_publisher_t *self, const char *topic, const char *client,
                     const char *username, const char *address, const char *detail,
                     const struct vc_said_s *said);

//  The values of an event's message id, in order, into args (at most 8);
//  returns how many. The pointers hold while event does.
size_t vc_event_args (const vc_event_t *event, const char **args);

//  Pack an event body (used by vc_publish and by the broker's own events).
void vc_event_pack (vc_pack_t *pack, const char *source, const char *client,
                    const char *username, const char *address, const char *detail);
//  The same with a message id and its values (msgid NULL: none)
void vc_event_pack_said (vc_pack_t *pack, const char *source, const char *client,
                         const char *username, const char *address, const char *detail,
                         const char *msgid, const char **args, size_t args_count);

//  Subscribe to the broker's event output (XPUB) endpoint; topics is a
//  comma-separated list of prefixes, "" for everything. NULL for an
//  endpoint refused or when out of memory.
zsock_t *vc_event_subscriber_new (const char *endpoint, const char *topics);

//  Decode [topic][seq][body][run] (consumed; run may be absent). Returns
//  0, -1 if malformed.
int vc_event_decode (zmsg_t **zmsg_p, vc_event_t *event);

//  Receive and decode one event; 0, or -1 on interrupt or malformed input.
int vc_event_recv (zsock_t *subscriber, vc_event_t *event);

int64_t vc_time_ms (void);

void vc_event_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
