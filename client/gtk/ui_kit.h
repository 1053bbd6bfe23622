/*  ui_kit - the look shared by the GTK client and the monitor: the style
    sheet, page titles, labelled form rows, and the status area each page
    shows its outcome in (a message, a spinner while busy, and a Reconnect
    button when the server is gone).
*/
#ifndef UI_KIT_H_INCLUDED
#define UI_KIT_H_INCLUDED

#include <gtk/gtk.h>

//  Install the style sheet on the default display.
void ui_kit_load_css (void);

//  A page title with an optional line below it.
GtkWidget *ui_kit_title (const char *title, const char *subtitle);

//  Attach "label" and field at row of a two-column form grid; the label
//  is mnemonic-linked to the field.
void ui_kit_form_row (GtkGrid *grid, int row, const char *label, GtkWidget *field);

//  A named entry with a placeholder; password entries hide their text.
GtkWidget *ui_kit_entry (const char *name, const char *placeholder, bool password);

//  A named button; suggested marks the page's main action.
GtkWidget *ui_kit_button (const char *name, const char *label, bool suggested);

typedef struct {
    GtkWidget *box;             //  Put this in the page
    GtkWidget *spinner;
    GtkWidget *label;           //  Named PREFIX-status
    GtkWidget *reconnect;       //  Named PREFIX-reconnect
} ui_status_t;

//  Build the status area; reconnect_cb (may be NULL) runs on Reconnect.
void ui_status_init (ui_status_t *self, const char *prefix,
                     GCallback reconnect_cb, gpointer user);
void ui_status_error (ui_status_t *self, const char *text, bool offer_reconnect);
void ui_status_info (ui_status_t *self, const char *text);
void ui_status_busy (ui_status_t *self, const char *text);
void ui_status_clear (ui_status_t *self);

#endif
