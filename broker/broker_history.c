/*  broker_history - a ring of the last events the bus carried, and the
    broker's "history" operation that pages through it.  */
#include "broker_history.h"
#include "vc_check.h"
#include "vc_messages.h"
#include "vc_text.h"

typedef struct {
    uint64_t seq;
    char topic [VC_TOPIC_MAX + 1];
    byte *body;
    size_t size;
} entry_t;

struct _broker_history_t {
    entry_t *ring;
    size_t capacity;
    size_t head;                //  Index of the oldest entry
    size_t count;
    size_t bytes;               //  Body bytes held, at most BROKER_HISTORY_HELD
};

broker_history_t *
broker_history_new (size_t capacity)
{
    broker_history_t *self = (broker_history_t *) zmalloc (sizeof (broker_history_t));
    if (!self)
        return NULL;
    self->capacity = capacity;
    if (capacity && !(self->ring = (entry_t *) calloc (capacity, sizeof (entry_t)))) {
        free (self);
        return NULL;
    }
    return self;
}

void
broker_history_destroy (broker_history_t **self_p)
{
    assert (self_p);
    broker_history_t *self = *self_p;
    if (!self)
        return;
    for (size_t index = 0; index < self->capacity; index++)
        free (self->ring [index].body);
    free (self->ring);
    free (self);
    *self_p = NULL;
}

static void
s_drop_oldest (broker_history_t *self)
{
    entry_t *entry = &self->ring [self->head];
    self->bytes -= entry->size;
    free (entry->body);
    entry->body = NULL;
    self->head = (self->head + 1) % self->capacity;
    self->count--;
}

void
broker_history_add (broker_history_t *self, uint64_t seq, const void *topic, size_t topic_size,
                    const void *body, size_t body_size)
{
    if (!self || !self->capacity || topic_size > VC_TOPIC_MAX)
        return;
    if (body_size > BROKER_HISTORY_BODY_MAX) {
        body = "\x80";         //  Kept as an empty map: the numbers stay whole
        body_size = 1;
    }
    byte *copy = (byte *) malloc (body_size ? body_size : 1);
    if (!copy)
        return;                 //  Out of memory: this event is not kept
    memcpy (copy, body, body_size);
    while (self->count == self->capacity
       || (self->count && self->bytes + body_size > BROKER_HISTORY_HELD))
        s_drop_oldest (self);
    entry_t *entry = &self->ring [(self->head + self->count++) % self->capacity];
    self->bytes += body_size;
    entry->seq = seq;
    memcpy (entry->topic, topic, topic_size);
    entry->topic [topic_size] = 0;
    entry->body = copy;
    entry->size = body_size;
}

static entry_t *
s_entry (broker_history_t *self, size_t offset)
{
    return &self->ring [(self->head + offset) % self->capacity];
}

//  Offset of the first entry after seq (entries are numbered without gaps).
static size_t
s_start (broker_history_t *self, uint64_t after)
{
    if (!self->count)
        return 0;
    uint64_t oldest = s_entry (self, 0)->seq;
    if (after < oldest)
        return 0;
    uint64_t offset = after - oldest + 1;
    return offset > self->count ? self->count : (size_t) offset;
}

int
broker_history_reply (broker_history_t *self, vc_body_t *request, const char *run,
                      uint64_t newest, vc_pack_t *pack, char *err, size_t err_size)
{
    int64_t after = 0, limit = BROKER_HISTORY_PAGE;
    if (vc_broker_history_request_get_after (request, &after) == -1
    ||  vc_broker_history_request_get_limit (request, &limit) == -1) {
        vc_text_copy (err, err_size, vc_body_error (request));
        return -1;
    }
    size_t start = s_start (self, (uint64_t) after);
    size_t items = 0, bytes = 0;
    while (start + items < self->count && items < (size_t) limit) {
        entry_t *entry = s_entry (self, start + items);
        if (bytes + entry->size + 96 > BROKER_HISTORY_BYTES && items)
            break;
        bytes += entry->size + 96;
        items++;
    }
    vc_history_event_t *events = (vc_history_event_t *) calloc (items ? items : 1,
                                                                sizeof (vc_history_event_t));
    if (!events) {
        snprintf (err, err_size, "out of memory");
        return -1;
    }
    for (size_t index = 0; index < items; index++) {
        entry_t *entry = s_entry (self, start + index);
        events [index] = (vc_history_event_t) {
            .seq = (int64_t) entry->seq, .topic = entry->topic,
            .body = entry->body, .body_size = entry->size
        };
    }
    vc_broker_history_reply_t reply = {
        .status = VC_OK, .run = run, .seq = (int64_t) newest,
        .first = self->count ? (int64_t) s_entry (self, 0)->seq : 0,
        .last = items ? (int64_t) s_entry (self, start + items - 1)->seq : after,
        .more = start + items < self->count, .events = events, .events_count = items
    };
    vc_pack_reset (pack);
    vc_broker_history_reply_pack (pack, &reply);
    free (events);
    return 0;
}

//  Reply to {after, limit} decoded back; returns the reply.
static vc_body_t *
s_ask (broker_history_t *self, vc_pack_t *pack, int64_t after, int64_t limit, uint64_t newest)
{
    vc_broker_history_request_t history = {
        .has_after = true, .after = after, .has_limit = true, .limit = limit
    };
    vc_pack_t *request = vc_pack_new ();
    vc_broker_history_request_pack (request, &history);
    char err [128];
    vc_body_t *body = vc_body_decode (vc_pack_data (request), vc_pack_size (request), err, sizeof err);
    VC_CHECK (body);
    vc_body_t *reply = NULL;
    if (broker_history_reply (self, body, "run1", newest, pack, err, sizeof err) == 0)
        reply = vc_body_decode (vc_pack_data (pack), vc_pack_size (pack), err, sizeof err);
    vc_body_destroy (&body);
    vc_pack_destroy (&request);
    return reply;
}

static int64_t
s_int (vc_body_t *reply, const char *key)
{
    int64_t value = -1;
    VC_CHECK (vc_body_int (reply, key, INT64_MIN, INT64_MAX, &value) == 0);
    return value;
}

void
broker_history_test (bool verbose)
{
    if (verbose)
        printf (" * broker_history: ");
    broker_history_t *self = broker_history_new (5);
    VC_CHECK (self);
    vc_pack_t *pack = vc_pack_new ();
    vc_body_t *reply = s_ask (self, pack, 0, 10, 0);       //  Empty
    VC_CHECK (reply && s_int (reply, "first") == 0 && s_int (reply, "last") == 0);
    vc_body_destroy (&reply);
    for (uint64_t seq = 1; seq <= 8; seq++)
        broker_history_add (self, seq, "a.b", 3, "\x80", 1);
    //  Only the last 5 are kept: 4..8
    reply = s_ask (self, pack, 0, 2, 8);
    VC_CHECK (reply && s_int (reply, "first") == 4 && s_int (reply, "last") == 5);
    bool more = false;
    VC_CHECK (vc_body_bool (reply, "more", &more) == 0 && more);
    vc_body_destroy (&reply);
    reply = s_ask (self, pack, 5, 10, 8);
    VC_CHECK (reply && s_int (reply, "last") == 8 && s_int (reply, "seq") == 8);
    VC_CHECK (vc_body_bool (reply, "more", &more) == 0 && !more);
    VC_CHECK (vc_body_get (reply, "events")->via.array.size == 3);
    vc_body_destroy (&reply);
    reply = s_ask (self, pack, 8, 10, 8);                   //  Up to date
    VC_CHECK (reply && s_int (reply, "last") == 8);
    VC_CHECK (vc_body_get (reply, "events")->via.array.size == 0);
    vc_body_destroy (&reply);
    reply = s_ask (self, pack, 0, 0, 8);                    //  Bad limit
    VC_CHECK (!reply);
    broker_history_destroy (&self);
    VC_CHECK (!self);

    //  Big bodies: the oldest go when the bytes held would pass the bound
    self = broker_history_new (1000);
    size_t big = BROKER_HISTORY_BODY_MAX;
    byte *body = (byte *) calloc (1, big);
    VC_CHECK (self && body);
    body [0] = 0x80;
    size_t fit = BROKER_HISTORY_HELD / BROKER_HISTORY_BODY_MAX;
    for (uint64_t seq = 1; seq <= fit + 2; seq++)
        broker_history_add (self, seq, "a.b", 3, body, big);
    reply = s_ask (self, pack, fit + 2, 10, fit + 2);
    VC_CHECK (reply && s_int (reply, "first") == 3);
    vc_body_destroy (&reply);
    //  A body over the bound is kept as an empty map
    broker_history_add (self, fit + 3, "a.b", 3, body, big + 1);
    reply = s_ask (self, pack, fit + 2, 10, fit + 3);
    VC_CHECK (reply && vc_body_get (reply, "events")->via.array.size == 1);
    vc_body_destroy (&reply);
    free (body);
    broker_history_destroy (&self);
    vc_pack_destroy (&pack);
    if (verbose)
        printf ("OK\n");
}
