/*  lookup_chart - a bar chart of a province's daily new cases, drawn with
    cairo on a GtkDrawingArea: title, y axis with grouped numbers, date
    labels along the x axis, one bar per day, the looked-up day in red.
*/
#ifndef LOOKUP_CHART_H_INCLUDED
#define LOOKUP_CHART_H_INCLUDED

#include <gtk/gtk.h>
#include "lookup_series.h"

//  A new chart widget named name, showing message until it has data.
GtkWidget *lookup_chart_new (const char *name, const char *message);

//  Show points (copied) for title; highlight is a day to mark, or -1.
void lookup_chart_set (GtkWidget *chart, const char *title,
                       const series_point_t *points, int count, vc_day_t highlight);

//  Drop the data and show a message instead.
void lookup_chart_clear (GtkWidget *chart, const char *message);

#endif
