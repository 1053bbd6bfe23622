/*  broker_peer - a broker of a primary/backup pair: binds a PUB socket for
    its peer (--state), connects a SUB socket to the peer's (--peer), sends
    its Binary Star state every heartbeat and feeds the peer's states to
    broker_bstar; a closed peer connection (its process ended) makes the
    peer silent at once. Publishes broker.active, broker.passive and
    broker.failover when its state changes, and refuses clients while it
    is not active (the client library moves to the other broker). What
    services publish goes on the bus of the active broker only (broker_bus).

    State message (docs/protocol.md, "Two brokers"): "VCBS", one byte (1
    primary waiting, 2 backup waiting, 3 active, 4 passive), the sender's
    run (epoch), its event bus (--events-out; clients learn the peer's bus
    from ping). A message without the fourth frame is taken too.  */
#include "broker.h"
#include "broker_bstar.h"
#include "vc_endpoint.h"

#define S_SIGNATURE "VCBS"

static zsock_t *
s_state_pub (const char *endpoint)
{
    zsock_t *pub = zsock_new (ZMQ_PUB);
    if (!pub)
        return NULL;
    zsock_set_linger (pub, 0);
    zsock_set_sndhwm (pub, 10);
    if (zsock_bind (pub, "%s", endpoint) < 0) {
        vc_error ("cannot bind the peer state endpoint %s: %s", endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&pub);
    }
    return pub;
}

static zsock_t *
s_state_sub (broker_t *self, const char *endpoint)
{
    zsock_t *sub = zsock_new (ZMQ_SUB);
    if (!sub)
        return NULL;
    zsock_set_linger (sub, 0);
    zsock_set_rcvhwm (sub, 10);
    zsock_set_maxmsgsize (sub, 512);
    zsock_set_subscribe (sub, "");
    zsock_set_reconnect_ivl (sub, 100);
    zsock_set_reconnect_ivl_max (sub, 500);
    char address [64];
    vc_endpoint_inproc ("vc-broker-peer-monitor", address, sizeof address);
    if (zmq_socket_monitor (zsock_resolve (sub), address, ZMQ_EVENT_DISCONNECTED) == 0) {
        self->peer_monitor = zsock_new (ZMQ_PAIR);
        if (self->peer_monitor && zsock_connect (self->peer_monitor, "%s", address))
            zsock_destroy (&self->peer_monitor);
    }
    if (zsock_connect (sub, "%s", endpoint) < 0) {
        vc_error ("cannot connect to the peer at %s", endpoint);
        zsock_destroy (&sub);
    }
    return sub;
}

int
broker_peer_start (broker_t *self)
{
    const broker_config_t *config = &self->config;
    if (!config->role)
        return 0;
    bool primary = streq (config->role, "primary");
    self->bstar = broker_bstar_new (primary, config->heartbeat_ms * 2, zclock_mono ());
    self->peer_pub = self->bstar ? s_state_pub (config->state) : NULL;
    self->peer_sub = self->peer_pub ? s_state_sub (self, config->peer) : NULL;
    if (!self->peer_sub || broker_bus_pair_start (self))
        return -1;
    self->reported = (int) broker_bstar_state (self->bstar);
    vc_info ("%s broker: peer state on %s, peer at %s; waiting to hear the peer",
             config->role, config->state, config->peer);
    return 0;
}

void
broker_peer_stop (broker_t *self)
{
    if (self->peer_sub)
        zmq_socket_monitor (zsock_resolve (self->peer_sub), NULL, 0);
    zsock_destroy (&self->peer_monitor);
    zsock_destroy (&self->peer_sub);
    zsock_destroy (&self->peer_pub);
    broker_bus_pair_stop (self);
    broker_bstar_destroy (&self->bstar);
}

static void
s_send_state (broker_t *self)
{
    zmsg_t *msg = zmsg_new ();
    byte state = (byte) broker_bstar_state (self->bstar);
    zmsg_addstr (msg, S_SIGNATURE);
    zmsg_addmem (msg, &state, 1);
    zmsg_addstr (msg, self->epoch);
    zmsg_addstr (msg, self->config.events_out);
    if (zmsg_send (&msg, self->peer_pub))
        zmsg_destroy (&msg);
    self->peer_sent_at = zclock_mono ();
}

//  Report a change of state: log, events, and the peer at once.
static void
s_report (broker_t *self)
{
    bstar_state_t state = broker_bstar_state (self->bstar);
    if ((int) state == self->reported)
        return;
    self->reported = (int) state;
    const char *reason = broker_bstar_reason (self->bstar);
    char detail [160];
    snprintf (detail, sizeof detail, "run %s %s: %s", self->epoch,
              broker_bstar_state_name (state), reason);
    vc_info ("%s broker is now %s (%s)", self->config.role, broker_bstar_state_name (state), reason);
    if (broker_bstar_failed_over (self->bstar)) {
        char failover [160];
        snprintf (failover, sizeof failover, "run %s took over from run %s", self->epoch,
                  *self->peer_epoch ? self->peer_epoch : "unknown");
        broker_event (self, VC_TOPIC_BROKER_FAILOVER, NULL, NULL, self->config.frontend, failover);
    }
    if (state == BSTAR_ACTIVE) {
        self->started = zclock_mono ();     //  Services get their first seconds again
        broker_event (self, VC_TOPIC_BROKER_ACTIVE, NULL, NULL, self->config.frontend, detail);
        broker_bus_release (self);          //  What the peer's bus did not carry
    }
    else
        broker_event (self, VC_TOPIC_BROKER_PASSIVE, NULL, NULL, self->config.frontend, detail);
    s_send_state (self);
    if (state == BSTAR_PASSIVE) {
        //  The peer serves: what this broker holds goes to it
        broker_standby_requests (self);
        broker_workers_standby (self);
    }
}

bool
broker_peer_admit (broker_t *self)
{
    if (!self->bstar)
        return true;
    bool admitted = broker_bstar_event (self->bstar, BSTAR_CLIENT_REQUEST, zclock_mono ());
    s_report (self);
    return admitted;
}

//  Whether a frame is printable text shorter than size
static bool
s_printable (zframe_t *frame, size_t size)
{
    if (zframe_size (frame) >= size)
        return false;
    for (size_t at = 0; at < zframe_size (frame); at++)
        if (zframe_data (frame) [at] < 0x20 || zframe_data (frame) [at] == 0x7f)
            return false;
    return true;
}

//  The peer's event bus, told in ping replies; logged when it changes
static void
s_peer_events (broker_t *self, zframe_t *events)
{
    if (!s_printable (events, sizeof self->peer_events)) {
        vc_warn ("the peer's event bus is not an address: left out");
        return;
    }
    if (zframe_streq (events, self->peer_events))
        return;
    memcpy (self->peer_events, zframe_data (events), zframe_size (events));
    self->peer_events [zframe_size (events)] = 0;
    vc_info ("the peer's event bus is %s", self->peer_events);
    broker_bus_peer_told (self);
}

//  Only the newest of the peer's queued state messages counts: after a
//  stall the older ones are stale (a backup "passive" from before it took
//  over would make a stalled primary active again beside it)
void
broker_peer_recv (broker_t *self)
{
    zmsg_t *msg;
    int newest = -1;
    while ((msg = zmsg_recv_nowait (self->peer_sub))) {
        zframe_t *signature = zmsg_first (msg);
        zframe_t *state = zmsg_next (msg);
        zframe_t *epoch = zmsg_next (msg);
        zframe_t *events = zmsg_next (msg);
        size_t frames = zmsg_size (msg);
        if ((frames == 3 || frames == 4) && zframe_streq (signature, S_SIGNATURE)
        &&  zframe_size (state) == 1 && zframe_size (epoch) < sizeof self->peer_epoch) {
            memcpy (self->peer_epoch, zframe_data (epoch), zframe_size (epoch));
            self->peer_epoch [zframe_size (epoch)] = 0;
            if (events)                 //  A bad one is left out, the state counts
                s_peer_events (self, events);
            newest = zframe_data (state) [0];
        }
        else
            vc_warn ("malformed state message from the peer: dropped");
        zmsg_destroy (&msg);
    }
    if (newest < 0)
        return;
    if (!broker_bstar_event (self->bstar, (bstar_event_t) newest, zclock_mono ()))
        vc_warn ("peer sent an unknown state %d", newest);
    s_report (self);
}

void
broker_peer_monitor (broker_t *self)
{
    zmsg_t *event;
    while ((event = zmsg_recv_nowait (self->peer_monitor))) {
        zmsg_destroy (&event);
        if (broker_bstar_peer_alive (self->bstar, zclock_mono ()))
            vc_info ("the peer's connection closed: it is silent now");
        broker_bstar_peer_gone (self->bstar);
    }
}

void
broker_peer_stalled (broker_t *self, int64_t stalled_ms)
{
    if (!self->bstar || stalled_ms < self->config.heartbeat_ms * 2)
        return;
    vc_warn ("stalled for %" PRId64 " ms: the peer may have taken over; serving nobody "
             "until it is heard", stalled_ms);
    broker_bstar_stalled (self->bstar, zclock_mono ());
    s_report (self);
    //  Their clients may have moved and been answered by the peer: no late
    //  answer (a reply, or the timeout the stall made) goes out from here
    broker_standby_requests (self);
}

void
broker_peer_upkeep (broker_t *self)
{
    if (!self->bstar)
        return;
    int64_t now = zclock_mono ();
    bool alive = broker_bstar_peer_alive (self->bstar, now);
    if (alive != self->peer_heard)
        vc_info (alive ? "the peer (run %s) is heard" : "the peer (run %s) is silent: %s",
                 *self->peer_epoch ? self->peer_epoch : "unknown",
                 broker_bstar_active (self->bstar) ? "serving on" : "taking over if a client asks");
    self->peer_heard = alive;
    broker_bus_upkeep (self);
    if (now - self->peer_sent_at >= self->config.heartbeat_ms)
        s_send_state (self);
}
