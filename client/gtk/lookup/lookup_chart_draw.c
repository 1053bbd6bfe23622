/*  lookup_chart_draw - draws the chart with cairo and pango: title and
    legend, y axis with grouped numbers, dates along the x axis, one bar per
    day of the province (the looked-up day in red, a grey tick where the day
    was not reported), its 7-day average as a line, the compared provinces'
    7-day averages as lines of their own colours, and the value under the
    pointer. Colours follow the light or dark style (libadwaita).  */
#include "lookup_chart_priv.h"
#include "vc_i18n.h"
#include "vc_number.h"
#include <adwaita.h>
#include <math.h>
#include <pango/pangocairo.h>

#define Y_TICKS 4

//  The colours of one style
typedef struct {
    double background [3], grid [3], text [3], missing [3], bar [3], highlight [3];
    double rule [4], box [4], box_edge [3], box_text [3], title [3];
    double lines [CHART_LINES][3];      //  The province's average, then the compared
} s_palette_t;

static const s_palette_t s_light = {
    .background = { 1, 1, 1 }, .grid = { 0.88, 0.90, 0.92 }, .text = { 0.27, 0.35, 0.39 },
    .missing = { 0.62, 0.65, 0.68 }, .bar = { 0.39, 0.62, 0.93 }, .highlight = { 0.90, 0.22, 0.21 },
    .rule = { 0.1, 0.1, 0.1, 0.6 }, .box = { 1, 1, 1, 0.92 }, .box_edge = { 0.6, 0.6, 0.6 },
    .box_text = { 0.1, 0.1, 0.1 }, .title = { 0.05, 0.28, 0.63 },
    .lines = { { 0.90, 0.45, 0.05 }, { 0.18, 0.55, 0.34 }, { 0.56, 0.27, 0.68 },
               { 0.80, 0.12, 0.45 }, { 0.25, 0.25, 0.25 } }
};

static const s_palette_t s_dark = {
    .background = { 0.12, 0.12, 0.12 }, .grid = { 0.24, 0.25, 0.27 }, .text = { 0.80, 0.83, 0.85 },
    .missing = { 0.45, 0.47, 0.50 }, .bar = { 0.30, 0.50, 0.82 }, .highlight = { 0.96, 0.38, 0.35 },
    .rule = { 0.9, 0.9, 0.9, 0.6 }, .box = { 0.18, 0.18, 0.19, 0.95 }, .box_edge = { 0.45, 0.45, 0.45 },
    .box_text = { 0.92, 0.92, 0.92 }, .title = { 0.53, 0.72, 0.98 },
    .lines = { { 1.00, 0.62, 0.25 }, { 0.36, 0.80, 0.52 }, { 0.78, 0.55, 0.92 },
               { 0.98, 0.45, 0.68 }, { 0.80, 0.80, 0.80 } }
};

static void
s_rgb (cairo_t *cr, const double colour [3])
{
    cairo_set_source_rgb (cr, colour [0], colour [1], colour [2]);
}

static void
s_rgba (cairo_t *cr, const double colour [4])
{
    cairo_set_source_rgba (cr, colour [0], colour [1], colour [2], colour [3]);
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

//  The largest value drawn in the view (bars and average lines)
static int64_t
s_view_max (chart_t *self)
{
    int64_t max = 0;
    for (vc_day_t day = self->view_first; day <= self->view_last; day++)
        for (int line = 0; line < self->nlines; line++) {
            int64_t value = line == 0 ? lookup_chart_value (self, 0, day) : -1;
            double average = lookup_chart_average (self, line, day);
            if (value > max)
                max = value;
            if (average > (double) max)
                max = (int64_t) ceil (average);
        }
    return max;
}

static void
s_draw_axes (cairo_t *cr, const s_palette_t *pal, PangoLayout *layout, double left, double top,
             double width, double height, int64_t ymax, int64_t step)
{
    cairo_set_line_width (cr, 1);
    for (int64_t value = 0; value <= ymax; value += step) {
        double y = top + height - height * (double) value / (double) ymax;
        s_rgb (cr, pal->grid);
        cairo_move_to (cr, left, floor (y) + 0.5);
        cairo_line_to (cr, left + width, floor (y) + 0.5);
        cairo_stroke (cr);
        char number [32];
        s_rgb (cr, pal->text);
        s_text (cr, layout, vc_number_format (value, number, sizeof number), left - 8, y, 1, 0.5);
    }
    s_rgb (cr, pal->text);
    cairo_move_to (cr, floor (left) + 0.5, top);
    cairo_line_to (cr, floor (left) + 0.5, top + height);
    cairo_line_to (cr, left + width, floor (top + height) + 0.5);
    cairo_stroke (cr);
}

//  Date labels under the axis, spaced so they never overlap; with a long
//  view, months (mm-yyyy) instead of days
static void
s_draw_dates (cairo_t *cr, const s_palette_t *pal, PangoLayout *layout, chart_t *self,
              double left, double top, double width, double height)
{
    int span = self->view_last - self->view_first + 1;
    double slot = width / span;
    bool months = span > 120;
    int every = (int) ceil ((months ? 70.0 : 56.0) / slot);
    s_rgb (cr, pal->text);
    int last_label = -1000000;
    for (int offset = 0; offset < span; offset++) {
        int year, month, mday;
        vc_date_to_ymd (self->view_first + offset, &year, &month, &mday);
        if ((months && mday != 1) || (!months && offset % (every > 0 ? every : 1))
        ||  (months && offset - last_label < every))
            continue;
        last_label = offset;
        char label [16];
        if (months)
            snprintf (label, sizeof label, "%02d-%04d", month, year);
        else
            snprintf (label, sizeof label, "%02d-%02d", mday, month);
        double x = left + slot * (offset + 0.5);
        cairo_move_to (cr, floor (x) + 0.5, top + height);
        cairo_line_to (cr, floor (x) + 0.5, top + height + 4);
        cairo_stroke (cr);
        s_text (cr, layout, label, x, top + height + 6, 0.5, 0);
    }
    char from [16], to [16], range [48];
    vc_date_format_vn (self->view_first, from, sizeof from);
    vc_date_format_vn (self->view_last, to, sizeof to);
    snprintf (range, sizeof range, "%s → %s", from, to);
    s_text (cr, layout, range, left + width, top + height + 24, 1, 0);
}

static void
s_draw_bars (cairo_t *cr, const s_palette_t *pal, chart_t *self, double left, double top, double width,
             double height, int64_t ymax)
{
    int span = self->view_last - self->view_first + 1;
    double slot = width / span;
    double gap = slot > 4 ? slot * 0.2 : 0;
    for (vc_day_t day = self->view_first; day <= self->view_last; day++) {
        int64_t value = lookup_chart_value (self, 0, day);
        double x = left + slot * (day - self->view_first) + gap / 2;
        if (value < 0) {                //  Not reported: a grey tick below the axis
            s_rgb (cr, pal->missing);
            cairo_rectangle (cr, x, top + height + 1, slot - gap > 1 ? slot - gap : 1, 3);
            cairo_fill (cr);
            continue;
        }
        double bar = height * (double) value / (double) ymax;
        s_rgb (cr, day == self->highlight ? pal->highlight : pal->bar);
        cairo_rectangle (cr, x, top + height - bar, slot - gap > 0.5 ? slot - gap : 0.5, bar);
        cairo_fill (cr);
    }
}

//  The 7-day average of each line
static void
s_draw_averages (cairo_t *cr, const s_palette_t *pal, chart_t *self, double left, double top, double width,
                 double height, int64_t ymax)
{
    int span = self->view_last - self->view_first + 1;
    double slot = width / span;
    cairo_set_line_width (cr, 2);
    for (int line = self->nlines - 1; line >= 0; line--) {
        s_rgb (cr, pal->lines [line]);
        bool drawing = false;
        for (vc_day_t day = self->view_first; day <= self->view_last; day++) {
            double average = lookup_chart_average (self, line, day);
            if (average < 0) {
                drawing = false;
                continue;
            }
            double x = left + slot * (day - self->view_first + 0.5);
            double y = top + height - height * average / (double) ymax;
            if (drawing)
                cairo_line_to (cr, x, y);
            else
                cairo_move_to (cr, x, y);
            drawing = true;
        }
        cairo_stroke (cr);
    }
}

//  The value under the pointer: a rule and a box of figures
static void
s_draw_hover (cairo_t *cr, const s_palette_t *pal, PangoLayout *layout, chart_t *self,
              double left, double top, double width, double height)
{
    if (self->hover < self->view_first || self->hover > self->view_last)
        return;
    int span = self->view_last - self->view_first + 1;
    double x = left + width / span * (self->hover - self->view_first + 0.5);
    s_rgba (cr, pal->rule);
    cairo_set_line_width (cr, 1);
    cairo_move_to (cr, floor (x) + 0.5, top);
    cairo_line_to (cr, floor (x) + 0.5, top + height);
    cairo_stroke (cr);
    char text [640];
    lookup_chart_hover_text (self, text, sizeof text);
    int text_w, text_h;
    pango_layout_set_text (layout, text, -1);
    pango_layout_get_pixel_size (layout, &text_w, &text_h);
    double bx = x + 8 + text_w + 8 < left + width ? x + 8 : x - 8 - text_w - 8;
    s_rgba (cr, pal->box);
    cairo_rectangle (cr, bx, top + 4, text_w + 8, text_h + 6);
    cairo_fill_preserve (cr);
    s_rgb (cr, pal->box_edge);
    cairo_stroke (cr);
    s_rgb (cr, pal->box_text);
    cairo_move_to (cr, bx + 4, top + 7);
    pango_cairo_show_layout (cr, layout);
}

static void
s_draw_legend (cairo_t *cr, const s_palette_t *pal, PangoLayout *layout, chart_t *self,
               double left, double top)
{
    double x = left;
    for (int line = 0; line < self->nlines; line++) {
        char text [160];
        snprintf (text, sizeof text, _("%s, 7-day average"), self->lines [line].name);
        s_rgb (cr, pal->lines [line]);
        cairo_rectangle (cr, x, top - 14, 14, 3);
        cairo_fill (cr);
        s_rgb (cr, pal->text);
        int text_w, text_h;
        pango_layout_set_text (layout, text, -1);
        pango_layout_get_pixel_size (layout, &text_w, &text_h);
        s_text (cr, layout, text, x + 18, top - 12, 0, 0.5);
        x += 18 + text_w + 16;
    }
}

void
lookup_chart_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user)
{
    (void) area;
    chart_t *self = (chart_t *) user;
    const s_palette_t *pal = adw_style_manager_get_dark (adw_style_manager_get_default ())
                           ? &s_dark : &s_light;
    s_rgb (cr, pal->background);
    cairo_paint (cr);
    PangoLayout *layout = pango_cairo_create_layout (cr);
    PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
    pango_layout_set_font_description (layout, font);
    if (self->nlines == 0) {
        s_rgb (cr, pal->text);
        s_text (cr, layout, self->message ? self->message : "", width / 2.0, height / 2.0, 0.5, 0.5);
    }
    else {
        double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
        double plot_h = height - MARGIN_TOP - MARGIN_BOTTOM;
        int64_t max = s_view_max (self);
        int64_t step = s_nice_step (max);
        int64_t ymax = step * ((max + step - 1) / step);
        if (ymax <= 0)
            ymax = step;
        if (plot_w > 20 && plot_h > 20) {
            s_draw_axes (cr, pal, layout, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h, ymax, step);
            s_draw_bars (cr, pal, self, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h, ymax);
            s_draw_averages (cr, pal, self, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h, ymax);
            s_draw_dates (cr, pal, layout, self, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h);
            s_draw_legend (cr, pal, layout, self, MARGIN_LEFT, MARGIN_TOP);
            s_draw_hover (cr, pal, layout, self, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h);
        }
        pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
        pango_font_description_set_size (font, 11 * PANGO_SCALE);
        pango_layout_set_font_description (layout, font);
        s_rgb (cr, pal->title);
        char title [256];
        if (self->figure)
            snprintf (title, sizeof title, _("Daily deaths — %s"), self->lines [0].name);
        s_text (cr, layout, self->figure ? title : self->title ? self->title : "",
                width / 2.0, 6, 0.5, 0);
    }
    pango_font_description_free (font);
    g_object_unref (layout);
}
