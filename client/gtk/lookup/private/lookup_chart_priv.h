/*  lookup_chart_priv - the chart's state, shared by its widget code
    (lookup_chart.c: controls, data, requests) and its drawing
    (lookup_chart_draw.c). Not for use elsewhere.
*/
#ifndef LOOKUP_CHART_PRIV_H_INCLUDED
#define LOOKUP_CHART_PRIV_H_INCLUDED

#include "lookup_chart.h"
#include "gtk_net.h"

#define CHART_LINES     5               //  The province and up to 4 compared
#define CHART_RANGES    5               //  Week, month, 3 months, year, all

//  One province's whole series, one slot per day from chart first to last
typedef struct {
    char name [128];
    int64_t *values [2];                //  New cases, deaths; -1: not reported
    double *average [2];                //  7-day averages; < 0: none
} chart_line_t;

typedef struct {
    GtkWidget *box, *area, *entry, *legend;
    GtkWidget *ranges [CHART_RANGES];
    GtkWidget *figures [2];
    gtk_net_t *net;                     //  Not owned; NULL until a source is set
    char province [128];
    char *title, *message;
    vc_day_t first, last;               //  Days the lines cover
    chart_line_t lines [CHART_LINES];
    int nlines;
    int points;                         //  Reported days of the first line
    int64_t max;                        //  Its most new cases
    vc_day_t view_first, view_last;     //  Days drawn
    int figure;                         //  0 new cases, 1 deaths
    vc_day_t highlight, hover;          //  -1: none
    double drag_first;                  //  view_first when a drag began
    unsigned ticket;                    //  Drops replies of older requests
} chart_t;

//  Draw function of the drawing area
void lookup_chart_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user);

//  Plot geometry shared by drawing and pointer handling
#define MARGIN_LEFT     72
#define MARGIN_RIGHT    20
#define MARGIN_TOP      44
#define MARGIN_BOTTOM   44

//  The day under x (clamped to the view), for a plot width
vc_day_t lookup_chart_day_at (chart_t *self, double x, int width);

//  The figures of the day under the pointer, one line per province
void lookup_chart_hover_text (chart_t *self, char *text, size_t size);

//  A line's value on a day: -1 when not reported or outside the data
int64_t lookup_chart_value (chart_t *self, int line, vc_day_t day);
double lookup_chart_average (chart_t *self, int line, vc_day_t day);

#endif
