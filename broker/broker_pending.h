/*  broker_pending - the service events a broker of a pair receives while it
    does not serve (the zguide's "Clone" pending list, chapter 5): services
    publish to both brokers, only the active one puts them on its bus. The
    passive one holds each event until the active peer's bus carries it,
    and publishes those it still holds when it takes over, so an event the
    failed broker never published is not lost, and none is published twice.
    Pure bookkeeping: the caller feeds it events, the peer's copies and the
    time, and says how long each list keeps what is not matched.
*/
#ifndef BROKER_PENDING_H_INCLUDED
#define BROKER_PENDING_H_INCLUDED

#include <czmq.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _broker_pending_t broker_pending_t;

//  Holds at most max events of at most max_bytes (topics and bodies), and
//  remembers as many of the peer's copies not matched yet (the oldest go
//  first). NULL when out of memory.
broker_pending_t *broker_pending_new (size_t max, size_t max_bytes);
void broker_pending_destroy (broker_pending_t **self_p);

//  An event a service published ([topic][body], consumed): dropped if the
//  peer's bus carried it already, else held. blind: it came while the
//  peer's bus was not followed yet (the peer may have published it unseen).
//  Returns 1 dropped, 0 held, -1 out of memory (not held).
int broker_pending_hold (broker_pending_t *self, zframe_t **topic_p, zframe_t **body_p,
                         int64_t now, bool blind);

//  The peer's bus carried this event: the held copy goes, else the copy
//  is remembered for the event still to come. Returns 1 if a held one
//  went, 0 remembered, -1 out of memory.
int broker_pending_seen (broker_pending_t *self, const void *topic, size_t topic_size,
                         const void *body, size_t body_size, int64_t now);

//  Forget held events older than held_ms and copies older than seen_ms.
//  Returns how many held events went.
size_t broker_pending_expire (broker_pending_t *self, int64_t now, int64_t held_ms,
                              int64_t seen_ms);

//  The oldest held event, handed over (frames the caller owns), and
//  whether it was held blind; false when none is held.
bool broker_pending_take (broker_pending_t *self, zframe_t **topic_p, zframe_t **body_p,
                          bool *blind);

//  Forget everything (held events and copies).
void broker_pending_clear (broker_pending_t *self);

size_t broker_pending_held (broker_pending_t *self);
//  Copies from the peer not matched yet
size_t broker_pending_copies (broker_pending_t *self);
//  Held events dropped because max or max_bytes was reached, since the start
uint64_t broker_pending_overflowed (broker_pending_t *self);

void broker_pending_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
