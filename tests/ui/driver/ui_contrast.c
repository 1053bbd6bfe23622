/*  ui_contrast - text contrast measured on the drawn window (WCAG 2).  */
#include "ui_contrast.h"
#include "ui_script.h"
#include <math.h>
#include <string.h>

static double
s_channel (int value)
{
    double c = value / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
ui_contrast_luminance (int red, int green, int blue)
{
    return 0.2126 * s_channel (red) + 0.7152 * s_channel (green) + 0.0722 * s_channel (blue);
}

double
ui_contrast_ratio (double luminance_a, double luminance_b)
{
    double light = luminance_a > luminance_b ? luminance_a : luminance_b;
    double dark = luminance_a > luminance_b ? luminance_b : luminance_a;
    return (light + 0.05) / (dark + 0.05);
}

//  The most common colour of the area (its background) and the most common
//  other colour (its text), as 0xRRGGBB; text is background if there is
//  no other colour
static void
s_colours (const guchar *pixels, gsize stride, int x0, int y0, int x1, int y1,
           guint32 *background, guint32 *text)
{
    GHashTable *counts = g_hash_table_new (g_direct_hash, g_direct_equal);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
            gpointer key = GUINT_TO_POINTER (((guint32) p [2] << 16 | (guint32) p [1] << 8 | p [0]) + 1);
            guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
            g_hash_table_insert (counts, key, GUINT_TO_POINTER (count + 1));
        }
    guint first = 0, second = 0;
    *background = *text = 0;
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        guint32 rgb = GPOINTER_TO_UINT (key) - 1;
        guint count = GPOINTER_TO_UINT (value);
        if (count > first) {
            second = first;
            *text = *background;
            first = count;
            *background = rgb;
        }
        else
        if (count > second) {
            second = count;
            *text = rgb;
        }
    }
    if (!second)
        *text = *background;
    g_hash_table_destroy (counts);
}

static double
s_luminance (guint32 rgb)
{
    return ui_contrast_luminance ((int) (rgb >> 16), (int) (rgb >> 8 & 0xff), (int) (rgb & 0xff));
}

double
ui_contrast_of (GtkWidget *window, GtkWidget *widget, char *detail, size_t detail_size)
{
    graphene_rect_t bounds;
    if (!gtk_widget_get_mapped (widget) || !gtk_widget_compute_bounds (widget, window, &bounds))
        return -1;
    GdkTexture *texture = ui_script_render (window);
    if (!texture)
        return -1;
    int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
    gsize stride = (gsize) width * 4;
    guchar *pixels = g_malloc (stride * (gsize) height);
    gdk_texture_download (texture, pixels, stride);      //  Cairo ARGB32: B G R A
    g_object_unref (texture);
    int x0 = MAX (0, (int) bounds.origin.x), y0 = MAX (0, (int) bounds.origin.y);
    int x1 = MIN (width, (int) (bounds.origin.x + bounds.size.width));
    int y1 = MIN (height, (int) (bounds.origin.y + bounds.size.height));
    double ratio = -1;
    if (x1 > x0 && y1 > y0) {
        guint32 back, text;
        s_colours (pixels, stride, x0, y0, x1, y1, &back, &text);
        ratio = ui_contrast_ratio (s_luminance (back), s_luminance (text));
        snprintf (detail, detail_size, "text #%06x on #%06x", text, back);
    }
    g_free (pixels);
    return ratio;
}
