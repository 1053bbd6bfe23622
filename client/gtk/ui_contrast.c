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

//  The most common colour of the area (its background), as 0xRRGGBB
static guint32
s_background (const guchar *pixels, gsize stride, int x0, int y0, int width, int height)
{
    GHashTable *counts = g_hash_table_new (g_direct_hash, g_direct_equal);
    guint32 best = 0;
    guint most = 0;
    for (int y = y0; y < y0 + height; y++)
        for (int x = x0; x < x0 + width; x++) {
            const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
            guint32 rgb = (guint32) p [2] << 16 | (guint32) p [1] << 8 | p [0];
            guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (rgb + 1))) + 1;
            g_hash_table_insert (counts, GUINT_TO_POINTER (rgb + 1), GUINT_TO_POINTER (count));
            if (count > most) {
                most = count;
                best = rgb;
            }
        }
    g_hash_table_destroy (counts);
    return best;
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
        guint32 back = s_background (pixels, stride, x0, y0, x1 - x0, y1 - y0);
        double back_l = ui_contrast_luminance ((int) (back >> 16), (int) (back >> 8 & 0xff), (int) (back & 0xff));
        guint32 text = back;
        ratio = 1;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++) {
                const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
                double r = ui_contrast_ratio (back_l, ui_contrast_luminance (p [2], p [1], p [0]));
                if (r > ratio) {
                    ratio = r;
                    text = (guint32) p [2] << 16 | (guint32) p [1] << 8 | p [0];
                }
            }
        snprintf (detail, detail_size, "text #%06x on #%06x", text, back);
    }
    g_free (pixels);
    return ratio;
}
