/*  broker_pending - the service events a passive broker of a pair holds
    until its active peer's bus carries them (see broker_pending.h). Two
    lists in arrival order: the events held, and the peer's copies that
    came before the event itself. Both stay short while the peer serves
    (each event is matched within milliseconds), so a match is a scan.  */
#include "broker_pending.h"
#include "vc_check.h"

typedef struct {
    int64_t at;                 //  When it came (the caller's clock)
    bool blind;                 //  While the peer's bus was not followed
    zframe_t *topic;
    zframe_t *body;
} s_entry_t;

typedef struct {
    zlistx_t *list;             //  s_entry_t, oldest first
    size_t bytes;               //  Their topics and bodies
} s_list_t;

struct _broker_pending_t {
    s_list_t held;              //  Events not on the peer's bus yet
    s_list_t copies;            //  The peer's, before the event
    size_t max, max_bytes;
    uint64_t overflowed;
};

static void
s_entry_destroy (void **item)
{
    s_entry_t *entry = (s_entry_t *) *item;
    if (!entry)
        return;
    zframe_destroy (&entry->topic);
    zframe_destroy (&entry->body);
    free (entry);
    *item = NULL;
}

broker_pending_t *
broker_pending_new (size_t max, size_t max_bytes)
{
    broker_pending_t *self = (broker_pending_t *) zmalloc (sizeof (broker_pending_t));
    if (!self)
        return NULL;
    self->max = max > 0 ? max : 1;
    self->max_bytes = max_bytes;
    self->held.list = zlistx_new ();
    self->copies.list = zlistx_new ();
    if (!self->held.list || !self->copies.list) {
        broker_pending_destroy (&self);
        return NULL;
    }
    zlistx_set_destructor (self->held.list, s_entry_destroy);
    zlistx_set_destructor (self->copies.list, s_entry_destroy);
    return self;
}

void
broker_pending_destroy (broker_pending_t **self_p)
{
    broker_pending_t *self = *self_p;
    if (!self)
        return;
    zlistx_destroy (&self->held.list);
    zlistx_destroy (&self->copies.list);
    free (self);
    *self_p = NULL;
}

static size_t
s_size (s_entry_t *entry)
{
    return zframe_size (entry->topic) + zframe_size (entry->body);
}

//  Delete the entry at the list's cursor (or its first entry)
static void
s_delete (s_list_t *self, bool first)
{
    s_entry_t *entry = (s_entry_t *) (first ? zlistx_first (self->list) : zlistx_item (self->list));
    if (!entry)
        return;
    self->bytes -= s_size (entry);
    zlistx_delete (self->list, zlistx_cursor (self->list));
}

//  Whether list has an entry with these bytes; the cursor is on it
static bool
s_find (s_list_t *self, const void *topic, size_t topic_size, const void *body,
        size_t body_size)
{
    for (s_entry_t *entry = (s_entry_t *) zlistx_first (self->list); entry;
         entry = (s_entry_t *) zlistx_next (self->list))
        if (zframe_size (entry->topic) == topic_size && zframe_size (entry->body) == body_size
        &&  memcmp (zframe_data (entry->topic), topic, topic_size) == 0
        &&  memcmp (zframe_data (entry->body), body, body_size) == 0)
            return true;
    return false;
}

//  Append (frames consumed); the oldest go while the list is over its
//  limits. Returns how many went, or -1 out of memory.
static int
s_append (broker_pending_t *self, s_list_t *list, zframe_t **topic_p, zframe_t **body_p,
          int64_t now)
{
    s_entry_t *entry = (s_entry_t *) zmalloc (sizeof (s_entry_t));
    if (!entry || !*topic_p || !*body_p) {
        free (entry);
        zframe_destroy (topic_p);
        zframe_destroy (body_p);
        return -1;
    }
    entry->at = now;
    entry->topic = *topic_p;
    entry->body = *body_p;
    *topic_p = *body_p = NULL;
    int dropped = 0;
    while (zlistx_size (list->list) > 0 && (zlistx_size (list->list) >= self->max
           || list->bytes + s_size (entry) > self->max_bytes)) {
        s_delete (list, true);
        dropped++;
    }
    if (!zlistx_add_end (list->list, entry)) {
        void *item = entry;
        s_entry_destroy (&item);
        return -1;
    }
    list->bytes += s_size (entry);
    return dropped;
}

int
broker_pending_hold (broker_pending_t *self, zframe_t **topic_p, zframe_t **body_p,
                     int64_t now, bool blind)
{
    if (*topic_p && *body_p
    &&  s_find (&self->copies, zframe_data (*topic_p), zframe_size (*topic_p),
                zframe_data (*body_p), zframe_size (*body_p))) {
        s_delete (&self->copies, false);
        zframe_destroy (topic_p);
        zframe_destroy (body_p);
        return 1;
    }
    int rc = s_append (self, &self->held, topic_p, body_p, now);
    if (rc >= 0)
        ((s_entry_t *) zlistx_last (self->held.list))->blind = blind;
    if (rc > 0)
        self->overflowed += (uint64_t) rc;
    return rc < 0 ? -1 : 0;
}

int
broker_pending_seen (broker_pending_t *self, const void *topic, size_t topic_size,
                     const void *body, size_t body_size, int64_t now)
{
    if (s_find (&self->held, topic, topic_size, body, body_size)) {
        s_delete (&self->held, false);
        return 1;
    }
    zframe_t *topic_frame = zframe_new (topic, topic_size);
    zframe_t *body_frame = zframe_new (body, body_size);
    return s_append (self, &self->copies, &topic_frame, &body_frame, now) < 0 ? -1 : 0;
}

//  Delete the entries older than age from the front; how many went
static size_t
s_expire (s_list_t *list, int64_t now, int64_t age)
{
    size_t gone = 0;
    s_entry_t *entry;
    while ((entry = (s_entry_t *) zlistx_first (list->list)) && now - entry->at > age) {
        s_delete (list, true);
        gone++;
    }
    return gone;
}

size_t
broker_pending_expire (broker_pending_t *self, int64_t now, int64_t held_ms, int64_t seen_ms)
{
    s_expire (&self->copies, now, seen_ms);
    return s_expire (&self->held, now, held_ms);
}

bool
broker_pending_take (broker_pending_t *self, zframe_t **topic_p, zframe_t **body_p,
                     bool *blind)
{
    s_entry_t *entry = (s_entry_t *) zlistx_detach (self->held.list, NULL);
    if (!entry)
        return false;
    self->held.bytes -= s_size (entry);
    *topic_p = entry->topic;
    *body_p = entry->body;
    *blind = entry->blind;
    free (entry);
    return true;
}

void
broker_pending_clear (broker_pending_t *self)
{
    zlistx_purge (self->held.list);
    zlistx_purge (self->copies.list);
    self->held.bytes = self->copies.bytes = 0;
}

size_t broker_pending_held (broker_pending_t *self) { return zlistx_size (self->held.list); }
size_t broker_pending_copies (broker_pending_t *self) { return zlistx_size (self->copies.list); }
uint64_t broker_pending_overflowed (broker_pending_t *self) { return self->overflowed; }

//  --------------------------------------------------------------------
//  Self-test

static int
s_hold (broker_pending_t *self, const char *topic, const char *body, int64_t now)
{
    zframe_t *topic_frame = zframe_new (topic, strlen (topic));
    zframe_t *body_frame = zframe_new (body, strlen (body));
    int rc = broker_pending_hold (self, &topic_frame, &body_frame, now, strcmp (body, "blind") == 0);
    VC_CHECK (!topic_frame && !body_frame);
    return rc;
}

static int
s_seen (broker_pending_t *self, const char *topic, const char *body, int64_t now)
{
    return broker_pending_seen (self, topic, strlen (topic), body, strlen (body), now);
}

//  The next held event is topic/body
static void
s_take (broker_pending_t *self, const char *topic, const char *body)
{
    zframe_t *topic_frame = NULL, *body_frame = NULL;
    bool blind = true;
    VC_CHECK (broker_pending_take (self, &topic_frame, &body_frame, &blind));
    VC_CHECK (zframe_streq (topic_frame, topic) && zframe_streq (body_frame, body));
    VC_CHECK (blind == streq (body, "blind"));
    zframe_destroy (&topic_frame);
    zframe_destroy (&body_frame);
}

void
broker_pending_test (bool verbose)
{
    if (verbose)
        printf (" * broker_pending: ");
    broker_pending_t *self = broker_pending_new (3, 1000);
    VC_CHECK (self);
    //  The event first, then the peer's copy: held, then gone
    VC_CHECK (s_hold (self, "a.b", "one", 0) == 0);
    VC_CHECK (broker_pending_held (self) == 1);
    VC_CHECK (s_seen (self, "a.b", "one", 1) == 1);
    VC_CHECK (broker_pending_held (self) == 0 && broker_pending_copies (self) == 0);
    //  The copy first: remembered, and the event is dropped when it comes
    VC_CHECK (s_seen (self, "a.b", "two", 2) == 0);
    VC_CHECK (broker_pending_copies (self) == 1);
    VC_CHECK (s_hold (self, "a.b", "two", 3) == 1);
    VC_CHECK (broker_pending_held (self) == 0 && broker_pending_copies (self) == 0);
    //  The same body under another topic, or another body, is another event
    VC_CHECK (s_hold (self, "a.b", "three", 4) == 0);
    VC_CHECK (s_seen (self, "a.c", "three", 5) == 0);
    VC_CHECK (s_seen (self, "a.b", "thre", 5) == 0);
    VC_CHECK (broker_pending_held (self) == 1 && broker_pending_copies (self) == 2);
    //  Two equal events: one copy takes one of them
    VC_CHECK (s_hold (self, "a.b", "three", 6) == 0);
    VC_CHECK (s_seen (self, "a.b", "three", 7) == 1);
    VC_CHECK (broker_pending_held (self) == 1);
    //  Expiry: copies and held events older than their ages go
    VC_CHECK (broker_pending_expire (self, 100, 1000, 50) == 0);
    VC_CHECK (broker_pending_copies (self) == 0 && broker_pending_held (self) == 1);
    VC_CHECK (broker_pending_expire (self, 1007, 1000, 50) == 1);
    VC_CHECK (broker_pending_held (self) == 0);
    //  Full: the oldest goes, counted; taken in arrival order
    for (int i = 0; i < 4; i++) {
        char body [8];
        snprintf (body, sizeof body, "e%d", i);
        VC_CHECK (s_hold (self, "a.b", body, 2000 + i) == 0);
    }
    VC_CHECK (broker_pending_held (self) == 3 && broker_pending_overflowed (self) == 1);
    s_take (self, "a.b", "e1");
    s_take (self, "a.b", "e2");
    s_take (self, "a.b", "e3");
    zframe_t *topic = NULL, *body = NULL;
    bool blind = false;
    VC_CHECK (!broker_pending_take (self, &topic, &body, &blind) && !topic && !body);
    //  An event held blind says so when taken
    VC_CHECK (s_hold (self, "a.b", "blind", 2500) == 0 && s_hold (self, "a.b", "seen", 2501) == 0);
    s_take (self, "a.b", "blind");
    s_take (self, "a.b", "seen");
    //  Over max_bytes: the oldest go until the new one fits
    broker_pending_t *small = broker_pending_new (10, 12);
    VC_CHECK (small);
    VC_CHECK (s_hold (small, "t", "12345", 1) == 0 && s_hold (small, "t", "67890", 2) == 0);
    VC_CHECK (broker_pending_held (small) == 2);
    VC_CHECK (s_hold (small, "t", "abcdefg", 3) == 0);
    VC_CHECK (broker_pending_held (small) == 1 && broker_pending_overflowed (small) == 2);
    s_take (small, "t", "abcdefg");
    VC_CHECK (s_hold (small, "t", "abc", 4) == 0 && s_hold (small, "t", "def", 5) == 0);
    broker_pending_destroy (&small);
    //  Clear forgets both lists
    VC_CHECK (s_hold (self, "a.b", "x", 3000) == 0 && s_seen (self, "a.b", "y", 3000) == 0);
    broker_pending_clear (self);
    VC_CHECK (broker_pending_held (self) == 0 && broker_pending_copies (self) == 0);
    broker_pending_destroy (&self);
    broker_pending_destroy (&self);     //  Twice is harmless
    if (verbose)
        printf ("OK\n");
}
