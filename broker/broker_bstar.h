/*  broker_bstar - the Binary Star state machine of a primary/backup broker
    pair (the zguide's "Binary Star" pattern, chapter 4): which of the two
    serves clients. Pure logic: the caller feeds it the peer's states and
    the clients' requests with the time, and sends its state to the peer.
*/
#ifndef BROKER_BSTAR_H_INCLUDED
#define BROKER_BSTAR_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    BSTAR_PRIMARY = 1,          //  Primary, waiting to hear the peer
    BSTAR_BACKUP = 2,           //  Backup, waiting to hear the peer
    BSTAR_ACTIVE = 3,           //  Serving clients
    BSTAR_PASSIVE = 4           //  On standby: refusing clients
} bstar_state_t;

typedef enum {
    BSTAR_PEER_PRIMARY = 1,     //  The peer says it is a waiting primary
    BSTAR_PEER_BACKUP = 2,      //  ... a waiting backup
    BSTAR_PEER_ACTIVE = 3,      //  ... active
    BSTAR_PEER_PASSIVE = 4,     //  ... passive
    BSTAR_CLIENT_REQUEST = 5    //  A client asks this broker
} bstar_event_t;

typedef struct _broker_bstar_t broker_bstar_t;

//  primary or backup; the peer is silent after peer_timeout_ms without a
//  state message. now: zclock_mono () or a test's clock.
broker_bstar_t *broker_bstar_new (bool primary, int peer_timeout_ms, int64_t now);
void broker_bstar_destroy (broker_bstar_t **self_p);

//  Apply an event. Returns true if accepted: for BSTAR_CLIENT_REQUEST, the
//  client may be served. A peer state also renews the peer's liveness.
bool broker_bstar_event (broker_bstar_t *self, bstar_event_t event, int64_t now);

//  The peer's connection closed (its process ended): it is silent now.
void broker_bstar_peer_gone (broker_bstar_t *self);

//  This broker itself was stalled (stopped, swapped out) longer than the
//  peer timeout: the peer may have taken over meanwhile, so it waits to
//  hear the peer again (back to its first state) before serving. The
//  peer's states heard in the first quarter of the peer timeout after it
//  are stale (sent during the stall) and ignored.
void broker_bstar_stalled (broker_bstar_t *self, int64_t now);

bstar_state_t broker_bstar_state (broker_bstar_t *self);
bool broker_bstar_active (broker_bstar_t *self);
bool broker_bstar_primary (broker_bstar_t *self);
//  Whether the peer was heard within the timeout.
bool broker_bstar_peer_alive (broker_bstar_t *self, int64_t now);
//  The standing the broker's files read (self NULL: a broker alone,
//  which always serves): whether it serves clients; whether it is on
//  standby with the peer heard (services go to the peer).
bool broker_bstar_serving (broker_bstar_t *self);
bool broker_bstar_standby (broker_bstar_t *self, int64_t now);
//  True once after the state went from passive to active because the
//  peer was silent and a client asked (a failover).
bool broker_bstar_failed_over (broker_bstar_t *self);
//  Why the last transition happened, for logs and events.
const char *broker_bstar_reason (broker_bstar_t *self);

const char *broker_bstar_state_name (bstar_state_t state);

void broker_bstar_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
