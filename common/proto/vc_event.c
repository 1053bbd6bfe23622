/*  vc_event - publishing events to the bus and reading them back.  */
#include "vc_event.h"
#include "vc_messages.h"
#include "vc_said.h"

#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"
#include "vc_text.h"

struct _vc_publisher_t {
    zsock_t *pub;
    vc_pack_t *pack;
    char source [33];
};

int64_t
vc_time_ms (void)
{
    struct timeval tv;
    gettimeofday (&tv, NULL);
    return (int64_t) tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

vc_publisher_t *
vc_publisher_new (const char *endpoint, const char *source)
{
    zsock_t *pub = zsock_new (ZMQ_PUB);
    if (!pub)
        return NULL;
    zsock_set_sndhwm (pub, 100000);
    zsock_set_linger (pub, 500);
    //  A comma-separated list (the brokers of a pair): connected to each
    if (zsock_attach (pub, endpoint, false)) {
        zsock_destroy (&pub);
        return NULL;
    }
    vc_publisher_t *self = (vc_publisher_t *) calloc (1, sizeof (vc_publisher_t));
    vc_pack_t *pack = vc_pack_new ();
    if (!self || !pack) {
        zsock_destroy (&pub);
        vc_pack_destroy (&pack);
        free (self);
        return NULL;
    }
    self->pub = pub;
    self->pack = pack;
    vc_text_copy (self->source, sizeof self->source, source);
    return self;
}

void
vc_publisher_destroy (vc_publisher_t **self_p)
{
    vc_publisher_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy (&self->pub);
    vc_pack_destroy (&self->pack);
    free (self);
    *self_p = NULL;
}

void
vc_event_pack_said (vc_pack_t *pack, const char *source, const char *client,
                    const char *username, const char *address, const char *detail,
                    const char *msgid, const char **args, size_t args_count)
{
    vc_event_body_t body = {
        .ts = vc_time_ms (), .source = source, .client = client, .username = username,
        .address = address, .detail = detail,
        .has_msgid = msgid != NULL, .msgid = msgid,
        .has_args = msgid != NULL, .args = args, .args_count = args_count
    };
    vc_pack_reset (pack);
    vc_event_body_pack (pack, &body);
}

void
vc_event_pack (vc_pack_t *pack, const char *source, const char *client,
               const char *username, const char *address, const char *detail)
{
    vc_event_pack_said (pack, source, client, username, address, detail, NULL, NULL, 0);
}

//  The topic and the packed body, two frames sent straight from their
//  bytes: no CZMQ message or frame objects (one event per lookup)
static int
s_send (vc_publisher_t *self, const char *topic)
{
    if (vc_pack_failed (self->pack))
        return -1;                  //  Out of memory: the event is not sent
    void *pub = zsock_resolve (self->pub);
    if (zmq_send (pub, topic, strlen (topic), ZMQ_SNDMORE) < 0)
        return -1;
    return zmq_send (pub, vc_pack_data (self->pack), vc_pack_size (self->pack), 0) < 0 ? -1 : 0;
}

int
vc_publish (vc_publisher_t *self, const char *topic, const char *client,
            const char *username, const char *address, const char *detail)
{
    vc_event_pack (self->pack, self->source, client, username, address, detail);
    return s_send (self, topic);
}

int
vc_publish_said (vc_publisher_t *self, const char *topic, const char *client,
                 const char *username, const char *address, const char *detail,
                 const vc_said_t *said)
{
    const char *args [VC_SAID_MAX_ARGS];
    size_t count = vc_said_args (said, args);
    vc_event_pack_said (self->pack, self->source, client, username, address,
                        detail ? detail : said->message, vc_said_msgid (said), args, count);
    return s_send (self, topic);
}

size_t
vc_event_args (const vc_event_t *event, const char **args)
{
    return vc_said_split (event->values, event->args_count, args);
}

//  The detail's message id and values, if the body has them and they fit
static void
s_said (vc_body_t *body, vc_event_t *event)
{
    vc_event_body_t decoded;
    if (vc_event_body_decode (body, &decoded) || !decoded.has_msgid || !decoded.has_args
    ||  strlen (decoded.msgid) >= sizeof event->msgid || decoded.args_count > VC_SAID_MAX_ARGS)
        return;
    size_t used = 0;
    for (size_t i = 0; i < decoded.args_count; i++) {
        size_t length = strlen (decoded.args [i]) + 1;
        if (used + length > sizeof event->values)
            return;
        memcpy (event->values + used, decoded.args [i], length);
        used += length;
    }
    vc_text_copy (event->msgid, sizeof event->msgid, decoded.msgid);
    event->args_count = decoded.args_count;
}

zsock_t *
vc_event_subscriber_new (const char *endpoint, const char *topics)
{
    zsock_t *sub = zsock_new (ZMQ_SUB);
    if (!sub)
        return NULL;
    zsock_set_rcvhwm (sub, 100000);
    zsock_set_maxmsgsize (sub, VC_MESSAGE_MAX);
    if (zsock_attach (sub, endpoint, false)) {
        zsock_destroy (&sub);
        return NULL;
    }
    char *list = strdup (topics ? topics : "");
    if (!list) {
        zsock_destroy (&sub);
        return NULL;
    }
    char *save = NULL;
    char *topic = strtok_r (list, ",", &save);
    if (!topic)
        zsock_set_subscribe (sub, "");
    for (; topic; topic = strtok_r (NULL, ",", &save))
        zsock_set_subscribe (sub, topic);
    free (list);
    return sub;
}

//  One text field of the body, read alone with its generated reader
//  (whose limit, the model's, is out_size - 1): "" when absent or wrong.
typedef int (s_getter_fn) (vc_body_t *body, const char **value);

static void
s_field (vc_body_t *body, s_getter_fn *getter, char *out, size_t out_size)
{
    const char *value = NULL;
    out [0] = 0;
    if (getter (body, &value) == 0)
        vc_text_copy (out, out_size, value);
}

//  A frame of printable ASCII that fits out (with its NUL); 0 or -1.
static int
s_printable (zframe_t *frame, char *out, size_t out_size)
{
    size_t size = zframe_size (frame);
    if (size >= out_size)
        return -1;
    for (size_t i = 0; i < size; i++)
        if (zframe_data (frame) [i] <= ' ' || zframe_data (frame) [i] >= 127)
            return -1;
    memcpy (out, zframe_data (frame), size);
    out [size] = 0;
    return 0;
}

int
vc_event_decode (zmsg_t **zmsg_p, vc_event_t *event)
{
    zmsg_t *zmsg = *zmsg_p;
    *zmsg_p = NULL;
    memset (event, 0, sizeof *event);
    int rc = -1;
    if (zmsg && (zmsg_size (zmsg) == 3 || zmsg_size (zmsg) == 4)) {
        zframe_t *topic = zmsg_first (zmsg);
        zframe_t *seq = zmsg_next (zmsg);
        zframe_t *body_frame = zmsg_next (zmsg);
        zframe_t *run = zmsg_next (zmsg);
        char seq_text [24] = "";
        if (zframe_size (topic) < sizeof event->topic && zframe_size (seq) < sizeof seq_text
        &&  (!run || s_printable (run, event->run, sizeof event->run) == 0)) {
            memcpy (event->topic, zframe_data (topic), zframe_size (topic));
            memcpy (seq_text, zframe_data (seq), zframe_size (seq));
            event->seq = strtoull (seq_text, NULL, 10);
            char err [128];
            vc_body_t *body = vc_body_decode_frame (body_frame, err, sizeof err);
            if (body) {
                //  Each field taken if readable: an event is not refused
                int64_t ts = 0;
                if (vc_event_body_get_ts (body, &ts) == 0 && ts >= 0)
                    event->ts = ts;
                s_field (body, vc_event_body_get_source, event->source, sizeof event->source);
                s_field (body, vc_event_body_get_client, event->client, sizeof event->client);
                s_field (body, vc_event_body_get_username, event->username, sizeof event->username);
                s_field (body, vc_event_body_get_address, event->address, sizeof event->address);
                s_field (body, vc_event_body_get_detail, event->detail, sizeof event->detail);
                s_said (body, event);
                vc_body_destroy (&body);
                rc = 0;
            }
        }
    }
    zmsg_destroy (&zmsg);
    return rc;
}

int
vc_event_recv (zsock_t *subscriber, vc_event_t *event)
{
    zmsg_t *zmsg = zmsg_recv (subscriber);
    if (!zmsg)
        return -1;
    return vc_event_decode (&zmsg, event);
}


//  --------------------------------------------------------------------------
//  Self-test of the event codec: what the broker forwards decodes with its
//  sequence number and run; malformed events are refused and leave every
//  text field terminated.

//  [topic][seq][body] and, when run is given, [run]
static zmsg_t *
s_event (const char *topic, const char *seq, const char *run)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_event_pack (pack, "auth", "00aa", "alice", "127.0.0.1", "signed in");
    zmsg_t *zmsg = zmsg_new ();
    zmsg_addstr (zmsg, topic);
    zmsg_addstr (zmsg, seq);
    zmsg_addmem (zmsg, vc_pack_data (pack), vc_pack_size (pack));
    if (run)
        zmsg_addstr (zmsg, run);
    vc_pack_destroy (&pack);
    return zmsg;
}

static int
s_decode (zmsg_t *zmsg, vc_event_t *event)
{
    int rc = vc_event_decode (&zmsg, event);
    VC_CHECK (zmsg == NULL);
    return rc;
}

void
vc_event_test (bool verbose)
{
    vc_event_t event;
    VC_CHECK (s_decode (s_event (VC_TOPIC_AUTH_LOGIN, "42", "0123456789abcdef"), &event) == 0);
    VC_CHECK (event.seq == 42 && streq (event.topic, VC_TOPIC_AUTH_LOGIN) && streq (event.run, "0123456789abcdef"));
    VC_CHECK (streq (event.username, "alice") && streq (event.detail, "signed in") && event.ts > 0);
    //  Without a run (older brokers): accepted, run empty
    VC_CHECK (s_decode (s_event (VC_TOPIC_AUTH_LOGIN, "7", NULL), &event) == 0);
    VC_CHECK (event.seq == 7 && *event.run == 0);
    //  A run that is too long or not printable is refused
    VC_CHECK (s_decode (s_event (VC_TOPIC_AUTH_LOGIN, "7", "0123456789abcdef0"), &event) == -1);
    VC_CHECK (s_decode (s_event (VC_TOPIC_AUTH_LOGIN, "7", "run id"), &event) == -1);
    VC_CHECK (*event.run == 0 && *event.topic == 0);
    //  Wrong frame counts, a body that is not msgpack
    zmsg_t *extra = s_event ("a", "1", "r");
    zmsg_addstr (extra, "extra");
    VC_CHECK (s_decode (extra, &event) == -1);
    zmsg_t *short_msg = zmsg_new ();
    zmsg_addstr (short_msg, "a");
    zmsg_addstr (short_msg, "1");
    VC_CHECK (s_decode (short_msg, &event) == -1);
    zmsg_t *garbage = zmsg_new ();
    zmsg_addstr (garbage, "a");
    zmsg_addstr (garbage, "1");
    zmsg_addmem (garbage, "\xc1", 1);
    VC_CHECK (s_decode (garbage, &event) == -1);
    VC_CHECK (s_decode (NULL, &event) == -1);
    //  An event with its detail's message id and values; one without has none
    vc_pack_t *pack = vc_pack_new ();
    const char *args [] = { "snapshot", "12" };
    vc_event_pack_said (pack, "scraper", "", "", "", "snapshot: more than 12 rows", "%s: more than %d rows",
                        args, 2);
    zmsg_t *said = zmsg_new ();
    zmsg_addstr (said, VC_TOPIC_SCRAPE_FAILED);
    zmsg_addstr (said, "9");
    zmsg_addmem (said, vc_pack_data (pack), vc_pack_size (pack));
    vc_pack_destroy (&pack);
    VC_CHECK (s_decode (said, &event) == 0 && streq (event.msgid, "%s: more than %d rows"));
    const char *got [VC_SAID_MAX_ARGS];
    VC_CHECK (vc_event_args (&event, got) == 2 && streq (got [0], "snapshot") && streq (got [1], "12"));
    VC_CHECK (s_decode (s_event (VC_TOPIC_AUTH_LOGIN, "7", NULL), &event) == 0 && !*event.msgid);
    VC_CHECK (vc_event_args (&event, got) == 0);
    if (verbose)
        printf ("vc_event_test: OK\n");
}
