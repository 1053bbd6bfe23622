/*  broker_bus - the event bus: forwards what services publish on the XSUB
    side to subscribers on the XPUB side, stamping each event with a global
    sequence number and the broker run's epoch so viewers can show events
    strictly in order, across restarts too; forwards
    subscriptions upstream; publishes the broker's own events.
    A broker of a pair forwards what services publish only while it is
    active: otherwise it holds each event until the peer's bus (which it
    subscribes to) carries it, and publishes what it still holds when it
    goes active (broker_pending; docs/protocol.md, "Two brokers"), but for
    what came before it followed the peer's bus (a handshake there after
    it connected): the peer may have published that unseen.  */
#include "broker.h"
#include "broker_bstar.h"
#include "vc_endpoint.h"
#include "vc_text.h"

#define BUS_BURST 256
//  Held events at most with no history, and their bytes at most
#define BUS_PENDING_MAX 10000
#define BUS_PENDING_BYTES (32 * 1024 * 1024)
//  How long an event is held while the peer is silent
#define BUS_HELD_SILENT_MS 60000
//  The peer's bus not followed this long after connecting: said once
#define BUS_FOLLOW_WARN_MS 10000

static void
s_send_event (broker_t *self, zframe_t **topic_p, zframe_t **body_p)
{
    char seq [24];
    snprintf (seq, sizeof seq, "%" PRIu64, ++self->event_seq);
    broker_history_add (self->history, self->event_seq, zframe_data (*topic_p),
                        zframe_size (*topic_p), zframe_data (*body_p), zframe_size (*body_p));
    zmsg_t *zmsg = zmsg_new ();
    zmsg_append (zmsg, topic_p);
    zmsg_addstr (zmsg, seq);
    zmsg_append (zmsg, body_p);
    zmsg_addstr (zmsg, self->epoch);
    zmsg_send (&zmsg, self->events_out);
    zmsg_destroy (&zmsg);
}

//  Topics only the broker itself emits: a publisher may not forge them
//  (the auth service ends sessions on client.bye and client.lost).
static bool
s_topic_reserved (zframe_t *topic)
{
    static const char *prefixes [] = { "broker.", "client.", "service." };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes [0]; i++) {
        size_t length = strlen (prefixes [i]);
        if (zframe_size (topic) >= length && memcmp (zframe_data (topic), prefixes [i], length) == 0)
            return true;
    }
    return false;
}

//  A published event must be [topic][msgpack map] with a topic that is not
//  the broker's own; anything else is dropped.
static bool
s_event_valid (zmsg_t *zmsg)
{
    if (zmsg_size (zmsg) != 2)
        return false;
    zframe_t *topic = zmsg_first (zmsg);
    zframe_t *body = zmsg_next (zmsg);
    if (zframe_size (topic) == 0 || zframe_size (topic) > VC_TOPIC_MAX)
        return false;
    for (size_t i = 0; i < zframe_size (topic); i++)
        if (zframe_data (topic) [i] <= ' ' || zframe_data (topic) [i] >= 127)
            return false;
    if (s_topic_reserved (topic)) {
        vc_warn ("event '%.*s' from a publisher dropped: only the broker emits that topic",
                 (int) zframe_size (topic), (char *) zframe_data (topic));
        return false;
    }
    char err [64];
    return vc_body_check (zframe_data (body), zframe_size (body), VC_DEPTH_MAX, err, sizeof err) == 0
        && (zframe_data (body) [0] & 0xf0) == 0x80;
}

//  Not active: held until the peer's bus carries it
static void
s_hold (broker_t *self, zframe_t **topic_p, zframe_t **body_p)
{
    uint64_t overflowed = broker_pending_overflowed (self->pending);
    bool blind = self->peer_bus_since <= self->peer_bus_connected;
    if (broker_pending_hold (self->pending, topic_p, body_p, zclock_mono (), blind) < 0)
        vc_warn ("an event held while not active is lost: out of memory");
    if (broker_pending_overflowed (self->pending) / 1000 != overflowed / 1000
    ||  (overflowed == 0 && broker_pending_overflowed (self->pending) > 0))
        vc_warn ("%" PRIu64 " events held while not active dropped so far: over the limit",
                 broker_pending_overflowed (self->pending));
}

//  Reads without polling first: a read that finds the socket empty costs
//  what asking it for its events would, and a read that finds a message
//  costs no system call
bool
broker_bus_forward (broker_t *self)
{
    for (int burst = 0; burst < BUS_BURST; burst++) {
        zmsg_t *zmsg = zmsg_recv_nowait (self->events_in);
        if (!zmsg)
            return true;
        if (s_event_valid (zmsg)) {
            zframe_t *topic = zmsg_pop (zmsg);
            zframe_t *body = zmsg_pop (zmsg);
            if (broker_bstar_serving (self->bstar))
                s_send_event (self, &topic, &body);
            else
                s_hold (self, &topic, &body);
        }
        else
            vc_debug ("malformed event dropped");
        zmsg_destroy (&zmsg);
    }
    return false;
}

void
broker_bus_subscription (broker_t *self)
{
    zmsg_t *zmsg = zmsg_recv (self->events_out);
    if (zmsg)
        zmsg_send (&zmsg, self->events_in);
    zmsg_destroy (&zmsg);
}

void
broker_event (broker_t *self, const char *topic, const char *client,
              const char *username, const char *address, const char *detail)
{
    vc_event_pack (self->pack, "broker", client, username, address, detail);
    zframe_t *topic_frame = zframe_new (topic, strlen (topic));
    zframe_t *body = vc_pack_frame (self->pack);
    s_send_event (self, &topic_frame, &body);
}

int
broker_bus_pair_start (broker_t *self)
{
    size_t max = self->config.history_max > 0 ? (size_t) self->config.history_max : BUS_PENDING_MAX;
    self->pending = broker_pending_new (max, BUS_PENDING_BYTES);
    self->peer_bus = self->pending ? zsock_new (ZMQ_SUB) : NULL;
    if (!self->peer_bus) {
        vc_error ("cannot start the broker: out of memory");
        return -1;
    }
    zsock_set_linger (self->peer_bus, 0);
    zsock_set_rcvhwm (self->peer_bus, 100000);
    zsock_set_maxmsgsize (self->peer_bus, VC_MESSAGE_MAX);
    zsock_set_reconnect_ivl (self->peer_bus, 100);
    zsock_set_reconnect_ivl_max (self->peer_bus, 500);
    zsock_set_subscribe (self->peer_bus, "");
    char address [64];
    vc_endpoint_inproc ("vc-broker-peer-bus-monitor", address, sizeof address);
    if (zmq_socket_monitor (zsock_resolve (self->peer_bus), address,
                            ZMQ_EVENT_HANDSHAKE_SUCCEEDED) == 0) {
        self->peer_bus_monitor = zsock_new (ZMQ_PAIR);
        if (self->peer_bus_monitor && zsock_connect (self->peer_bus_monitor, "%s", address))
            zsock_destroy (&self->peer_bus_monitor);
    }
    if (!self->peer_bus_monitor) {
        vc_error ("cannot watch the link to the peer's event bus");
        return -1;
    }
    return 0;
}

void
broker_bus_pair_stop (broker_t *self)
{
    if (self->peer_bus && self->peer_bus_monitor)
        zmq_socket_monitor (zsock_resolve (self->peer_bus), NULL, 0);
    zsock_destroy (&self->peer_bus_monitor);
    zsock_destroy (&self->peer_bus);
    broker_pending_destroy (&self->pending);
}

void
broker_bus_peer_told (broker_t *self)
{
    if (!self->peer_bus)
        return;
    //  A wildcard host: the peer's host, as --peer names it
    char endpoint [sizeof self->peer_bus_at];
    if (strncmp (self->peer_events, "tcp://", 6) != 0)
        vc_text_copy (endpoint, sizeof endpoint, self->peer_events);
    else
    if (vc_endpoint_events (self->peer_events, self->config.peer, endpoint, sizeof endpoint)) {
        vc_warn ("the peer's event bus %s cannot be reached: not followed", self->peer_events);
        return;
    }
    if (streq (endpoint, self->peer_bus_at))
        return;
    if (*self->peer_bus_at)
        zsock_disconnect (self->peer_bus, "%s", self->peer_bus_at);
    self->peer_bus_at [0] = 0;
    if (zsock_connect (self->peer_bus, "%s", endpoint)) {
        vc_warn ("cannot follow the peer's event bus at %s", endpoint);
        return;
    }
    vc_text_copy (self->peer_bus_at, sizeof self->peer_bus_at, endpoint);
    self->peer_bus_connected = zclock_mono ();
    self->peer_bus_warned = false;
    vc_info ("following the peer's event bus at %s: while this broker is not active, "
             "events it carries are not published here", endpoint);
}

void
broker_bus_peer (broker_t *self)
{
    for (int burst = 0; burst < BUS_BURST; burst++) {
        zmsg_t *zmsg = zmsg_recv_nowait (self->peer_bus);
        if (!zmsg)
            break;
        //  [topic][seq][body][run]: the peer's own events are not ours to hold
        zframe_t *topic = zmsg_first (zmsg);
        zmsg_next (zmsg);
        zframe_t *body = zmsg_next (zmsg);
        if (!broker_bstar_serving (self->bstar) && body && !s_topic_reserved (topic)
        &&  broker_pending_seen (self->pending, zframe_data (topic), zframe_size (topic),
                                 zframe_data (body), zframe_size (body), zclock_mono ()) < 0)
            vc_warn ("an event of the peer's bus is not noted: out of memory");
        zmsg_destroy (&zmsg);
    }
}

void
broker_bus_release (broker_t *self)
{
    if (!self->pending)
        return;
    size_t count = 0, blinds = 0;
    zframe_t *topic, *body;
    bool blind;
    while (broker_pending_take (self->pending, &topic, &body, &blind)) {
        if (blind) {
            zframe_destroy (&topic);
            zframe_destroy (&body);
            blinds++;
            continue;
        }
        s_send_event (self, &topic, &body);
        count++;
    }
    broker_pending_clear (self->pending);
    if (count)
        vc_info ("published %zu events held while not active (the peer's bus did not carry them)",
                 count);
    if (blinds)
        vc_warn ("%zu events held before this broker followed the peer's bus not published: "
                 "the peer may have", blinds);
}

//  Handshakes on the link to the peer's bus: followed from then on
static void
s_peer_bus_monitor (broker_t *self, int64_t now)
{
    zmsg_t *event;
    while ((event = zmsg_recv_nowait (self->peer_bus_monitor))) {
        zmsg_destroy (&event);
        if (self->peer_bus_since <= self->peer_bus_connected)
            vc_info ("the peer's event bus is followed");
        self->peer_bus_since = now;
    }
    if (*self->peer_bus_at && self->peer_bus_since <= self->peer_bus_connected
    &&  now - self->peer_bus_connected > BUS_FOLLOW_WARN_MS && !self->peer_bus_warned) {
        self->peer_bus_warned = true;
        vc_warn ("the peer's event bus at %s does not answer: events this broker holds while "
                 "not active cannot be matched and are not published when it takes over "
                 "(is the port open between the brokers?)", self->peer_bus_at);
    }
}

void
broker_bus_upkeep (broker_t *self)
{
    if (!self->pending)
        return;
    //  While the peer is heard its bus shows an event within milliseconds:
    //  one it has not shown after two peer timeouts was not for it to show
    int64_t now = zclock_mono ();
    s_peer_bus_monitor (self, now);
    int64_t timeout = self->config.heartbeat_ms * 2;
    bool heard = broker_bstar_peer_alive (self->bstar, now);
    size_t gone = broker_pending_expire (self->pending, now,
                                         heard ? 2 * timeout : BUS_HELD_SILENT_MS, timeout);
    if (gone)
        vc_debug ("%zu events held while not active forgotten: %s", gone,
                  heard ? "the peer is heard and its bus did not carry them" : "held too long");
}
