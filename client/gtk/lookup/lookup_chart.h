/*  lookup_chart - the chart of a province's daily figures: a range from a
    week to the whole epidemic (buttons, pan and zoom with the pointer or
    the buttons), new cases or deaths, bars per day with the looked-up day
    in red and not-reported days marked, 7-day average lines, provinces
    compared, the figures of the day under the pointer, and an accessible
    description of what it shows.
*/
#ifndef LOOKUP_CHART_H_INCLUDED
#define LOOKUP_CHART_H_INCLUDED

#include <gtk/gtk.h>
#include "lookup_series.h"
#include "gtk_net.h"

//  A new chart widget named name, showing message until it has data.
GtkWidget *lookup_chart_new (const char *name, const char *message);

//  Show points (copied) for title; highlight is a day to mark, or -1.
void lookup_chart_set (GtkWidget *chart, const char *title,
                       const series_point_t *points, int count, vc_day_t highlight);

//  The province shown and the network to ask for its whole history (with
//  deaths) and for compared provinces; call before lookup_chart_set.
void lookup_chart_set_source (GtkWidget *chart, gtk_net_t *net, const char *province);

//  Drop the data and show a message instead.
void lookup_chart_clear (GtkWidget *chart, const char *message);

#endif
