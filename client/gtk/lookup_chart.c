/*  lookup_chart - bar chart of daily cases with cairo and pango.  */
#include "lookup_chart.h"
#include "ui_script.h"
#include "vc_number.h"
#include <math.h>
#include <pango/pangocairo.h>

#define CHART_KEY       "lookup-chart"
#define MARGIN_LEFT     72
#define MARGIN_RIGHT    20
#define MARGIN_TOP      40
#define MARGIN_BOTTOM   44
#define Y_TICKS         4

typedef struct {
    char *title;
    char *message;
    series_point_t *points;
    int count;
    vc_day_t highlight;
    int64_t max;
} chart_t;

static void
s_chart_free (gpointer data)
{
    chart_t *self = (chart_t *) data;
    g_free (self->title);
    g_free (self->message);
    g_free (self->points);
    g_free (self);
}

static chart_t *
s_chart (GtkWidget *widget)
{
    return (chart_t *) g_object_get_data (G_OBJECT (widget), CHART_KEY);
}

//  Step between y ticks: 1, 2 or 5 times a power of ten
static int64_t
s_nice_step (int64_t max)
{
    double raw = (double) max / Y_TICKS;
    if (raw <= 1)
        return 1;
    double magnitude = pow (10, floor (log10 (raw)));
    static const double multiples [] = { 1, 2, 5, 10 };
    for (int i = 0; i < 4; i++)
        if (multiples [i] * magnitude >= raw)
            return (int64_t) (multiples [i] * magnitude);
    return (int64_t) (10 * magnitude);
}

//  Draw text with its anchor point at (x, y); xalign/yalign in 0..1.
static void
s_text (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y,
        double xalign, double yalign)
{
    int width, height;
    pango_layout_set_text (layout, text, -1);
    pango_layout_get_pixel_size (layout, &width, &height);
    cairo_move_to (cr, x - xalign * width, y - yalign * height);
    pango_cairo_show_layout (cr, layout);
}

static void
s_draw_axes (cairo_t *cr, PangoLayout *layout, chart_t *self, double left, double top,
             double width, double height, int64_t ymax, int64_t step)
{
    cairo_set_line_width (cr, 1);
    for (int64_t value = 0; value <= ymax; value += step) {
        double y = top + height - height * (double) value / (double) ymax;
        cairo_set_source_rgb (cr, 0.88, 0.90, 0.92);
        cairo_move_to (cr, left, floor (y) + 0.5);
        cairo_line_to (cr, left + width, floor (y) + 0.5);
        cairo_stroke (cr);
        char number [32];
        cairo_set_source_rgb (cr, 0.27, 0.35, 0.39);
        s_text (cr, layout, vc_number_format (value, number, sizeof number), left - 8, y, 1, 0.5);
    }
    cairo_set_source_rgb (cr, 0.27, 0.35, 0.39);
    cairo_move_to (cr, floor (left) + 0.5, top);
    cairo_line_to (cr, floor (left) + 0.5, top + height);
    cairo_line_to (cr, left + width, floor (top + height) + 0.5);
    cairo_stroke (cr);
    (void) self;
}

//  Date labels under the axis, spaced so they never overlap
static void
s_draw_dates (cairo_t *cr, PangoLayout *layout, chart_t *self, double left, double top,
              double width, double height)
{
    vc_day_t first = self->points [0].day;
    int span = self->points [self->count - 1].day - first + 1;
    double slot = width / span;
    int every = (int) ceil (56.0 / slot);
    if (every < 1)
        every = 1;
    cairo_set_source_rgb (cr, 0.27, 0.35, 0.39);
    for (int offset = 0; offset < span; offset += every) {
        int year, month, mday;
        vc_date_to_ymd (first + offset, &year, &month, &mday);
        char label [16];
        snprintf (label, sizeof label, "%02d-%02d", mday, month);
        double x = left + slot * (offset + 0.5);
        cairo_move_to (cr, floor (x) + 0.5, top + height);
        cairo_line_to (cr, floor (x) + 0.5, top + height + 4);
        cairo_stroke (cr);
        s_text (cr, layout, label, x, top + height + 6, 0.5, 0);
    }
    char from [16], to [16], range [48];
    vc_date_format_vn (first, from, sizeof from);
    vc_date_format_vn (self->points [self->count - 1].day, to, sizeof to);
    snprintf (range, sizeof range, "%s → %s", from, to);
    s_text (cr, layout, range, left + width, top + height + 24, 1, 0);
}

static void
s_draw_bars (cairo_t *cr, chart_t *self, double left, double top, double width,
             double height, int64_t ymax)
{
    vc_day_t first = self->points [0].day;
    int span = self->points [self->count - 1].day - first + 1;
    double slot = width / span;
    double gap = slot > 4 ? slot * 0.2 : 0;
    for (int i = 0; i < self->count; i++) {
        double bar = height * (double) self->points [i].value / (double) ymax;
        double x = left + slot * (self->points [i].day - first) + gap / 2;
        if (self->points [i].day == self->highlight)
            cairo_set_source_rgb (cr, 0.90, 0.22, 0.21);
        else
            cairo_set_source_rgb (cr, 0.12, 0.53, 0.90);
        cairo_rectangle (cr, x, top + height - bar, slot - gap, bar);
        cairo_fill (cr);
    }
}

static void
s_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user)
{
    (void) user;
    chart_t *self = s_chart (GTK_WIDGET (area));
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    PangoLayout *layout = pango_cairo_create_layout (cr);
    PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
    pango_layout_set_font_description (layout, font);
    if (!self || self->count == 0) {
        cairo_set_source_rgb (cr, 0.27, 0.35, 0.39);
        s_text (cr, layout, self && self->message ? self->message : "", width / 2.0,
                height / 2.0, 0.5, 0.5);
    }
    else {
        double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
        double plot_h = height - MARGIN_TOP - MARGIN_BOTTOM;
        int64_t step = s_nice_step (self->max);
        int64_t ymax = step * ((self->max + step - 1) / step);
        if (ymax <= 0)
            ymax = step;
        if (plot_w > 20 && plot_h > 20) {
            s_draw_axes (cr, layout, self, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h, ymax, step);
            s_draw_bars (cr, self, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h, ymax);
            s_draw_dates (cr, layout, self, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h);
        }
        pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
        pango_font_description_set_size (font, 11 * PANGO_SCALE);
        pango_layout_set_font_description (layout, font);
        cairo_set_source_rgb (cr, 0.05, 0.28, 0.63);
        s_text (cr, layout, self->title ? self->title : "", width / 2.0, 10, 0.5, 0);
    }
    pango_font_description_free (font);
    g_object_unref (layout);
}

//  What the test script sees: a summary of the data drawn
static char *
s_describe (GtkWidget *widget)
{
    chart_t *self = s_chart (widget);
    if (!self || self->count == 0)
        return g_strdup_printf ("points=0 message=%s", self && self->message ? self->message : "");
    char first [16], last [16], mark [16] = "none";
    vc_date_format_vn (self->points [0].day, first, sizeof first);
    vc_date_format_vn (self->points [self->count - 1].day, last, sizeof last);
    if (self->highlight >= 0)
        vc_date_format_vn (self->highlight, mark, sizeof mark);
    return g_strdup_printf ("points=%d first=%s last=%s max=%" PRId64 " highlight=%s title=%s",
                            self->count, first, last, self->max, mark,
                            self->title ? self->title : "");
}

GtkWidget *
lookup_chart_new (const char *name, const char *message)
{
    GtkWidget *area = gtk_drawing_area_new ();
    gtk_widget_set_name (area, name);
    gtk_widget_set_size_request (area, 300, 180);
    gtk_widget_set_hexpand (area, TRUE);
    gtk_widget_set_vexpand (area, TRUE);
    chart_t *self = g_new0 (chart_t, 1);
    self->message = g_strdup (message);
    self->highlight = -1;
    g_object_set_data_full (G_OBJECT (area), CHART_KEY, self, s_chart_free);
    gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), s_draw, NULL, NULL);
    ui_script_set_text_func (area, s_describe);
    return area;
}

void
lookup_chart_set (GtkWidget *chart, const char *title, const series_point_t *points,
                  int count, vc_day_t highlight)
{
    chart_t *self = s_chart (chart);
    g_free (self->title);
    g_free (self->points);
    self->title = g_strdup (title);
    self->count = count > 0 ? count : 0;
    self->points = g_memdup2 (points, sizeof (series_point_t) * (size_t) self->count);
    self->highlight = highlight;
    self->max = 0;
    for (int i = 0; i < self->count; i++)
        if (self->points [i].value > self->max)
            self->max = self->points [i].value;
    gtk_widget_queue_draw (chart);
}

void
lookup_chart_clear (GtkWidget *chart, const char *message)
{
    chart_t *self = s_chart (chart);
    g_free (self->message);
    g_free (self->points);
    self->message = g_strdup (message);
    self->points = NULL;
    self->count = 0;
    gtk_widget_queue_draw (chart);
}
