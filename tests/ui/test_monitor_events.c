/*  test_monitor_events - the monitor's event table keeps events in the
    order they happened (by the broker's sequence number) whatever order
    they arrive in, drops duplicates, starts a new run after a broker
    restart (named in the events, or guessed), follows the active broker of
    a pair (a failover separator), drops the oldest rows when full, takes
    a batch in few changes of the model (one for the rows after the last,
    one for the oldest going), and starts again empty for another
    broker.  */
#include "monitor_events.h"
#include "monitor_words.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"
#include "vc_proto.h"

static vc_event_t
s_event (uint64_t seq, const char *topic, const char *username)
{
    vc_event_t event = { 0 };
    event.seq = seq;
    event.ts = 1639555200000 + (int64_t) seq;
    snprintf (event.topic, sizeof event.topic, "%s", topic);
    snprintf (event.client, sizeof event.client, "c1");
    snprintf (event.username, sizeof event.username, "%s", username);
    snprintf (event.address, sizeof event.address, "127.0.0.1:40000");
    return event;
}

static uint64_t
s_seq_at (monitor_events_t *events, guint position)
{
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (monitor_events_model (events), position);
    uint64_t seq = monitor_event_row_seq (row);
    g_object_unref (row);
    return seq;
}

static const char *
s_action_at (monitor_events_t *events, guint position, char *out, size_t size)
{
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (monitor_events_model (events), position);
    snprintf (out, size, "%s", monitor_event_row_text (row, COLUMN_ACTION));
    g_object_unref (row);
    return out;
}

static const char *
s_topic_at (monitor_events_t *events, guint position, char *out, size_t size)
{
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (monitor_events_model (events), position);
    snprintf (out, size, "%s", monitor_event_row_topic (row));
    g_object_unref (row);
    return out;
}

//  Sign-out then sign-in arriving the wrong way round still shows in order
static void
s_test_order (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (100));
    vc_event_t list [] = {
        s_event (1, "client.connect", ""), s_event (2, "auth.login", "alice"),
        s_event (4, "auth.login", "alice"), s_event (3, "auth.logout", "alice"),
        s_event (6, "client.bye", "alice"), s_event (5, "data.lookup", "alice"),
    };
    for (size_t i = 0; i < sizeof list / sizeof list [0]; i++)
        VC_CHECK (monitor_events_add (events, &list [i]));
    GListModel *model = monitor_events_model (events);
    VC_CHECK (g_list_model_get_n_items (model) == 6);
    for (guint i = 0; i < 6; i++)
        VC_CHECK (s_seq_at (events, i) == i + 1);
    char action [64];
    VC_CHECK (streq (s_topic_at (events, 2, action, sizeof action), "auth.logout"));
    VC_CHECK (streq (s_topic_at (events, 3, action, sizeof action), "auth.login"));
    //  The Action column says it in words; the topic stays with the row
    VC_CHECK (streq (s_action_at (events, 2, action, sizeof action), "sign-out"));
    VC_CHECK (streq (s_action_at (events, 3, action, sizeof action), "sign-in"));
    //  The same event twice is shown once
    VC_CHECK (!monitor_events_add (events, &list [3]));
    VC_CHECK (g_list_model_get_n_items (model) == 6);
    char *text = monitor_events_text (model);
    VC_CHECK (strstr (text, "seq\ttime\tclient\tusername\taction\taddress\tdetail\ttopic\n") == text);
    VC_CHECK (strstr (text, "\n3\t"));
    VC_CHECK (strstr (text, "\talice\tsign-out\t127.0.0.1:40000\t"));
    VC_CHECK (strstr (text, "\tauth.logout\n"));
    g_free (text);
    monitor_events_destroy (&events);
    VC_CHECK (events == NULL);
}

//  A restarted broker counts from 1 again: its events come after the old run
static void
s_test_restart (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (1000));
    for (uint64_t seq = 1; seq <= 200; seq++) {
        vc_event_t event = s_event (seq, "data.lookup", "bob");
        VC_CHECK (monitor_events_add (events, &event));
    }
    vc_event_t start = s_event (1, "broker.start", "");
    VC_CHECK (monitor_events_add (events, &start));
    vc_event_t next = s_event (3, "client.connect", "");
    VC_CHECK (monitor_events_add (events, &next));
    vc_event_t late = s_event (2, "service.ready", "");
    VC_CHECK (monitor_events_add (events, &late));
    GListModel *model = monitor_events_model (events);
    VC_CHECK (g_list_model_get_n_items (model) == 204);
    char action [64];
    //  A separator row opens the new run
    MonitorEventRow *separator = (MonitorEventRow *) g_list_model_get_item (model, 200);
    VC_CHECK (monitor_event_row_is_separator (separator));
    VC_CHECK (strstr (monitor_event_row_text (separator, COLUMN_DETAIL), "broker restarted"));
    g_object_unref (separator);
    VC_CHECK (streq (s_topic_at (events, 201, action, sizeof action), "broker.start"));
    VC_CHECK (streq (s_topic_at (events, 202, action, sizeof action), "service.ready"));
    VC_CHECK (streq (s_topic_at (events, 203, action, sizeof action), "client.connect"));
    //  Without broker.start, a large jump back is a restart too
    vc_event_t again = s_event (1, "client.connect", "");
    for (uint64_t seq = 4; seq <= 100; seq++) {
        vc_event_t event = s_event (seq, "data.lookup", "bob");
        VC_CHECK (monitor_events_add (events, &event));
    }
    VC_CHECK (monitor_events_add (events, &again));
    guint count = g_list_model_get_n_items (model);
    VC_CHECK (s_seq_at (events, count - 1) == 1);
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (model, count - 1);
    VC_CHECK (monitor_event_row_run (row) == 3);
    g_object_unref (row);
    monitor_events_destroy (&events);
}

//  Events that name their broker run: a new run is a restart even when its
//  broker.start was missed and its numbers are close to the old ones (they
//  are not duplicates of the old run's events)
static void
s_test_named_runs (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (1000));
    for (uint64_t seq = 1; seq <= 52; seq++) {
        vc_event_t event = s_event (seq, "data.lookup", "bob");
        snprintf (event.run, sizeof event.run, "00000001aaaaaaaa");
        VC_CHECK (monitor_events_add (events, &event));
    }
    for (uint64_t seq = 4; seq <= 6; seq++) {
        vc_event_t event = s_event (seq, "client.connect", "");
        snprintf (event.run, sizeof event.run, "00000002bbbbbbbb");
        VC_CHECK (monitor_events_add (events, &event));
    }
    GListModel *model = monitor_events_model (events);
    VC_CHECK (g_list_model_get_n_items (model) == 56);
    char action [64];
    for (guint i = 53; i < 56; i++) {
        VC_CHECK (s_seq_at (events, i) == i - 49);
        VC_CHECK (streq (s_topic_at (events, i, action, sizeof action), "client.connect"));
        MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (model, i);
        VC_CHECK (monitor_event_row_run (row) == 2);
        g_object_unref (row);
    }
    //  The same event twice within one run is still dropped
    vc_event_t again = s_event (6, "client.connect", "");
    snprintf (again.run, sizeof again.run, "00000002bbbbbbbb");
    VC_CHECK (!monitor_events_add (events, &again));
    monitor_events_destroy (&events);
}

static vc_event_t
s_run_event (uint64_t seq, const char *topic, const char *run)
{
    vc_event_t event = s_event (seq, topic, "");
    snprintf (event.run, sizeof event.run, "%s", run);
    return event;
}

//  Two brokers: only the active one's run is shown; the broker on standby's
//  events are left out until it says it took over, which opens its run
//  with a failover separator; then the old run's events are left out
static void
s_test_pair (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (1000));
    monitor_events_follow_pair (events, true);
    const char *primary = "00000001aaaaaaaa", *backup = "00000002bbbbbbbb";
    vc_event_t event = s_run_event (10, "data.lookup", primary);
    VC_CHECK (monitor_events_add (events, &event));
    event = s_run_event (3, "broker.passive", backup);
    VC_CHECK (!monitor_events_add (events, &event));
    event = s_run_event (4, "service.ready", backup);
    VC_CHECK (!monitor_events_add (events, &event));
    event = s_run_event (5, "broker.failover", backup);
    VC_CHECK (monitor_events_add (events, &event));
    event = s_run_event (6, "auth.login", backup);
    VC_CHECK (monitor_events_add (events, &event));
    event = s_run_event (11, "data.lookup", primary);
    VC_CHECK (!monitor_events_add (events, &event));
    GListModel *model = monitor_events_model (events);
    VC_CHECK (g_list_model_get_n_items (model) == 4);
    char action [64];
    VC_CHECK (streq (s_action_at (events, 1, action, sizeof action), "— failover —"));
    VC_CHECK (streq (s_topic_at (events, 2, action, sizeof action), "broker.failover"));
    VC_CHECK (streq (s_action_at (events, 2, action, sizeof action), "broker took over"));
    //  The history of the active broker names its run: its events come in
    monitor_events_active_run (events, primary);
    VC_CHECK (monitor_events_add (events, &event));
    monitor_events_destroy (&events);
}

//  The active broker named by its ping before any event (one server of a
//  pair given, both buses heard): the standby's events that come first
//  are left out, with no separator, until it says it took over
static void
s_test_pair_named (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (1000));
    monitor_events_follow_pair (events, true);
    const char *primary = "00000001aaaaaaaa", *backup = "00000002bbbbbbbb";
    monitor_events_active_run (events, primary);
    vc_event_t event = s_run_event (3, "service.ready", backup);
    VC_CHECK (!monitor_events_add (events, &event));
    event = s_run_event (7, "service.ready", primary);
    VC_CHECK (monitor_events_add (events, &event));
    event = s_run_event (8, "client.connect", primary);
    VC_CHECK (monitor_events_add (events, &event));
    event = s_run_event (4, "client.connect", backup);
    VC_CHECK (!monitor_events_add (events, &event));
    GListModel *model = monitor_events_model (events);
    VC_CHECK (g_list_model_get_n_items (model) == 2);
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (model, 0);
    VC_CHECK (!monitor_event_row_is_separator (row));
    VC_CHECK (monitor_event_row_seq (row) == 7);
    g_object_unref (row);
    event = s_run_event (5, "broker.failover", backup);
    VC_CHECK (monitor_events_add (events, &event));
    event = s_run_event (6, "client.connect", backup);
    VC_CHECK (monitor_events_add (events, &event));
    event = s_run_event (9, "client.connect", primary);
    VC_CHECK (!monitor_events_add (events, &event));
    VC_CHECK (g_list_model_get_n_items (model) == 5);
    char action [64];
    VC_CHECK (streq (s_action_at (events, 2, action, sizeof action), "— failover —"));
    VC_CHECK (streq (s_topic_at (events, 3, action, sizeof action), "broker.failover"));
    monitor_events_destroy (&events);
}

//  Another broker (Change server): the table starts again, with no
//  separator before the new broker's first run and none of the old rows
static void
s_test_clear (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (100));
    for (uint64_t seq = 1; seq <= 5; seq++) {
        vc_event_t event = s_run_event (seq, "data.lookup", "00000001aaaaaaaa");
        VC_CHECK (monitor_events_add (events, &event));
    }
    monitor_events_clear (events);
    VC_CHECK (g_list_model_get_n_items (monitor_events_model (events)) == 0);
    for (uint64_t seq = 1; seq <= 3; seq++) {
        vc_event_t event = s_run_event (seq, "auth.login", "00000009cccccccc");
        VC_CHECK (monitor_events_add (events, &event));
    }
    VC_CHECK (g_list_model_get_n_items (monitor_events_model (events)) == 3);
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (monitor_events_model (events), 0);
    VC_CHECK (!monitor_event_row_is_separator (row));
    VC_CHECK (monitor_event_row_run (row) == 1);
    g_object_unref (row);
    VC_CHECK (s_seq_at (events, 2) == 3);
    monitor_events_destroy (&events);
}

static void
s_test_capacity (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (10));
    for (uint64_t seq = 1; seq <= 25; seq++) {
        vc_event_t event = s_event (seq, "data.lookup", "carol");
        VC_CHECK (monitor_events_add (events, &event));
    }
    //  Full at 10: the 11th event takes the oldest 2 (down to 9), so an
    //  odd number of events leaves 9 rows, the newest
    VC_CHECK (g_list_model_get_n_items (monitor_events_model (events)) == 9);
    VC_CHECK (s_seq_at (events, 0) == 17);
    VC_CHECK (s_seq_at (events, 8) == 25);
    monitor_events_destroy (&events);
}

static void
s_count_change (GListModel *model, guint position, guint removed, guint added, gpointer user)
{
    (void) model; (void) position; (void) removed; (void) added;
    (*(guint *) user)++;
}

//  A batch: in order it is one change, the oldest going (down to seven
//  eighths of the bound) another; a late
//  event among them goes to its place, a repeated one is dropped
static void
s_test_batch (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (100));
    guint changes = 0;
    g_signal_connect (monitor_events_model (events), "items-changed", G_CALLBACK (s_count_change), &changes);
    vc_event_t batch [150];
    for (uint64_t seq = 1; seq <= 150; seq++)
        batch [seq - 1] = s_event (seq, "data.lookup", "dan");
    VC_CHECK (monitor_events_add_many (events, batch, 60) == 60);
    VC_CHECK (changes == 1);
    VC_CHECK (monitor_events_add_many (events, batch + 60, 90) == 90);
    VC_CHECK (changes == 3);                //  The 90 rows, then the 62 oldest
    VC_CHECK (g_list_model_get_n_items (monitor_events_model (events)) == 88);
    VC_CHECK (s_seq_at (events, 0) == 63 && s_seq_at (events, 87) == 150);
    //  152, 151 late, 150 again, 153: three added, in order
    vc_event_t mixed [] = { s_event (152, "data.lookup", "dan"), s_event (151, "data.lookup", "dan"),
                            s_event (150, "data.lookup", "dan"), s_event (153, "data.lookup", "dan") };
    VC_CHECK (monitor_events_add_many (events, mixed, 4) == 3);
    VC_CHECK (g_list_model_get_n_items (monitor_events_model (events)) == 91);
    for (guint position = 0; position < 91; position++)
        VC_CHECK (s_seq_at (events, position) == 63 + position);
    monitor_events_destroy (&events);
}

//  Details read as people write: counts grouped, dates and ids untouched,
//  client kinds in words
static void
s_test_detail (void)
{
    monitor_events_t *events = VC_NEED (monitor_events_new (10));
    vc_event_t event = s_event (1, "data.lookup", "bob");
    snprintf (event.detail, sizeof event.detail,
              "lookup \"HCM\" 15-12-2021 -> Hồ Chí Minh 15-12-2021: 47788 (id 0012ab34, 1270)");
    VC_CHECK (monitor_events_add (events, &event));
    event = s_event (2, "client.connect", "");
    snprintf (event.detail, sizeof event.detail, "cli client connected");
    VC_CHECK (monitor_events_add (events, &event));
    GListModel *model = monitor_events_model (events);
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (model, 0);
    VC_CHECK (streq (monitor_event_row_text (row, COLUMN_DETAIL),
              "lookup \"HCM\" 15-12-2021 -> Hồ Chí Minh 15-12-2021: 47.788 (id 0012ab34, 1.270)"));
    g_object_unref (row);
    row = (MonitorEventRow *) g_list_model_get_item (model, 1);
    VC_CHECK (streq (monitor_event_row_text (row, COLUMN_DETAIL), "command line connected"));
    g_object_unref (row);
    monitor_events_destroy (&events);
}

static void
s_check_words (const char *topic, const char *detail, const char *expected)
{
    char *text = monitor_words_detail (topic, detail);
    if (!streq (text, expected))
        printf ("detail '%s' read as '%s', not '%s'\n", detail, text, expected);
    VC_CHECK (streq (text, expected));
    g_free (text);
}

//  The shapes the services write are read (and said again, here in the
//  source language): the parts that vary keep their place, counts are
//  grouped, a province of several words stays whole; what fits no shape
//  is shown as written
static void
s_test_shapes (void)
{
    s_check_words ("data.lookup", "lookup \"HCM\" 15-12-2021 -> Hồ Chí Minh 15-12-2021: 47788",
                   "lookup \"HCM\" 15-12-2021 → Hồ Chí Minh 15-12-2021: 47.788");
    s_check_words ("data.lookup", "history \"Huế\" 01-12-2021 31-12-2021 week -> Thừa Thiên Huế: 31 days by week",
                   "history \"Huế\" 01-12-2021 31-12-2021 week → Thừa Thiên Huế: 31 days by week");
    s_check_words ("data.lookup", "national -> 806675 total as of 21-01-2022 (sum of daily reports)",
                   "national → 806.675 total as of 21-01-2022 (sum of daily reports)");
    s_check_words ("data.lookup", "national 22-01-2022 -> 22-01-2022: 4321 (1 province)",
                   "national 22-01-2022 → 22-01-2022: 4.321 (1 province)");
    s_check_words ("data.lookup", "top 2 -> 22-01-2022: 1 province, first Hồ Chí Minh 4321",
                   "top 2 → 22-01-2022: 1 province, first Hồ Chí Minh 4.321");
    s_check_words ("data.lookup", "lookup \"x\" -> something new", "lookup \"x\" -> something new");
    s_check_words ("data.lookup", "unknown-op -> not found", "unknown-op -> not found");
    s_check_words ("service.ready", "data instance vm:12 ready (capacity 10000)",
                   "data instance vm:12 ready (capacity 10.000)");
    s_check_words ("service.lost", "data instance vm:12 lost (no heartbeat)",
                   "data instance vm:12 lost (no heartbeat)");
    VC_CHECK (monitor_words_known ("service.lost", "data instance vm:12 lost (no heartbeat)"));
    VC_CHECK (monitor_words_known ("broker.start", "1db12c0e2ae003ef"));
    VC_CHECK (!monitor_words_known ("broker.stop", "1db12c0e2ae003ef"));
    VC_CHECK (monitor_words_known ("scrape.failed", "src rejected: out of memory"));
    VC_CHECK (!monitor_words_known ("scrape.failed", "src exploded: out of memory"));
    VC_CHECK (!monitor_words_known ("scrape.failed", "src rejected: a reason of no known shape"));
    s_check_words ("scrape.updated", "snapshot-totals: 49 rows for 49 provinces, 01-01-2022",
                   "snapshot-totals: 49 rows for 49 provinces, 01-01-2022");
    s_check_words ("other.topic", "moved 12345 rows", "moved 12.345 rows");
}

//  Every topic of the protocol reads as words in the Action column (not as
//  its identifier), and the ones that say something went wrong are marked
static void
s_test_words (void)
{
    const char *topics [] = {
        VC_TOPIC_BROKER_START, VC_TOPIC_BROKER_STOP, VC_TOPIC_BROKER_SHUTDOWN,
        VC_TOPIC_BROKER_ACTIVE, VC_TOPIC_BROKER_PASSIVE, VC_TOPIC_BROKER_FAILOVER,
        VC_TOPIC_CLIENT_CONNECT, VC_TOPIC_CLIENT_BYE, VC_TOPIC_CLIENT_LOST,
        VC_TOPIC_SERVICE_READY, VC_TOPIC_SERVICE_LOST, VC_TOPIC_AUTH_REGISTER,
        VC_TOPIC_AUTH_LOGIN, VC_TOPIC_AUTH_LOGIN_FAILED, VC_TOPIC_AUTH_LOGOUT,
        VC_TOPIC_DATA_LOOKUP, VC_TOPIC_DATA_PROVINCE "79", VC_TOPIC_SCRAPE_UPDATED,
        VC_TOPIC_SCRAPE_FAILED, VC_TOPIC_SCRAPE_UNCHANGED
    };
    for (size_t i = 0; i < sizeof topics / sizeof topics [0]; i++) {
        const char *words = monitor_action_words (topics [i]);
        VC_CHECK (*words && !strchr (words, '.') && !strchr (words, '_'));
    }
    VC_CHECK (streq (monitor_action_words (VC_TOPIC_DATA_PROVINCE "01"), "new figures"));
    VC_CHECK (streq (monitor_action_words ("other.topic"), "other.topic"));
    VC_CHECK (monitor_action_bad (VC_TOPIC_CLIENT_LOST) && monitor_action_bad (VC_TOPIC_SCRAPE_FAILED)
           && monitor_action_bad (VC_TOPIC_AUTH_LOGIN_FAILED));
    VC_CHECK (!monitor_action_bad (VC_TOPIC_AUTH_LOGIN) && !monitor_action_bad ("other.topic"));
}

int
main (void)
{
    s_test_words ();
    s_test_shapes ();
    s_test_detail ();
    s_test_order ();
    s_test_restart ();
    s_test_named_runs ();
    s_test_pair ();
    s_test_pair_named ();
    s_test_capacity ();
    s_test_batch ();
    s_test_clear ();
    printf ("test_monitor_events: OK\n");
    return 0;
}
