/*  ui_contrast - how well a widget's text stands out from its background,
    measured on the window as drawn: the WCAG 2 contrast ratio between the
    widget area's most common colour (its background) and its second most
    common colour (the solid colour of its text; antialiased edges vary). 1 means invisible text, 21 black
    on white; WCAG asks 4.5 for body text and 3 for large text.
*/
#ifndef UI_CONTRAST_H_INCLUDED
#define UI_CONTRAST_H_INCLUDED

#include <gtk/gtk.h>

//  Contrast ratio of widget's text inside window, with the two colours in
//  detail; -1 if the window is not drawn yet or the widget is not shown.
double ui_contrast_of (GtkWidget *window, GtkWidget *widget, char *detail, size_t detail_size);

//  WCAG relative luminance of an sRGB colour (0..255 each), and the ratio
//  of two luminances (the lighter first or not).
double ui_contrast_luminance (int red, int green, int blue);
double ui_contrast_ratio (double luminance_a, double luminance_b);

#endif
