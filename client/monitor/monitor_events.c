/*  monitor_events - event rows (a small GObject) in a GListStore kept in
    (run, seq) order: events that come after the last row (nearly all)
    are appended together with one splice, a late one is inserted at the
    place a binary search finds, and past the bound the oldest eighth goes
    with one splice, so a batch of events is a few changes of the model,
    not one per event.  */
#include "monitor_events.h"
#include "vc_event_words.h"
#include "vc_i18n.h"
#include "vc_proto.h"
#include "vc_text.h"
#include <string.h>
#include <time.h>

//  Without a run in the events: a backward jump larger than this is a
//  restarted broker, not a late event
#define RESTART_JUMP 64

struct _MonitorEventRow {
    GObject parent;
    uint64_t run;
    uint64_t seq;                   //  0: the separator that opens a run
    char *text [COLUMN_COUNT];      //  The action in words
    char *topic;                    //  The event's topic ("" for a separator)
};

G_DEFINE_TYPE (MonitorEventRow, monitor_event_row, G_TYPE_OBJECT)

static void
monitor_event_row_finalize (GObject *object)
{
    MonitorEventRow *self = MONITOR_EVENT_ROW (object);
    for (int i = 0; i < COLUMN_COUNT; i++)
        g_free (self->text [i]);
    g_free (self->topic);
    G_OBJECT_CLASS (monitor_event_row_parent_class)->finalize (object);
}

static void
monitor_event_row_class_init (MonitorEventRowClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = monitor_event_row_finalize;
}

static void
monitor_event_row_init (MonitorEventRow *self)
{
    (void) self;
}

static char *
s_time_text (int64_t ts)
{
    time_t seconds = (time_t) (ts / 1000);
    struct tm tm;
    char stamp [32];
    if (ts <= 0 || !localtime_r (&seconds, &tm))
        return g_strdup ("");
    strftime (stamp, sizeof stamp, "%H:%M:%S", &tm);
    return g_strdup_printf ("%s.%03d", stamp, (int) (ts % 1000));
}

const char *
monitor_kind_words (const char *kind)
{
    return vc_event_words_kind (kind);
}

//  Each topic's action, in words for people (the Action column)
static const struct {
    const char *topic;
    const char *words;
    bool bad;                       //  Something went wrong: shown as an error
} s_actions [] = {
    { VC_TOPIC_BROKER_START, N_("broker started"), false },
    { VC_TOPIC_BROKER_STOP, N_("broker stopped"), false },
    { VC_TOPIC_BROKER_SHUTDOWN, N_("system stopping"), true },
    { VC_TOPIC_BROKER_ACTIVE, N_("broker serving"), false },
    { VC_TOPIC_BROKER_PASSIVE, N_("broker on standby"), false },
    { VC_TOPIC_BROKER_FAILOVER, N_("broker took over"), true },
    { VC_TOPIC_CLIENT_CONNECT, N_("connected"), false },
    { VC_TOPIC_CLIENT_BYE, N_("exit"), false },
    { VC_TOPIC_CLIENT_LOST, N_("connection lost"), true },
    { VC_TOPIC_SERVICE_READY, N_("service joined"), false },
    { VC_TOPIC_SERVICE_LOST, N_("service lost"), true },
    { VC_TOPIC_AUTH_REGISTER, N_("sign-up"), false },
    { VC_TOPIC_AUTH_LOGIN, N_("sign-in"), false },
    { VC_TOPIC_AUTH_LOGIN_FAILED, N_("sign-in refused"), true },
    { VC_TOPIC_AUTH_LOGOUT, N_("sign-out"), false },
    { VC_TOPIC_DATA_LOOKUP, N_("lookup"), false },
    { VC_TOPIC_DATA_PROVINCE, N_("new figures"), false },
    { VC_TOPIC_SCRAPE_UPDATED, N_("data updated"), false },
    { VC_TOPIC_SCRAPE_FAILED, N_("update failed"), true },
    { VC_TOPIC_SCRAPE_UNCHANGED, N_("data unchanged"), false },
};

//  The entry of a topic (data.province.NN by its prefix), or -1
static int
s_action_of (const char *topic)
{
    for (size_t i = 0; i < G_N_ELEMENTS (s_actions); i++)
        if (streq (topic, s_actions [i].topic)
        ||  (g_str_has_suffix (s_actions [i].topic, ".") && g_str_has_prefix (topic, s_actions [i].topic)))
            return (int) i;
    return -1;
}

const char *
monitor_action_words (const char *topic)
{
    int index = s_action_of (topic);
    return index < 0 ? topic : _(s_actions [index].words);
}

const char *
monitor_action_words_nth (size_t index)
{
    return index < G_N_ELEMENTS (s_actions) ? _(s_actions [index].words) : NULL;
}

bool
monitor_action_bad (const char *topic)
{
    int index = s_action_of (topic);
    return index >= 0 && s_actions [index].bad;
}

//  Detail for people: a client's kind in words, the shapes the broker and
//  the services write in the person's language (vc_event_words)
static char *
s_detail_text (const vc_event_t *event)
{
    return vc_event_words_event (event);
}

static MonitorEventRow *
s_separator_new (uint64_t run, bool failover)
{
    MonitorEventRow *self = (MonitorEventRow *) g_object_new (MONITOR_TYPE_EVENT_ROW, NULL);
    self->run = run;
    self->seq = 0;
    self->text [COLUMN_SEQ] = g_strdup ("");
    self->text [COLUMN_TIME] = g_strdup ("");
    self->text [COLUMN_CLIENT] = g_strdup ("");
    self->text [COLUMN_USERNAME] = g_strdup ("");
    self->text [COLUMN_ACTION] = g_strdup (failover ? _("— failover —") : _("— restart —"));
    self->topic = g_strdup ("");
    self->text [COLUMN_ADDRESS] = g_strdup ("");
    self->text [COLUMN_DETAIL] = g_strdup (failover
        ? _("The other broker took over: its events follow, numbered on their own.")
        : _("The broker restarted: its events are numbered from 1 again."));
    return self;
}

bool
monitor_event_row_is_separator (MonitorEventRow *row)
{
    return row->seq == 0;
}

static MonitorEventRow *
s_row_new (const vc_event_t *event, uint64_t run)
{
    MonitorEventRow *self = (MonitorEventRow *) g_object_new (MONITOR_TYPE_EVENT_ROW, NULL);
    self->run = run;
    self->seq = event->seq;
    self->text [COLUMN_SEQ] = g_strdup_printf ("%" G_GUINT64_FORMAT, event->seq);
    self->text [COLUMN_TIME] = s_time_text (event->ts);
    self->text [COLUMN_CLIENT] = g_strdup (event->client);
    self->text [COLUMN_USERNAME] = g_strdup (event->username);
    self->text [COLUMN_ACTION] = g_strdup (monitor_action_words (event->topic));
    self->topic = g_strdup (event->topic);
    self->text [COLUMN_ADDRESS] = g_strdup (event->address);
    self->text [COLUMN_DETAIL] = s_detail_text (event);
    return self;
}

const char *
monitor_event_row_text (MonitorEventRow *row, monitor_column_t column)
{
    return column < COLUMN_COUNT && row->text [column] ? row->text [column] : "";
}

const char *
monitor_event_row_topic (MonitorEventRow *row)
{
    return row->topic ? row->topic : "";
}

uint64_t
monitor_event_row_seq (MonitorEventRow *row)
{
    return row->seq;
}

uint64_t
monitor_event_row_run (MonitorEventRow *row)
{
    return row->run;
}

struct _monitor_events_t {
    GListStore *store;
    guint max_rows;
    uint64_t run;               //  Broker runs seen, counting from 1
    uint64_t top_seq;           //  Highest seq seen in this run
    char run_id [17];           //  The broker run's epoch, "" until one is seen
    bool pair;                  //  Two brokers: follow the active one's run
    char active_run [17];       //  Its run, as it said or as first seen
};

monitor_events_t *
monitor_events_new (guint max_rows)
{
    monitor_events_t *self = g_new0 (monitor_events_t, 1);
    self->store = g_list_store_new (MONITOR_TYPE_EVENT_ROW);
    self->max_rows = max_rows > 0 ? max_rows : 1;
    self->run = 1;
    return self;
}

void
monitor_events_destroy (monitor_events_t **self_p)
{
    monitor_events_t *self = *self_p;
    if (!self)
        return;
    g_object_unref (self->store);
    g_free (self);
    *self_p = NULL;
}

void
monitor_events_clear (monitor_events_t *self)
{
    g_list_store_remove_all (self->store);
    self->run = 1;
    self->top_seq = 0;
    self->run_id [0] = 0;
    self->active_run [0] = 0;
}

GListModel *
monitor_events_model (monitor_events_t *self)
{
    return G_LIST_MODEL (self->store);
}

//  -1, 0, 1 comparing row at position with (run, seq)
static int
s_compare_at (monitor_events_t *self, guint position, uint64_t run, uint64_t seq)
{
    MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (G_LIST_MODEL (self->store), position);
    int result = row->run != run ? (row->run < run ? -1 : 1)
               : row->seq != seq ? (row->seq < seq ? -1 : 1) : 0;
    g_object_unref (row);
    return result;
}

//  First position whose row is not before (run, seq)
static guint
s_lower_bound (monitor_events_t *self, uint64_t run, uint64_t seq)
{
    guint low = 0, high = g_list_model_get_n_items (G_LIST_MODEL (self->store));
    while (low < high) {
        guint middle = low + (high - low) / 2;
        if (s_compare_at (self, middle, run, seq) < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

//  Which broker run an event belongs to: the run named in the event when
//  the broker names it, else guessed from broker.start or a large jump back
static uint64_t
s_run_of (monitor_events_t *self, const vc_event_t *event)
{
    bool restarted;
    if (*event->run) {
        restarted = *self->run_id && strcmp (event->run, self->run_id) != 0;
        vc_text_copy (self->run_id, sizeof self->run_id, event->run);
    }
    else
        restarted = self->top_seq > 0
            && ((strcmp (event->topic, VC_TOPIC_BROKER_START) == 0 && event->seq <= self->top_seq)
                || event->seq + RESTART_JUMP < self->top_seq);
    if (restarted) {
        self->run++;
        self->top_seq = 0;
    }
    if (event->seq > self->top_seq)
        self->top_seq = event->seq;
    return self->run;
}

void
monitor_events_follow_pair (monitor_events_t *self, bool pair)
{
    self->pair = pair;
}

void
monitor_events_active_run (monitor_events_t *self, const char *run)
{
    vc_text_copy (self->active_run, sizeof self->active_run, run);
}

//  With two brokers, only the active one's run is shown: the run the
//  broker named (ping, history), else the first seen, until a broker says
//  it took over. The other's events (a passive broker's own: its state,
//  the links it sends away) are left out, and one run's numbers are not
//  mixed with the other's.
static bool
s_followed (monitor_events_t *self, const vc_event_t *event)
{
    if (!self->pair || !*event->run)
        return true;
    if (streq (event->topic, VC_TOPIC_BROKER_ACTIVE) || streq (event->topic, VC_TOPIC_BROKER_FAILOVER)
    ||  !*self->active_run)
        vc_text_copy (self->active_run, sizeof self->active_run, event->run);
    return streq (event->run, self->active_run);
}

//  Rows that go after the last one, gathered to be appended with one
//  splice (one change of the model, however many rows)
typedef struct {
    monitor_events_t *table;
    GPtrArray *rows;            //  MonitorEventRow, owned
} s_tail_t;

static void
s_tail_flush (s_tail_t *tail)
{
    if (tail->rows->len == 0)
        return;
    GListStore *store = tail->table->store;
    g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                         tail->rows->pdata, tail->rows->len);
    g_ptr_array_set_size (tail->rows, 0);
}

//  -1, 0, 1 comparing the last row (gathered or in the store) with (run,
//  seq); 1 when there is none
static int
s_compare_last (s_tail_t *tail, uint64_t run, uint64_t seq)
{
    if (tail->rows->len) {
        MonitorEventRow *row = (MonitorEventRow *) g_ptr_array_index (tail->rows, tail->rows->len - 1);
        return row->run != run ? (row->run < run ? -1 : 1)
             : row->seq != seq ? (row->seq < seq ? -1 : 1) : 0;
    }
    guint count = g_list_model_get_n_items (G_LIST_MODEL (tail->table->store));
    return count ? s_compare_at (tail->table, count - 1, run, seq) : -1;
}

//  One event: after the last row (gathered), or at its place among the
//  rows (the gathered ones appended first); false if not added
static bool
s_add_one (s_tail_t *tail, const vc_event_t *event)
{
    monitor_events_t *self = tail->table;
    if (!s_followed (self, event))
        return false;                   //  The broker on standby
    uint64_t runs = self->run;
    uint64_t run = s_run_of (self, event);
    if (run != runs)                    //  A restart or failover opens the new run
        g_ptr_array_add (tail->rows, s_separator_new (run, self->pair));
    int last = s_compare_last (tail, run, event->seq);
    if (last == 0)
        return false;
    if (last < 0) {
        g_ptr_array_add (tail->rows, s_row_new (event, run));
        return true;
    }
    s_tail_flush (tail);                //  A late event: inserted at its place
    guint count = g_list_model_get_n_items (G_LIST_MODEL (self->store));
    guint position = s_lower_bound (self, run, event->seq);
    if (position < count && s_compare_at (self, position, run, event->seq) == 0)
        return false;
    MonitorEventRow *row = s_row_new (event, run);
    g_list_store_insert (self->store, position, row);
    g_object_unref (row);
    return true;
}

guint
monitor_events_add_many (monitor_events_t *self, const vc_event_t *events, guint count)
{
    s_tail_t tail = { self, g_ptr_array_new_with_free_func (g_object_unref) };
    guint added = 0;
    for (guint index = 0; index < count; index++)
        if (s_add_one (&tail, &events [index]))
            added++;
    s_tail_flush (&tail);
    g_ptr_array_unref (tail.rows);
    //  Past the bound, the oldest rows go down to seven eighths of it, in
    //  one change: GTK 4.8's list binds again every row it holds (about
    //  200) at a removal at the start, whatever is removed (3-10 ms with
    //  the monitor's rows), so it is done once in max_rows / 8 events, not
    //  for every batch
    guint rows = g_list_model_get_n_items (G_LIST_MODEL (self->store));
    if (rows > self->max_rows)
        g_list_store_splice (self->store, 0, rows - (self->max_rows - self->max_rows / 8), NULL, 0);
    return added;
}

bool
monitor_events_add (monitor_events_t *self, const vc_event_t *event)
{
    return monitor_events_add_many (self, event, 1) == 1;
}

static const char *s_titles [COLUMN_COUNT] = {
    N_("Seq"), N_("Time"), N_("Client"), N_("Username"), N_("Action"), N_("Address"), N_("Detail")
};

const char *
monitor_column_title (monitor_column_t column)
{
    return column < COLUMN_COUNT ? _(s_titles [column]) : "";
}

char *
monitor_events_text (GListModel *model)
{
    GString *text = g_string_new ("seq\ttime\tclient\tusername\taction\taddress\tdetail\ttopic\n");
    guint count = g_list_model_get_n_items (model);
    for (guint i = 0; i < count; i++) {
        MonitorEventRow *row = (MonitorEventRow *) g_list_model_get_item (model, i);
        for (int column = 0; column < COLUMN_COUNT; column++)
            g_string_append_printf (text, "%s%s", column ? "\t" : "",
                                    monitor_event_row_text (row, (monitor_column_t) column));
        g_string_append_printf (text, "\t%s\n", monitor_event_row_topic (row));
        g_object_unref (row);
    }
    return g_string_free (text, FALSE);
}
