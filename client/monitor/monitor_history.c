/*  monitor_history - catches up with the events the monitor did not see
    (it started late, reconnected, or its subscription reached the broker
    after some events): asks the broker's "history" page by page and adds
    those events to the table, where (run, seq) drops the ones it already
    has (the zguide "Clone" pattern; see docs/protocol.md, "Event
    history"). The history is for operators: asked only with the operator
    key; a monitor without it shows the live events only.  */
#include "monitor.h"
#include "vc_text.h"

static void s_ask (monitor_t *self, uint64_t after);

//  One history entry {seq, topic, body (bin)} as an event of run
static int
s_decode (const vc_history_event_t *entry, const char *run, vc_event_t *event)
{
    char seq [24];
    if (!*entry->topic)
        return -1;
    snprintf (seq, sizeof seq, "%" PRId64, entry->seq);
    zmsg_t *zmsg = zmsg_new ();
    zmsg_addstr (zmsg, entry->topic);
    zmsg_addstr (zmsg, seq);
    zmsg_addmem (zmsg, entry->body, entry->body_size);
    zmsg_addstr (zmsg, run);
    return vc_event_decode (&zmsg, event);
}

static void
s_got_page (gtk_net_result_t *result, void *user)
{
    monitor_t *self = (monitor_t *) user;
    self->history_busy = false;
    if (result->status != VC_OK || !result->reply) {
        vc_debug ("history unavailable: %s", result->message);
        //  A broker without the operation, or that refuses the key: do
        //  not ask again
        self->history_off = result->status == VC_BAD_REQUEST || result->status == VC_FORBIDDEN;
        return;
    }
    vc_broker_history_reply_t page;
    if (!result->reply->body || vc_broker_history_reply_decode (result->reply->body, &page)) {
        vc_debug ("history page refused: %s",
                  result->reply->body ? vc_body_error (result->reply->body) : "no body");
        return;
    }
    char run [17] = "";
    if (strlen (page.run) < sizeof run)
        vc_text_copy (run, sizeof run, page.run);
    monitor_events_active_run (self->rows, run);   //  Asked of the active broker
    if (strcmp (run, self->history_run) != 0) {
        //  Another broker run: its history from the start
        vc_text_copy (self->history_run, sizeof self->history_run, run);
        self->history_after = 0;
        s_ask (self, 0);
        return;
    }
    GArray *events = g_array_new (FALSE, FALSE, sizeof (vc_event_t));
    for (size_t index = 0; index < page.events_count; index++) {
        vc_event_t event;
        if (s_decode (&page.events [index], run, &event) == 0)
            g_array_append_val (events, event);
    }
    if (events->len)
        monitor_table_add (self, events);
    g_array_unref (events);
    int64_t last = page.last > 0 ? page.last : 0;
    bool more = page.more;
    if ((uint64_t) last > self->history_after)
        self->history_after = (uint64_t) last;
    vc_debug ("history: %zu events up to %" PRId64 " of run %s%s", page.events_count,
              last, run, more ? ", more follow" : "");
    if (more)
        s_ask (self, self->history_after);
}

static void
s_ask (monitor_t *self, uint64_t after)
{
    self->history_busy = true;
    vc_broker_history_request_t history = {
        .key = self->operator_key, .has_after = true, .after = (int64_t) after
    };
    vc_pack_t *pack = vc_pack_new ();
    vc_broker_history_request_pack (pack, &history);
    zframe_t *request = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    gtk_net_call (self->net, VC_SERVICE_BROKER, request, s_got_page, self);
}

void
monitor_history_fetch (monitor_t *self)
{
    if (!self->history_busy && !self->history_off && self->connected && !self->switching
    &&  self->operator_key)
        s_ask (self, *self->history_run ? self->history_after : 0);
}

void
monitor_history_check (monitor_t *self, GArray *events)
{
    bool gap = false;
    for (guint index = 0; index < events->len; index++) {
        const vc_event_t *event = &g_array_index (events, vc_event_t, index);
        if (strcmp (event->run, self->history_run) != 0)
            gap = true;             //  A broker run we hold no history of
        else
        if (event->seq > self->history_after + 1)
            gap = true;             //  Numbers between are missing
        else
        if (event->seq == self->history_after + 1)
            self->history_after = event->seq;
    }
    if (gap)
        monitor_history_fetch (self);
}
