/*  monitor_rows - the event table's widgets: a header row of column titles
    and the list of events below it, one box of labels a row, the columns
    aligned with the titles.  */
#ifndef MONITOR_ROWS_H_INCLUDED
#define MONITOR_ROWS_H_INCLUDED

#include "monitor_events.h"

typedef struct _monitor_rows_t monitor_rows_t;

//  The header and the list of model's rows (MonitorEventRow; the list
//  takes a reference).
monitor_rows_t *monitor_rows_new (GListModel *model);
void monitor_rows_destroy (monitor_rows_t **self_p);
//  The row of titles (named "events-header").
GtkWidget *monitor_rows_header (monitor_rows_t *self);
//  The GtkListView of the rows.
GtkWidget *monitor_rows_list (monitor_rows_t *self);

#endif
