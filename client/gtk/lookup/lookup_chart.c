/*  lookup_chart - the lookup page's chart of a province's daily figures:
    a row of controls (range: a week, a month, 3 months, a year or the whole
    epidemic; ← → to pan, − + to zoom; new cases or deaths; provinces to
    compare) above a drawing (lookup_chart_draw.c). Dragging pans, the wheel
    zooms around the pointer, and the figures of the day under the pointer
    are shown. Once it knows the province and the network
    (lookup_chart_set_source) it asks the data service for the whole
    history of the province and of the compared ones (op compare).
*/
#include "lookup_chart_priv.h"
#include "ui_kit.h"
#include "vc_api.h"
#include "vc_i18n.h"
#include "vc_number.h"
#include "vc_text.h"
#include <adwaita.h>
#include <math.h>

#define CHART_KEY   "lookup-chart"
#define MIN_SPAN    7

static const int s_spans [CHART_RANGES] = { 7, 30, 91, 365, 0 };

static chart_t *
s_chart (GtkWidget *widget)
{
    return (chart_t *) g_object_get_data (G_OBJECT (widget), CHART_KEY);
}

static void
s_free_lines (chart_t *self)
{
    for (int line = 0; line < CHART_LINES; line++)
        for (int figure = 0; figure < 2; figure++) {
            g_free (self->lines [line].values [figure]);
            g_free (self->lines [line].average [figure]);
            self->lines [line].values [figure] = NULL;
            self->lines [line].average [figure] = NULL;
        }
    self->nlines = 0;
}

static void
s_chart_free (gpointer data)
{
    chart_t *self = (chart_t *) data;
    s_free_lines (self);
    g_free (self->title);
    g_free (self->message);
    g_free (self);
}

int64_t
lookup_chart_value (chart_t *self, int line, vc_day_t day)
{
    if (line >= self->nlines || day < self->first || day > self->last)
        return -1;
    return self->lines [line].values [self->figure][day - self->first];
}

double
lookup_chart_average (chart_t *self, int line, vc_day_t day)
{
    if (line >= self->nlines || day < self->first || day > self->last)
        return -1;
    const double *average = self->lines [line].average [self->figure];
    return average ? average [day - self->first] : -1;
}

vc_day_t
lookup_chart_day_at (chart_t *self, double x, int width)
{
    double plot = width - MARGIN_LEFT - MARGIN_RIGHT;
    int span = self->view_last - self->view_first + 1;
    vc_day_t day = self->view_first + (vc_day_t) floor ((x - MARGIN_LEFT) / (plot / span));
    return day < self->view_first ? self->view_first : day > self->view_last ? self->view_last : day;
}

//  The mean of the reported days among the 7 ending on each day
static void
s_averages (chart_t *self, chart_line_t *line)
{
    int days = self->last - self->first + 1;
    for (int figure = 0; figure < 2; figure++) {
        g_free (line->average [figure]);
        line->average [figure] = g_new (double, days);
        for (int i = 0; i < days; i++) {
            int64_t sum = 0;
            int reported = 0;
            for (int back = 0; back < 7 && i - back >= 0; back++)
                if (line->values [figure][i - back] >= 0) {
                    sum += line->values [figure][i - back];
                    reported++;
                }
            line->average [figure][i] = reported ? (double) sum / reported : -1;
        }
    }
}

//  A line of the first + days slots, every day not reported
static void
s_line_init (chart_t *self, chart_line_t *line, const char *name)
{
    int days = self->last - self->first + 1;
    vc_text_copy (line->name, sizeof line->name, name);
    for (int figure = 0; figure < 2; figure++) {
        line->values [figure] = g_new (int64_t, days);
        for (int i = 0; i < days; i++)
            line->values [figure][i] = -1;
    }
}

//  Keep the view inside the data and at least MIN_SPAN days wide
static void
s_clamp_view (chart_t *self)
{
    int whole = self->last - self->first + 1;
    int span = self->view_last - self->view_first + 1;
    if (span > whole)
        span = whole;
    if (span < MIN_SPAN)
        span = whole < MIN_SPAN ? whole : MIN_SPAN;
    if (self->view_first < self->first)
        self->view_first = self->first;
    if (self->view_first + span - 1 > self->last)
        self->view_first = self->last - span + 1;
    self->view_last = self->view_first + span - 1;
}

//  What the chart shows, in words (screen readers, tooltip)
static void
s_update_description (chart_t *self)
{
    if (self->nlines == 0)
        return;
    char from [16], to [16], text [512], number [32];
    vc_date_format_vn (self->view_first, from, sizeof from);
    vc_date_format_vn (self->view_last, to, sizeof to);
    int64_t max = -1;
    vc_day_t max_day = self->view_first;
    for (vc_day_t day = self->view_first; day <= self->view_last; day++)
        if (lookup_chart_value (self, 0, day) > max) {
            max = lookup_chart_value (self, 0, day);
            max_day = day;
        }
    char when [16];
    vc_date_format_vn (max_day, when, sizeof when);
    int used = snprintf (text, sizeof text,
        self->figure ? _("Chart of the daily deaths in %s from %s to %s, with the 7-day average; the most, %s, on %s.")
                     : _("Chart of the daily new cases in %s from %s to %s, with the 7-day average; the most, %s, on %s."),
        self->lines [0].name, from, to, vc_number_format (max > 0 ? max : 0, number, sizeof number), when);
    for (int line = 1; line < self->nlines && used < (int) sizeof text; line++)
        used += snprintf (text + used, sizeof text - (size_t) used, _(" Compared with %s."),
                          self->lines [line].name);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->area),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
s_redraw (chart_t *self)
{
    s_clamp_view (self);
    s_update_description (self);
    gtk_widget_queue_draw (self->area);
}

void
lookup_chart_hover_text (chart_t *self, char *text, size_t size)
{
    char date [16], number [32], average [32];
    vc_date_format_vn (self->hover, date, sizeof date);
    size_t used = (size_t) snprintf (text, size, "%s", date);
    for (int line = 0; line < self->nlines && used < size; line++) {
        int64_t value = lookup_chart_value (self, line, self->hover);
        double mean = lookup_chart_average (self, line, self->hover);
        if (mean >= 0)
            vc_number_format_decimal (mean, 1, average, sizeof average);
        else
            snprintf (average, sizeof average, "–");
        if (value >= 0)
            used += (size_t) snprintf (text + used, size - used,
                                       self->figure ? _("\n%s: %s deaths (7-day average %s)")
                                                    : _("\n%s: %s new cases (7-day average %s)"),
                                       self->lines [line].name,
                                       vc_number_format (value, number, sizeof number), average);
        else
            used += (size_t) snprintf (text + used, size - used, _("\n%s: not reported"),
                                       self->lines [line].name);
    }
}

//  A range button: span days around the looked-up (or last) day
static void
s_on_range (GtkButton *button, gpointer user)
{
    chart_t *self = (chart_t *) user;
    int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "range"));
    int span = s_spans [index] ? s_spans [index] : self->last - self->first + 1;
    vc_day_t anchor = self->highlight >= 0 ? self->highlight : self->last;
    self->view_first = anchor - span / 2;
    if (self->highlight < 0)
        self->view_first = self->last - span + 1;
    self->view_last = self->view_first + span - 1;
    s_redraw (self);
}

//  ← → pan by half the view; − + zoom out and in around its middle
static void
s_on_move (GtkButton *button, gpointer user)
{
    chart_t *self = (chart_t *) user;
    int action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "move"));
    int span = self->view_last - self->view_first + 1;
    vc_day_t middle = self->view_first + span / 2;
    if (action == 0 || action == 1) {
        self->view_first += (action ? 1 : -1) * (span / 2 > 0 ? span / 2 : 1);
        self->view_last = self->view_first + span - 1;
    }
    else {
        span = action == 2 ? span * 2 : span / 2;
        self->view_first = middle - span / 2;
        self->view_last = self->view_first + span - 1;
    }
    s_redraw (self);
}

static void
s_on_figure (GtkToggleButton *button, gpointer user)
{
    chart_t *self = (chart_t *) user;
    if (!gtk_toggle_button_get_active (button))
        return;
    self->figure = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "figure"));
    s_redraw (self);
}

static void
s_on_motion (GtkEventControllerMotion *motion, double x, double y, gpointer user)
{
    (void) motion, (void) y;
    chart_t *self = (chart_t *) user;
    if (self->nlines == 0)
        return;
    vc_day_t day = lookup_chart_day_at (self, x, gtk_widget_get_width (self->area));
    if (day != self->hover) {
        self->hover = day;
        gtk_widget_queue_draw (self->area);
    }
}

static void
s_on_leave (GtkEventControllerMotion *motion, gpointer user)
{
    (void) motion;
    chart_t *self = (chart_t *) user;
    self->hover = -1;
    gtk_widget_queue_draw (self->area);
}

//  The wheel zooms around the day under the pointer
static gboolean
s_on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, gpointer user)
{
    (void) dx;
    chart_t *self = (chart_t *) user;
    if (self->nlines == 0 || dy == 0)
        return FALSE;
    double x = 0, y = 0;
    GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (scroll));
    if (event)
        gdk_event_get_position (event, &x, &y);
    vc_day_t pivot = lookup_chart_day_at (self, x, gtk_widget_get_width (self->area));
    int span = self->view_last - self->view_first + 1;
    int wider = dy > 0 ? span + span / 4 + 1 : span - span / 5;
    double ratio = (double) (pivot - self->view_first) / span;
    self->view_first = pivot - (vc_day_t) (ratio * wider);
    self->view_last = self->view_first + wider - 1;
    s_redraw (self);
    return TRUE;
}

static void
s_on_drag_begin (GtkGestureDrag *drag, double x, double y, gpointer user)
{
    (void) drag, (void) x, (void) y;
    chart_t *self = (chart_t *) user;
    self->drag_first = self->view_first;
}

static void
s_on_drag_update (GtkGestureDrag *drag, double dx, double dy, gpointer user)
{
    (void) drag, (void) dy;
    chart_t *self = (chart_t *) user;
    int span = self->view_last - self->view_first + 1;
    double plot = gtk_widget_get_width (self->area) - MARGIN_LEFT - MARGIN_RIGHT;
    if (plot <= 0)
        return;
    self->view_first = (vc_day_t) lround (self->drag_first - dx / (plot / span));
    self->view_last = self->view_first + span - 1;
    s_redraw (self);
}

//  Read one series of a compare reply into a new line
static void
s_read_line (chart_t *self, const vc_compare_series_t *series)
{
    if (self->nlines >= CHART_LINES)
        return;
    chart_line_t *line = &self->lines [self->nlines++];
    s_line_init (self, line, series->province);
    for (size_t i = 0; i < series->rows_count; i++) {
        const vc_history_row_t *row = series->rows + i;
        if (row->date < self->first || row->date > self->last)
            continue;
        if (!row->new_cases_null)
            line->values [0][row->date - self->first] = row->new_cases;
        if (!row->deaths_null)
            line->values [1][row->date - self->first] = row->deaths;
    }
    s_averages (self, line);
}

typedef struct {
    GtkWidget *box;
    unsigned ticket;
} request_t;

static void
s_got_history (gtk_net_result_t *result, void *user)
{
    request_t *request = (request_t *) user;
    chart_t *self = s_chart (request->box);
    vc_data_compare_reply_t reply;
    if (self && request->ticket == self->ticket && result->status == VC_OK && result->reply
    &&  vc_data_compare_reply_decode (result->reply->body, &reply) == 0 && reply.series_count > 0
    &&  reply.from <= reply.to) {
        s_free_lines (self);
        self->first = reply.from;
        self->last = reply.to;
        for (size_t i = 0; i < reply.series_count; i++)
            s_read_line (self, reply.series + i);
        s_redraw (self);
    }
    else
    if (self && request->ticket == self->ticket && result->reply && result->status != VC_OK)
        gtk_label_set_text (GTK_LABEL (self->legend), result->reply->message);
    g_object_unref (request->box);
    g_free (request);
}

//  Ask for the province and the compared ones, the whole epidemic by day
static void
s_request (chart_t *self)
{
    if (!self->net || !*self->province)
        return;
    const char *names [CHART_LINES];
    size_t count = 0;
    names [count++] = self->province;
    char compare [512];
    vc_text_copy (compare, sizeof compare, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
    for (char *name = strtok (compare, ",;"); name && count < CHART_LINES; name = strtok (NULL, ",;")) {
        while (*name == ' ')
            name++;
        if (*name)
            names [count++] = name;
    }
    request_t *request = g_new0 (request_t, 1);
    request->box = g_object_ref (self->box);
    request->ticket = ++self->ticket;
    gtk_label_set_text (GTK_LABEL (self->legend), "");
    gtk_net_call (self->net, VC_SERVICE_DATA, vc_api_compare (names, count, NULL, NULL, "day"),
                  s_got_history, request);
}

static void
s_on_compare (GtkEntry *entry, gpointer user)
{
    (void) entry;
    s_request ((chart_t *) user);
}

//  What the test script sees: a summary of the data drawn
static char *
s_describe (GtkWidget *widget)
{
    chart_t *self = s_chart (widget);
    if (!self || self->nlines == 0)
        return g_strdup_printf ("points=0 message=%s", self && self->message ? self->message : "");
    char first [16], last [16], mark [16] = "none", from [16], to [16], hover [16] = "none";
    if (self->hover >= 0)
        vc_date_format_vn (self->hover, hover, sizeof hover);
    vc_date_format_vn (self->first, first, sizeof first);
    vc_date_format_vn (self->last, last, sizeof last);
    vc_date_format_vn (self->view_first, from, sizeof from);
    vc_date_format_vn (self->view_last, to, sizeof to);
    if (self->highlight >= 0)
        vc_date_format_vn (self->highlight, mark, sizeof mark);
    GString *lines = g_string_new ("");
    for (int line = 0; line < self->nlines; line++)
        g_string_append_printf (lines, "%s%s", line ? "," : "", self->lines [line].name);
    char *text = g_strdup_printf ("points=%d first=%s last=%s max=%" PRId64 " highlight=%s title=%s"
                                  " view=%s..%s hover=%s figure=%s lines=%s",
                                  self->points, first, last, self->max, mark,
                                  self->title ? self->title : "", from, to, hover,
                                  self->figure ? "deaths" : "cases", lines->str);
    g_string_free (lines, TRUE);
    return text;
}

static GtkWidget *
s_button (chart_t *self, const char *label, const char *name, const char *key, int value,
          GCallback callback)
{
    GtkWidget *button = gtk_button_new_with_label (label);
    gtk_widget_set_name (button, name);
    g_object_set_data (G_OBJECT (button), key, GINT_TO_POINTER (value));
    g_signal_connect (button, "clicked", callback, self);
    gtk_widget_add_css_class (button, "flat");
    return button;
}

//  The row of controls above the drawing
static GtkWidget *
s_controls (chart_t *self)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
    gtk_widget_set_margin_start (row, 8);
    gtk_widget_set_margin_end (row, 8);
    gtk_widget_set_margin_top (row, 6);
    const char *labels [CHART_RANGES] = { _("Week"), _("Month"), _("3 months"), _("Year"),
                                          _("Whole epidemic") };
    GtkWidget *ranges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_add_css_class (ranges, "linked");
    for (int i = 0; i < CHART_RANGES; i++) {
        char name [32];
        snprintf (name, sizeof name, "chart-range-%d", i);
        self->ranges [i] = s_button (self, labels [i], name, "range", i, G_CALLBACK (s_on_range));
        gtk_box_append (GTK_BOX (ranges), self->ranges [i]);
    }
    gtk_box_append (GTK_BOX (row), ranges);
    const char *moves [4] = { "←", "→", "−", "+" };
    const char *names [4] = { "chart-left", "chart-right", "chart-zoom-out", "chart-zoom-in" };
    const char *tips [4] = { _("Earlier"), _("Later"), _("Zoom out"), _("Zoom in") };
    for (int i = 0; i < 4; i++) {
        GtkWidget *button = s_button (self, moves [i], names [i], "move", i, G_CALLBACK (s_on_move));
        gtk_widget_set_tooltip_text (button, tips [i]);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        tips [i], -1);
        gtk_box_append (GTK_BOX (row), button);
    }
    GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_add_css_class (figures, "linked");
    const char *figure_labels [2] = { _("New cases"), _("Deaths") };
    for (int i = 0; i < 2; i++) {
        self->figures [i] = gtk_toggle_button_new_with_label (figure_labels [i]);
        gtk_widget_set_name (self->figures [i], i ? "chart-deaths" : "chart-cases");
        g_object_set_data (G_OBJECT (self->figures [i]), "figure", GINT_TO_POINTER (i));
        if (i)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->figures [i]),
                                         GTK_TOGGLE_BUTTON (self->figures [0]));
        gtk_box_append (GTK_BOX (figures), self->figures [i]);
    }
    //  New cases are shown first; the handlers come after, since the
    //  drawing area they redraw does not exist yet
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->figures [0]), TRUE);
    for (int i = 0; i < 2; i++)
        g_signal_connect (self->figures [i], "toggled", G_CALLBACK (s_on_figure), self);
    gtk_widget_set_margin_start (figures, 8);
    gtk_box_append (GTK_BOX (row), figures);
    return row;
}

//  The second row: provinces to compare, and notes
static GtkWidget *
s_compare_row (chart_t *self)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_margin_start (row, 8);
    gtk_widget_set_margin_end (row, 8);
    GtkWidget *label = gtk_label_new_with_mnemonic (_("Co_mpare with"));
    gtk_box_append (GTK_BOX (row), label);
    self->entry = gtk_entry_new ();
    gtk_widget_set_name (self->entry, "chart-compare");
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _("Hà Nội, Đà Nẵng… then Enter"));
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->entry);
    gtk_widget_set_size_request (self->entry, 320, -1);
    g_signal_connect (self->entry, "activate", G_CALLBACK (s_on_compare), self);
    gtk_box_append (GTK_BOX (row), self->entry);
    self->legend = gtk_label_new ("");
    gtk_widget_set_name (self->legend, "chart-note");
    gtk_label_set_xalign (GTK_LABEL (self->legend), 0);
    gtk_widget_set_hexpand (self->legend, TRUE);
    gtk_box_append (GTK_BOX (row), self->legend);
    return row;
}

static void
s_pointer (chart_t *self)
{
    GtkEventController *motion = gtk_event_controller_motion_new ();
    g_signal_connect (motion, "motion", G_CALLBACK (s_on_motion), self);
    g_signal_connect (motion, "leave", G_CALLBACK (s_on_leave), self);
    gtk_widget_add_controller (self->area, motion);
    GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
    g_signal_connect (scroll, "scroll", G_CALLBACK (s_on_scroll), self);
    gtk_widget_add_controller (self->area, scroll);
    GtkGesture *drag = gtk_gesture_drag_new ();
    g_signal_connect (drag, "drag-begin", G_CALLBACK (s_on_drag_begin), self);
    g_signal_connect (drag, "drag-update", G_CALLBACK (s_on_drag_update), self);
    gtk_widget_add_controller (self->area, GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
lookup_chart_new (const char *name, const char *message)
{
    chart_t *self = g_new0 (chart_t, 1);
    self->message = g_strdup (message);
    self->highlight = -1;
    self->hover = -1;
    self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    gtk_widget_set_name (self->box, name);
    gtk_box_append (GTK_BOX (self->box), s_controls (self));
    gtk_box_append (GTK_BOX (self->box), s_compare_row (self));
    self->area = gtk_drawing_area_new ();
    gtk_widget_set_name (self->area, "chart-area");
    gtk_widget_set_size_request (self->area, 300, 220);
    gtk_widget_set_hexpand (self->area, TRUE);
    gtk_widget_set_vexpand (self->area, TRUE);
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), lookup_chart_draw, self, NULL);
    //  Redrawn in the new colours when the style turns light or dark
    g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                             G_CALLBACK (gtk_widget_queue_draw), self->area, G_CONNECT_SWAPPED);
    s_pointer (self);
    gtk_box_append (GTK_BOX (self->box), self->area);
    g_object_set_data_full (G_OBJECT (self->box), CHART_KEY, self, s_chart_free);
    ui_kit_set_text_func (self->box, s_describe);
    return self->box;
}

void
lookup_chart_set (GtkWidget *chart, const char *title, const series_point_t *points,
                  int count, vc_day_t highlight)
{
    chart_t *self = s_chart (chart);
    g_free (self->title);
    self->title = g_strdup (title);
    self->highlight = highlight;
    s_free_lines (self);
    self->points = count > 0 ? count : 0;
    self->max = 0;
    if (count > 0) {
        self->first = points [0].day;
        self->last = points [count - 1].day;
        self->nlines = 1;
        s_line_init (self, &self->lines [0], self->province);
        for (int i = 0; i < count; i++) {
            self->lines [0].values [0][points [i].day - self->first] = points [i].value;
            if (points [i].value > self->max)
                self->max = points [i].value;
        }
        s_averages (self, &self->lines [0]);
        self->view_first = self->first;
        self->view_last = self->last;
    }
    s_redraw (self);
    s_request (self);
}

void
lookup_chart_set_source (GtkWidget *chart, gtk_net_t *net, const char *province)
{
    chart_t *self = s_chart (chart);
    self->net = net;
    vc_text_copy (self->province, sizeof self->province, province);
    if (self->nlines > 0)
        vc_text_copy (self->lines [0].name, sizeof self->lines [0].name, self->province);
}

void
lookup_chart_clear (GtkWidget *chart, const char *message)
{
    chart_t *self = s_chart (chart);
    g_free (self->message);
    self->message = g_strdup (message);
    s_free_lines (self);
    self->points = 0;
    self->ticket++;                     //  A reply on its way is dropped
    gtk_widget_queue_draw (self->area);
}
