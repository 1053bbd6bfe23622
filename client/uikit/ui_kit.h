/*  ui_kit - the look shared by the GTK client and the monitor (libadwaita):
    the style sheet (named colours only, so light and dark both read well),
    page titles, clamped cards, labelled form rows whose errors show beside
    the field, and the status area each page shows its outcome in (a
    message, a spinner and Cancel while busy, Reconnect when the server is
    gone).
*/
#ifndef UI_KIT_H_INCLUDED
#define UI_KIT_H_INCLUDED

#include <adwaita.h>
#include <stdbool.h>

//  The text of a widget as a test reads it, for widgets that are not
//  labels, editables, buttons or stacks (a chart, a table, the toasts):
//  a function that returns a newly allocated string. Set once per widget;
//  ui_kit_text_func returns it, or NULL.
typedef char *(ui_kit_text_fn) (GtkWidget *widget);
void ui_kit_set_text_func (GtkWidget *widget, ui_kit_text_fn *fn);
ui_kit_text_fn *ui_kit_text_func (GtkWidget *widget);

//  Install the style sheet on the default display.
void ui_kit_load_css (void);

//  The stack of a window's pages, named name, crossfading from one to the
//  next. Only the page on show takes keys: the page being left stays on
//  screen while the crossfade runs, so it is made insensitive at once and
//  its mnemonics (Alt+P for the Password field of a page left behind) do
//  not take the focus away from the page on show.
GtkWidget *ui_kit_pages_new (const char *name);

//  A page title with an optional line below it.
GtkWidget *ui_kit_title (const char *title, const char *subtitle);

//  child in a card at most max_width pixels wide, centred (AdwClamp), so
//  fields do not stretch across a wide window.
GtkWidget *ui_kit_clamp (GtkWidget *child, int max_width);

//  Attach a mnemonic caption and field at form row `row` of a two-column
//  grid (each row takes two grid lines: the field, then its error line).
//  target is the widget the mnemonic focuses (NULL: the field itself).
void ui_kit_form_row (GtkGrid *grid, int row, const char *label, GtkWidget *field,
                      GtkWidget *target);

//  A named entry with a placeholder; password entries hide their text.
GtkWidget *ui_kit_entry (const char *name, const char *placeholder, bool password);

//  A named button; suggested marks the page's main action.
GtkWidget *ui_kit_button (const char *name, const char *label, bool suggested);

//  The header bar's main menu button ("main-menu"): its items, each a
//  label and its action, in order, up to a NULL label. Takes no reference
//  from the caller.
GtkWidget *ui_kit_menu_button (const char *const labels [], const char *const actions []);

//  Show reason beside field (its error line, named FIELD-error) and mark
//  the field; ui_kit_field_ok clears both. The reason is also the field's
//  accessible description.
void ui_kit_field_error (GtkWidget *field, const char *reason);
void ui_kit_field_ok (GtkWidget *field);

typedef struct {
    GtkWidget *box;             //  Put this in the page
    GtkWidget *spinner;
    GtkWidget *label;           //  Named PREFIX-status
    GtkWidget *reconnect;       //  Named PREFIX-reconnect
    GtkWidget *cancel;          //  Named PREFIX-cancel, shown while busy
    GtkWidget *extra;           //  Box under the message for page buttons
} ui_status_t;

//  Build the status area; reconnect_cb and cancel_cb (may be NULL) run on
//  Reconnect and Cancel.
void ui_status_init (ui_status_t *self, const char *prefix,
                     GCallback reconnect_cb, GCallback cancel_cb, gpointer user);
void ui_status_error (ui_status_t *self, const char *text, bool offer_reconnect);
void ui_status_info (ui_status_t *self, const char *text);
void ui_status_busy (ui_status_t *self, const char *text);
void ui_status_clear (ui_status_t *self);

//  A passing message at the bottom of the window (toast), if the window
//  holds a toast overlay registered with ui_kit_set_toasts.
void ui_kit_set_toasts (GtkWindow *window, AdwToastOverlay *overlay);
void ui_kit_toast (GtkWidget *any, const char *text);
//  Takes the toast on show away (its message is about a page left): at
//  once if it has been on show UI_KIT_TOAST_SLIDE_MS, else when it has
//  (libadwaita 1.2's slide-in lasts up to 500 ms); a new message in the
//  meantime keeps it.
#define UI_KIT_TOAST_SLIDE_MS 700
void ui_kit_toast_withdraw (GtkWidget *any);

#endif
