/*  ui_kit - style sheet and small widget helpers shared by vc-gtk and
    vc-monitor.  */
#include "ui_kit.h"

static const char *s_css =
    "window.vc-window { background-color: #eef5fb; }\n"
    ".page-title { font-size: 22pt; font-weight: 800; color: #0d47a1; }\n"
    ".page-subtitle { color: #455a64; }\n"
    ".server-address { font-size: 16pt; font-weight: 800; color: #0d47a1; }\n"
    ".card { background-color: #ffffff; border-radius: 12px; border: 1px solid #cfd8dc;"
    "  padding: 24px; }\n"
    ".status-error { color: #c62828; font-weight: bold; }\n"
    ".status-info { color: #2e7d32; font-weight: bold; }\n"
    ".status-busy { color: #455a64; }\n"
    ".result-number { font-size: 26pt; font-weight: 800; color: #b71c1c; }\n"
    ".result-caption { font-size: 12pt; color: #263238; }\n"
    ".health-up { color: #2e7d32; font-weight: bold; }\n"
    ".health-down { color: #c62828; font-weight: bold; }\n"
    ".monitor-panel { background-color: #ffffff; border-radius: 8px;"
    "  border: 1px solid #cfd8dc; padding: 12px; }\n"
    ".confirm-bar { background-color: #fff3e0; border: 1px solid #ffb74d;"
    "  border-radius: 8px; padding: 8px; }\n"
    "columnview { font-feature-settings: \"tnum\"; }\n"
    "columnview > listview > row > cell { padding: 2px 6px; }\n";

void
ui_kit_load_css (void)
{
    GtkCssProvider *provider = gtk_css_provider_new ();
    gtk_css_provider_load_from_data (provider, s_css, -1);
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
        GTK_STYLE_PROVIDER (provider), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (provider);
}

GtkWidget *
ui_kit_title (const char *title, const char *subtitle)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    GtkWidget *label = gtk_label_new (title);
    gtk_widget_add_css_class (label, "page-title");
    gtk_box_append (GTK_BOX (box), label);
    if (subtitle) {
        GtkWidget *below = gtk_label_new (subtitle);
        gtk_label_set_wrap (GTK_LABEL (below), TRUE);
        gtk_label_set_max_width_chars (GTK_LABEL (below), 48);
        gtk_label_set_justify (GTK_LABEL (below), GTK_JUSTIFY_CENTER);
        gtk_widget_add_css_class (below, "page-subtitle");
        gtk_box_append (GTK_BOX (box), below);
    }
    gtk_widget_set_margin_bottom (box, 12);
    return box;
}

void
ui_kit_form_row (GtkGrid *grid, int row, const char *label, GtkWidget *field)
{
    GtkWidget *caption = gtk_label_new_with_mnemonic (label);
    gtk_label_set_mnemonic_widget (GTK_LABEL (caption), field);
    gtk_label_set_xalign (GTK_LABEL (caption), 1.0);
    gtk_widget_set_hexpand (field, TRUE);
    gtk_grid_attach (grid, caption, 0, row, 1, 1);
    gtk_grid_attach (grid, field, 1, row, 1, 1);
}

GtkWidget *
ui_kit_entry (const char *name, const char *placeholder, bool password)
{
    GtkWidget *entry = password ? gtk_password_entry_new () : gtk_entry_new ();
    gtk_widget_set_name (entry, name);
    if (password) {
        gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
        g_object_set (entry, "placeholder-text", placeholder, NULL);
    }
    else
        gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
    return entry;
}

GtkWidget *
ui_kit_button (const char *name, const char *label, bool suggested)
{
    GtkWidget *button = gtk_button_new_with_mnemonic (label);
    gtk_widget_set_name (button, name);
    if (suggested)
        gtk_widget_add_css_class (button, "suggested-action");
    return button;
}

void
ui_status_init (ui_status_t *self, const char *prefix, GCallback reconnect_cb, gpointer user)
{
    char name [64];
    self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_halign (self->box, GTK_ALIGN_CENTER);
    self->spinner = gtk_spinner_new ();
    gtk_widget_set_visible (self->spinner, FALSE);
    self->label = gtk_label_new ("");
    snprintf (name, sizeof name, "%s-status", prefix);
    gtk_widget_set_name (self->label, name);
    gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->label), 60);
    gtk_label_set_justify (GTK_LABEL (self->label), GTK_JUSTIFY_CENTER);
    gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
    self->reconnect = gtk_button_new_with_mnemonic ("_Reconnect");
    snprintf (name, sizeof name, "%s-reconnect", prefix);
    gtk_widget_set_name (self->reconnect, name);
    gtk_widget_set_visible (self->reconnect, FALSE);
    if (reconnect_cb)
        g_signal_connect (self->reconnect, "clicked", reconnect_cb, user);
    gtk_box_append (GTK_BOX (self->box), self->spinner);
    gtk_box_append (GTK_BOX (self->box), self->label);
    gtk_box_append (GTK_BOX (self->box), self->reconnect);
    gtk_widget_set_visible (self->box, FALSE);
}

static void
s_status_set (ui_status_t *self, const char *text, const char *css_class, bool busy)
{
    gtk_label_set_text (GTK_LABEL (self->label), text);
    gtk_widget_remove_css_class (self->label, "status-error");
    gtk_widget_remove_css_class (self->label, "status-info");
    gtk_widget_remove_css_class (self->label, "status-busy");
    if (css_class)
        gtk_widget_add_css_class (self->label, css_class);
    gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
    gtk_widget_set_visible (self->spinner, busy);
    gtk_widget_set_visible (self->reconnect, FALSE);
    gtk_widget_set_visible (self->box, *text || busy);
}

void
ui_status_error (ui_status_t *self, const char *text, bool offer_reconnect)
{
    s_status_set (self, text, "status-error", false);
    gtk_widget_set_visible (self->reconnect, offer_reconnect);
}

void
ui_status_info (ui_status_t *self, const char *text)
{
    s_status_set (self, text, "status-info", false);
}

void
ui_status_busy (ui_status_t *self, const char *text)
{
    s_status_set (self, text, "status-busy", true);
}

void
ui_status_clear (ui_status_t *self)
{
    s_status_set (self, "", NULL, false);
}
