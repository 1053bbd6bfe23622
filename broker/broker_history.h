/*  broker_history - the last events the bus carried, kept so that a
    monitor that starts late or reconnects can catch up (the "Clone"
    pattern: it subscribes, asks the history up to the newest sequence
    number S with op "history" of service "broker", then keeps the live
    events after S). See docs/protocol.md, "Event history".
*/
#ifndef BROKER_HISTORY_H_INCLUDED
#define BROKER_HISTORY_H_INCLUDED

#include <czmq.h>
#include "vc_body.h"

typedef struct _broker_history_t broker_history_t;

//  Events at most one history reply carries, and their bytes at most
#define BROKER_HISTORY_PAGE     1000
#define BROKER_HISTORY_BYTES    (192 * 1024)
//  A body bigger than this is kept as an empty map
#define BROKER_HISTORY_BODY_MAX (64 * 1024)
//  Body bytes the history holds at most (the oldest go first)
#define BROKER_HISTORY_HELD     (32 * 1024 * 1024)

//  Keeps the last capacity events (0: keeps none).
broker_history_t *broker_history_new (size_t capacity);
void broker_history_destroy (broker_history_t **self_p);

//  Remember one event as it goes out: its sequence number, topic and
//  msgpack body (copied). Sequence numbers arrive in order.
void broker_history_add (broker_history_t *self, uint64_t seq,
                         const void *topic, size_t topic_size,
                         const void *body, size_t body_size);

//  Pack the reply to {op: "history", after, limit} into pack: the events
//  with a sequence number above after, oldest first, at most limit of
//  them. Returns 0, or -1 with the reason in err for a bad request.
int broker_history_reply (broker_history_t *self, vc_body_t *request, const char *run,
                          uint64_t newest, vc_pack_t *pack, char *err, size_t err_size);

void broker_history_test (bool verbose);

#endif
