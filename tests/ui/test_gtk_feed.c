/*  test_gtk_feed - the event feed's actor and its hand-over to the GLib
    main loop, without a display: a PUB socket on loopback sends events in
    the broker's output format ([topic][seq][body][run]); the feed delivers
    the subscribed topic only, in order, a burst in slices of at most 64
    events, counts what it received, gives the main loop back after a few
    milliseconds of deliveries however slow they are, drops and counts
    what a window too slow for a flood cannot take, and may be destroyed
    from inside its own delivery.  */
#include "gtk_feed.h"
#include <stdio.h>
#include <string.h>
#include "vc_check.h"

typedef struct {
    GArray *seqs;               //  Sequence numbers delivered
    unsigned batches;
    guint largest;              //  Events in the largest delivery
    int64_t slow_usec;          //  Each event delivered takes this long
    gtk_feed_t *destroy_me;     //  Destroyed by the delivery when set
} s_seen_t;

static void
s_deliver (GArray *events, void *arg)
{
    s_seen_t *seen = (s_seen_t *) arg;
    seen->batches++;
    seen->largest = MAX (seen->largest, events->len);
    int64_t until = g_get_monotonic_time () + seen->slow_usec * events->len;
    while (g_get_monotonic_time () < until)
        ;
    for (guint index = 0; index < events->len; index++) {
        const vc_event_t *event = &g_array_index (events, vc_event_t, index);
        VC_CHECK (strncmp (event->topic, "test.a", 6) == 0);
        g_array_append_val (seen->seqs, event->seq);
    }
    if (seen->destroy_me)
        gtk_feed_destroy (&seen->destroy_me);
}

static void
s_publish (zsock_t *pub, const char *topic, uint64_t seq)
{
    vc_pack_t *pack = vc_pack_new ();
    VC_CHECK (pack);
    vc_event_pack (pack, "test", "c1", "alice", "127.0.0.1", "detail");
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    char seq_text [24];
    snprintf (seq_text, sizeof seq_text, "%" PRIu64, seq);
    zmsg_t *msg = zmsg_new ();
    VC_CHECK (msg && zmsg_addstr (msg, topic) == 0 && zmsg_addstr (msg, seq_text) == 0);
    zmsg_append (msg, &body);
    VC_CHECK (zmsg_addstr (msg, "run1") == 0 && zmsg_send (&msg, pub) == 0);
}

//  Run the main loop until count sequence numbers came, or timeout_ms
static void
s_until (s_seen_t *seen, guint count, int timeout_ms)
{
    int64_t deadline = zclock_mono () + timeout_ms;
    while (seen->seqs->len < count && zclock_mono () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
            zclock_sleep (5);
}

//  The subscription is up once a probe gets through
static void
s_join (zsock_t *pub, s_seen_t *seen)
{
    for (int tries = 0; tries < 100 && seen->seqs->len == 0; tries++) {
        s_publish (pub, "test.a", 1);
        s_until (seen, 1, 100);
    }
    VC_CHECK (seen->seqs->len > 0);
    zclock_sleep (100);
    while (g_main_context_iteration (NULL, FALSE))
        ;
    g_array_set_size (seen->seqs, 0);
    seen->batches = 0;
    seen->largest = 0;
}

//  Run the main loop until count events were delivered or dropped, or
//  timeout_ms; the most events delivered in one iteration, and the
//  longest iteration in microseconds
static guint
s_largest_turn (s_seen_t *seen, gtk_feed_t *feed, guint count, int timeout_ms, int64_t *longest)
{
    int64_t deadline = zclock_mono () + timeout_ms;
    guint largest = 0;
    *longest = 0;
    while (seen->seqs->len + gtk_feed_dropped (feed) < count && zclock_mono () < deadline) {
        int64_t start = g_get_monotonic_time ();
        guint before = seen->seqs->len;
        if (!g_main_context_iteration (NULL, FALSE))
            zclock_sleep (1);
        largest = MAX (largest, seen->seqs->len - before);
        *longest = MAX (*longest, g_get_monotonic_time () - start);
    }
    return largest;
}

int
main (void)
{
    zsock_t *pub = zsock_new (ZMQ_PUB);
    VC_CHECK (pub);
    zsock_set_sndhwm (pub, 0);
    int port = zsock_bind (pub, "tcp://127.0.0.1:*");
    VC_CHECK (port > 0);
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "tcp://127.0.0.1:%d", port);
    s_seen_t seen = { g_array_new (FALSE, FALSE, sizeof (uint64_t)), 0, 0, 0, NULL };
    gtk_feed_t *feed = gtk_feed_new (endpoint, "test.a", s_deliver, &seen);
    VC_CHECK (feed);
    s_join (pub, &seen);
    uint64_t before = gtk_feed_received (feed);

    //  A burst sent while the main loop does not run: every event of the
    //  topic, in order, in slices; the other topic never
    for (uint64_t seq = 10; seq < 1010; seq++)
        s_publish (pub, seq % 2? "test.b": "test.a", seq);
    zclock_sleep (300);
    s_until (&seen, 500, 5000);
    VC_CHECK (seen.seqs->len == 500);
    for (guint index = 0; index < seen.seqs->len; index++)
        VC_CHECK (g_array_index (seen.seqs, uint64_t, index) == 10 + 2 * index);
    VC_CHECK (seen.largest <= 64 && seen.batches >= 8 && seen.batches <= 16);
    VC_CHECK (gtk_feed_received (feed) - before == 500);
    VC_CHECK (gtk_feed_dropped (feed) == 0);
    printf ("a burst of 500 events in %u slices\n", seen.batches);

    //  A flood to a slow window (20 µs an event): the main loop gets a
    //  turn every few milliseconds; what the feed cannot hold is dropped
    //  and counted, the rest delivered in order
    g_array_set_size (seen.seqs, 0);
    seen.slow_usec = 20;
    before = gtk_feed_received (feed);
    for (uint64_t seq = 3000; seq < 23000; seq++)
        s_publish (pub, "test.a", seq);
    zclock_sleep (500);
    int64_t longest;
    guint largest = s_largest_turn (&seen, feed, 20000, 30000, &longest);
    uint64_t received = gtk_feed_received (feed) - before, dropped = gtk_feed_dropped (feed);
    printf ("a flood of 20000 events to a slow window: %u delivered, %" PRIu64 " dropped, "
            "at most %u in a main-loop turn (%.1f ms at most)\n", seen.seqs->len, dropped, largest,
            (double) longest / 1000);
    VC_CHECK (received == 20000 && dropped > 0 && seen.seqs->len + dropped == received);
    VC_CHECK (largest <= 4000 / 20 + 64);       //  4 ms a turn, a slice past it
    for (guint index = 1; index < seen.seqs->len; index++)
        VC_CHECK (g_array_index (seen.seqs, uint64_t, index) > g_array_index (seen.seqs, uint64_t, index - 1));
    seen.slow_usec = 0;

    //  Destroyed from inside its delivery: nothing more is delivered
    seen.destroy_me = feed;
    feed = NULL;
    g_array_set_size (seen.seqs, 0);
    s_publish (pub, "test.a", 2000);
    s_until (&seen, 1, 5000);
    VC_CHECK (seen.seqs->len == 1 && seen.destroy_me == NULL);
    s_publish (pub, "test.a", 2001);
    zclock_sleep (100);
    while (g_main_context_iteration (NULL, FALSE))
        ;
    VC_CHECK (seen.seqs->len == 1);

    g_array_unref (seen.seqs);
    zsock_destroy (&pub);
    printf ("gtk feed tests passed\n");
    return 0;
}
