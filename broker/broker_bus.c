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

//  The sequence number in decimal (no formatting); its length
static size_t
s_decimal (uint64_t value, char *out)
{
    char digits [20];
    size_t size = 0;
    do
        digits [size++] = (char) ('0' + value % 10);
    while ((value /= 10));
    for (size_t i = 0; i < size; i++)
        out [i] = digits [size - 1 - i];
    return size;
}

//  [topic][seq][body][run] out on the XPUB side: topic and body are moved
//  (no copy; closed here), the sequence number and the run are small
//  frames libzmq keeps inline
static void
s_publish (broker_t *self, zmq_msg_t *topic, zmq_msg_t *body)
{
    self->event_seq++;
    broker_history_add (self->history, self->event_seq, zmq_msg_data (topic), zmq_msg_size (topic),
                        zmq_msg_data (body), zmq_msg_size (body));
    char seq [20];
    size_t seq_size = s_decimal (self->event_seq, seq);
    if (zmq_msg_send (topic, self->events_out, ZMQ_SNDMORE) == -1
    ||  zmq_send (self->events_out, seq, seq_size, ZMQ_SNDMORE) == -1
    ||  zmq_msg_send (body, self->events_out, ZMQ_SNDMORE) == -1
    ||  zmq_send (self->events_out, self->epoch, strlen (self->epoch), 0) == -1)
        vc_debug ("event %" PRIu64 " not published: %s", self->event_seq, zmq_strerror (zmq_errno ()));
    zmq_msg_close (topic);
    zmq_msg_close (body);
}

//  The same from frames (the broker's own events, those held)
static void
s_send_event (broker_t *self, zframe_t **topic_p, zframe_t **body_p)
{
    zmq_msg_t topic, body;
    if (zmq_msg_init_size (&topic, zframe_size (*topic_p)) == 0) {
        if (zmq_msg_init_size (&body, zframe_size (*body_p)) == 0) {
            memcpy (zmq_msg_data (&topic), zframe_data (*topic_p), zframe_size (*topic_p));
            memcpy (zmq_msg_data (&body), zframe_data (*body_p), zframe_size (*body_p));
            s_publish (self, &topic, &body);
        }
        else
            zmq_msg_close (&topic);
    }
    zframe_destroy (topic_p);
    zframe_destroy (body_p);
}

//  Topics only the broker itself emits: a publisher may not forge them
//  (the auth service ends sessions on client.bye and client.lost).
static bool
s_topic_reserved (const byte *topic, size_t size)
{
    static const char *prefixes [] = { VC_TOPICS_BROKER, VC_TOPICS_CLIENT, VC_TOPICS_SERVICE };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes [0]; i++) {
        size_t length = strlen (prefixes [i]);
        if (size >= length && memcmp (topic, prefixes [i], length) == 0)
            return true;
    }
    return false;
}

//  A published event must be [topic][msgpack map] with a topic that is not
//  the broker's own; anything else is dropped.
static bool
s_event_valid (zmq_msg_t *topic_msg, zmq_msg_t *body_msg)
{
    const byte *topic = (const byte *) zmq_msg_data (topic_msg);
    size_t size = zmq_msg_size (topic_msg);
    if (size == 0 || size > VC_TOPIC_MAX)
        return false;
    for (size_t i = 0; i < size; i++)
        if (topic [i] <= ' ' || topic [i] >= 127)
            return false;
    if (s_topic_reserved (topic, size)) {
        vc_warn ("event '%.*s' from a publisher dropped: only the broker emits that topic",
                 (int) size, (const char *) topic);
        return false;
    }
    const byte *body = (const byte *) zmq_msg_data (body_msg);
    char err [64];
    return vc_body_check (body, zmq_msg_size (body_msg), VC_DEPTH_MAX, err, sizeof err) == 0
        && (body [0] & 0xf0) == 0x80;
}

//  Not active: held until the peer's bus carries it
static void
s_hold (broker_t *self, zmq_msg_t *topic_msg, zmq_msg_t *body_msg)
{
    zframe_t *topic = zframe_new (zmq_msg_data (topic_msg), zmq_msg_size (topic_msg));
    zframe_t *body = zframe_new (zmq_msg_data (body_msg), zmq_msg_size (body_msg));
    uint64_t overflowed = broker_pending_overflowed (self->pending);
    bool blind = !self->peer_bus_followed;
    if (!topic || !body
    ||  broker_pending_hold (self->pending, &topic, &body, zclock_mono (), blind) < 0)
        vc_warn ("an event held while not active is lost: out of memory");
    zframe_destroy (&topic);
    zframe_destroy (&body);
    if (broker_pending_overflowed (self->pending) / 1000 != overflowed / 1000
    ||  (overflowed == 0 && broker_pending_overflowed (self->pending) > 0))
        vc_warn ("%" PRIu64 " events held while not active dropped so far: over the limit",
                 broker_pending_overflowed (self->pending));
    zmq_msg_close (topic_msg);
    zmq_msg_close (body_msg);
}

//  One message from a publisher as [topic][body] (zmq_msg_t: no allocation
//  for a small frame, none made per frame); 0 when there is one (*valid
//  says if it has that shape and is valid), -1 when none is waiting.
static int
s_recv_event (void *socket, zmq_msg_t *topic, zmq_msg_t *body, bool *valid)
{
    zmq_msg_init (topic);
    zmq_msg_init (body);
    if (zmq_msg_recv (topic, socket, ZMQ_DONTWAIT) == -1) {
        zmq_msg_close (topic);
        zmq_msg_close (body);
        return -1;
    }
    int frames = 1;
    zmq_msg_t *last = topic;
    if (zmq_msg_more (topic) && zmq_msg_recv (body, socket, 0) != -1) {
        frames = 2;
        last = body;
    }
    //  Whatever follows is dropped with it
    zmq_msg_t rest;
    zmq_msg_init (&rest);
    while (zmq_msg_more (last) && zmq_msg_recv (&rest, socket, 0) != -1) {
        frames = 3;
        last = &rest;
    }
    zmq_msg_close (&rest);
    *valid = frames == 2 && s_event_valid (topic, body);
    return 0;
}

//  Reads without polling first: a read that finds the socket empty costs
//  what asking it for its events would, and a read that finds a message
//  costs no system call
bool
broker_bus_forward (broker_t *self)
{
    for (int burst = 0; burst < BUS_BURST; burst++) {
        zmq_msg_t topic, body;
        bool valid;
        if (s_recv_event (self->events_in, &topic, &body, &valid))
            return true;
        if (!valid) {
            vc_debug ("malformed event dropped");
            zmq_msg_close (&topic);
            zmq_msg_close (&body);
        }
        else
        if (broker_bstar_serving (self->bstar))
            s_publish (self, &topic, &body);
        else
            s_hold (self, &topic, &body);
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
    self->peer_bus_followed = false;
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
        if (!broker_bstar_serving (self->bstar) && body
        &&  !s_topic_reserved (zframe_data (topic), zframe_size (topic))
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
        //  A flag, not the time: a handshake seen within the millisecond
        //  of the connect left a time equal to it, read as never followed
        if (!self->peer_bus_followed)
            vc_info ("the peer's event bus is followed");
        self->peer_bus_followed = true;
    }
    if (*self->peer_bus_at && !self->peer_bus_followed
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
