/*  broker_bus - the event bus: forwards what services publish on the XSUB
    side to subscribers on the XPUB side, stamping each event with a global
    sequence number and the broker run's epoch so viewers can show events
    strictly in order, across restarts too; forwards
    subscriptions upstream; publishes the broker's own events.  */
#include "broker.h"

#define BUS_BURST 256

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

void
broker_bus_forward (broker_t *self)
{
    for (int burst = 0; burst < BUS_BURST; burst++) {
        zmq_pollitem_t item = { self->events_in, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 0) <= 0)
            break;
        zmsg_t *zmsg = zmsg_recv (self->events_in);
        if (!zmsg)
            break;
        if (s_event_valid (zmsg)) {
            zframe_t *topic = zmsg_pop (zmsg);
            zframe_t *body = zmsg_pop (zmsg);
            s_send_event (self, &topic, &body);
        }
        else
            vc_debug ("malformed event dropped");
        zmsg_destroy (&zmsg);
    }
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
