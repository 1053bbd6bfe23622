/*  monitor_events - the monitor's table of events, kept strictly in the
    order they happened: every event is inserted at the place of its
    sequence number (stamped by the broker), never appended by arrival.
    A broker restart starts a new run of sequence numbers, shown after the
    previous run. When the table is full its oldest eighth goes.
*/
#ifndef MONITOR_EVENTS_H_INCLUDED
#define MONITOR_EVENTS_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_event.h"

//  One row: an event with the broker run it belongs to
#define MONITOR_TYPE_EVENT_ROW (monitor_event_row_get_type ())
G_DECLARE_FINAL_TYPE (MonitorEventRow, monitor_event_row, MONITOR, EVENT_ROW, GObject)

typedef enum {
    COLUMN_SEQ, COLUMN_TIME, COLUMN_CLIENT, COLUMN_USERNAME,
    COLUMN_ACTION, COLUMN_ADDRESS, COLUMN_DETAIL, COLUMN_COUNT
} monitor_column_t;

//  Text of one column of a row (owned by the row). The Action column says
//  the event in words, in the person's language ("sign-in", "đăng nhập").
const char *monitor_event_row_text (MonitorEventRow *row, monitor_column_t column);
//  The event's topic as the bus names it ("auth.login"; "" for a separator)
const char *monitor_event_row_topic (MonitorEventRow *row);
//  A topic's action in words (translated); an unknown topic as it is
const char *monitor_action_words (const char *topic);
//  The words of the index-th known action (translated), NULL past the last
//  (to size the Action column)
const char *monitor_action_words_nth (size_t index);
//  True for a topic that says something went wrong (lost, failed, refused)
bool monitor_action_bad (const char *topic);
uint64_t monitor_event_row_seq (MonitorEventRow *row);
//  True for the row that marks a broker restart (it opens the new run)
bool monitor_event_row_is_separator (MonitorEventRow *row);
//  A client kind ("gui", "cli", "monitor"...) in words for people
const char *monitor_kind_words (const char *kind);
uint64_t monitor_event_row_run (MonitorEventRow *row);

typedef struct _monitor_events_t monitor_events_t;

//  A table holding at most max_rows events (past that, the oldest rows go
//  down to seven eighths of it).
monitor_events_t *monitor_events_new (guint max_rows);
void monitor_events_destroy (monitor_events_t **self_p);

//  Remove every row and forget the broker runs seen (another broker).
void monitor_events_clear (monitor_events_t *self);

//  The rows in order (a GListModel of MonitorEventRow; not a new reference).
GListModel *monitor_events_model (monitor_events_t *self);

//  Insert an event at the place of its sequence number. Returns false if
//  the same event is already there. The first event of a new broker run
//  comes after a separator row.
bool monitor_events_add (monitor_events_t *self, const vc_event_t *event);
//  The same for count events at once, in few changes of the model (the
//  rows after the last one appended together, the oldest removed
//  together). Returns the number added.
guint monitor_events_add_many (monitor_events_t *self, const vc_event_t *events, guint count);

//  Two brokers (both servers given, or both buses heard): show only the
//  events of the active one's run; a failover opens the new run with a
//  separator.
void monitor_events_follow_pair (monitor_events_t *self, bool pair);
//  The active broker's run, as its ping or history reply names it (else
//  the run of the first event is taken).
void monitor_events_active_run (monitor_events_t *self, const char *run);

//  Title of a column ("Seq", "Time", ...).
const char *monitor_column_title (monitor_column_t column);

//  Rows of model as text: a header line, then one line per row, columns
//  separated by tabs, the topic last. Free with g_free.
char *monitor_events_text (GListModel *model);

#endif
