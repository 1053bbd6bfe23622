/*  ui_kit - style sheet and small widget helpers shared by vc-gtk and
    vc-monitor, on libadwaita. Colours are libadwaita's named colours only:
    the same sheet reads well in the light and the dark style.  */
#include "ui_kit.h"
#include "vc_log.h"
#include "vc_i18n.h"

#define TOASTS_KEY "ui-kit-toasts"
#define ERROR_KEY  "ui-kit-error-label"

static const char *s_css =
    ".page-subtitle { opacity: 0.8; }\n"
    ".server-address { font-size: 16pt; font-weight: 800; color: @accent_color; }\n"
    ".form-card { padding: 24px; }\n"
    ".field-error { font-size: smaller; }\n"
    ".result-number { font-size: 26pt; font-weight: 800; color: @accent_color; }\n"
    ".result-caption { font-size: 12pt; }\n"
    ".monitor-panel { padding: 12px; }\n"
    ".confirm-bar { background-color: alpha(@warning_color, 0.18); border-radius: 8px;"
    "  padding: 8px; }\n"
    ".separator-row { font-weight: bold; color: @accent_color; }\n"
    "columnview, .events-list { font-feature-settings: \"tnum\"; }\n"
    "columnview > listview > row > cell { padding: 2px 6px; }\n"
    ".events-list > row { padding: 0; }\n"
    ".events-header > label { font-weight: bold; }\n"
    ".events-header > label, .event-row > label { padding: 2px 6px;"
    "  border-right: 1px solid @borders; }\n"
    ".events-header > label:last-child, .event-row > label:last-child { border-right: none; }\n"
    //  A calendar that marks the days with figures: the others drawn faint
    "calendar.day-marks > grid > label.day-number:not(:checked):not(.other-month)"
    " { color: alpha(currentColor, 0.35); }\n"
    "calendar.day-marks > grid > label.day-number:checked { font-weight: bold; }\n";

#define TEXT_FUNC_KEY "ui-kit-text-func"

void
ui_kit_set_text_func (GtkWidget *widget, ui_kit_text_fn *fn)
{
    g_object_set_data (G_OBJECT (widget), TEXT_FUNC_KEY, (gpointer) fn);
}

ui_kit_text_fn *
ui_kit_text_func (GtkWidget *widget)
{
    return (ui_kit_text_fn *) g_object_get_data (G_OBJECT (widget), TEXT_FUNC_KEY);
}

void
ui_kit_load_css (void)
{
    GtkCssProvider *provider = gtk_css_provider_new ();
    gtk_css_provider_load_from_data (provider, s_css, -1);
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
        GTK_STYLE_PROVIDER (provider), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (provider);
}

//  notify::visible-child: the page on show is the only sensitive one
static void
s_pages_changed (GtkStack *stack, GParamSpec *pspec, gpointer user)
{
    (void) pspec, (void) user;
    GtkWidget *shown = gtk_stack_get_visible_child (stack);
    for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (stack)); page;
         page = gtk_widget_get_next_sibling (page))
        gtk_widget_set_sensitive (page, page == shown);
}

GtkWidget *
ui_kit_pages_new (const char *name)
{
    GtkWidget *stack = gtk_stack_new ();
    gtk_widget_set_name (stack, name);
    gtk_stack_set_transition_type (GTK_STACK (stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
    g_signal_connect (stack, "notify::visible-child", G_CALLBACK (s_pages_changed), NULL);
    return stack;
}

GtkWidget *
ui_kit_title (const char *title, const char *subtitle)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    GtkWidget *label = gtk_label_new (title);
    gtk_widget_add_css_class (label, "title-1");
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
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

GtkWidget *
ui_kit_clamp (GtkWidget *child, int max_width)
{
    gtk_widget_add_css_class (child, "card");
    gtk_widget_add_css_class (child, "form-card");
    GtkWidget *clamp = adw_clamp_new ();
    adw_clamp_set_maximum_size (ADW_CLAMP (clamp), max_width);
    adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), max_width);
    adw_clamp_set_child (ADW_CLAMP (clamp), child);
    gtk_widget_set_valign (clamp, GTK_ALIGN_CENTER);
    gtk_widget_set_margin_start (clamp, 12);
    gtk_widget_set_margin_end (clamp, 12);
    gtk_widget_set_margin_top (clamp, 12);
    gtk_widget_set_margin_bottom (clamp, 12);
    return clamp;
}

void
ui_kit_form_row (GtkGrid *grid, int row, const char *label, GtkWidget *field, GtkWidget *target)
{
    if (!target)
        target = field;
    GtkWidget *caption = gtk_label_new_with_mnemonic (label);
    gtk_label_set_mnemonic_widget (GTK_LABEL (caption), target);
    gtk_label_set_xalign (GTK_LABEL (caption), 1.0);
    gtk_widget_set_hexpand (field, TRUE);
    GtkWidget *error = gtk_label_new ("");
    char name [96];
    snprintf (name, sizeof name, "%s-error", gtk_widget_get_name (target));
    gtk_widget_set_name (error, name);
    gtk_label_set_xalign (GTK_LABEL (error), 0.0);
    gtk_label_set_wrap (GTK_LABEL (error), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (error), 40);
    gtk_widget_add_css_class (error, "error");
    gtk_widget_add_css_class (error, "field-error");
    gtk_widget_set_visible (error, FALSE);
    g_object_set_data (G_OBJECT (target), ERROR_KEY, error);
    gtk_grid_attach (grid, caption, 0, 2 * row, 1, 1);
    gtk_grid_attach (grid, field, 1, 2 * row, 1, 1);
    gtk_grid_attach (grid, error, 1, 2 * row + 1, 1, 1);
}

void
ui_kit_field_error (GtkWidget *field, const char *reason)
{
    GtkWidget *error = (GtkWidget *) g_object_get_data (G_OBJECT (field), ERROR_KEY);
    gtk_widget_add_css_class (field, "error");
    if (error) {
        gtk_label_set_text (GTK_LABEL (error), reason);
        gtk_widget_set_visible (error, TRUE);
    }
    gtk_accessible_update_property (GTK_ACCESSIBLE (field),
        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason, -1);
    gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                 GTK_ACCESSIBLE_INVALID_TRUE, -1);
}

void
ui_kit_field_ok (GtkWidget *field)
{
    GtkWidget *error = (GtkWidget *) g_object_get_data (G_OBJECT (field), ERROR_KEY);
    gtk_widget_remove_css_class (field, "error");
    if (error) {
        gtk_label_set_text (GTK_LABEL (error), "");
        gtk_widget_set_visible (error, FALSE);
    }
    gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
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

GtkWidget *
ui_kit_menu_button (const char *const labels [], const char *const actions [])
{
    GMenu *menu = g_menu_new ();
    for (int i = 0; labels [i]; i++)
        g_menu_append (menu, labels [i], actions [i]);
    GtkWidget *button = gtk_menu_button_new ();
    gtk_widget_set_name (button, "main-menu");
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "open-menu-symbolic");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
    gtk_widget_set_tooltip_text (button, _("Main menu"));
    gtk_menu_button_set_primary (GTK_MENU_BUTTON (button), TRUE);     //  F10 opens it
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
    if (popover)
        gtk_widget_set_name (GTK_WIDGET (popover), "main-menu-popover");
    g_object_unref (menu);
    return button;
}

static GtkWidget *
s_named_button (const char *prefix, const char *suffix, const char *label,
                GCallback callback, gpointer user)
{
    char name [64];
    snprintf (name, sizeof name, "%s-%s", prefix, suffix);
    GtkWidget *button = ui_kit_button (name, label, false);
    gtk_widget_set_visible (button, FALSE);
    if (callback)
        g_signal_connect (button, "clicked", callback, user);
    return button;
}

void
ui_status_init (ui_status_t *self, const char *prefix, GCallback reconnect_cb,
                GCallback cancel_cb, gpointer user)
{
    char name [64];
    self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_halign (line, GTK_ALIGN_CENTER);
    self->spinner = gtk_spinner_new ();
    gtk_widget_set_visible (self->spinner, FALSE);
    self->label = gtk_label_new ("");
    snprintf (name, sizeof name, "%s-status", prefix);
    gtk_widget_set_name (self->label, name);
    gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->label), 50);
    gtk_label_set_justify (GTK_LABEL (self->label), GTK_JUSTIFY_CENTER);
    gtk_label_set_selectable (GTK_LABEL (self->label), TRUE);
    self->reconnect = s_named_button (prefix, "reconnect", _("_Reconnect"), reconnect_cb, user);
    self->cancel = s_named_button (prefix, "cancel", _("_Cancel"), cancel_cb, user);
    self->extra = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_set_halign (self->extra, GTK_ALIGN_CENTER);
    gtk_widget_set_visible (self->extra, FALSE);
    gtk_box_append (GTK_BOX (line), self->spinner);
    gtk_box_append (GTK_BOX (line), self->label);
    gtk_box_append (GTK_BOX (line), self->reconnect);
    gtk_box_append (GTK_BOX (line), self->cancel);
    gtk_box_append (GTK_BOX (self->box), line);
    gtk_box_append (GTK_BOX (self->box), self->extra);
    gtk_widget_set_visible (self->box, FALSE);
}

static void
s_status_set (ui_status_t *self, const char *text, const char *css_class, bool busy)
{
    gtk_label_set_text (GTK_LABEL (self->label), text);
    gtk_widget_remove_css_class (self->label, "error");
    gtk_widget_remove_css_class (self->label, "success");
    gtk_widget_remove_css_class (self->label, "dim-label");
    if (css_class)
        gtk_widget_add_css_class (self->label, css_class);
    gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
    gtk_widget_set_visible (self->spinner, busy);
    gtk_widget_set_visible (self->reconnect, FALSE);
    gtk_widget_set_visible (self->cancel, busy && g_signal_has_handler_pending (
        self->cancel, g_signal_lookup ("clicked", GTK_TYPE_BUTTON), 0, FALSE));
    gtk_widget_set_visible (self->extra, FALSE);
    gtk_widget_set_visible (self->box, *text || busy);
}

void
ui_status_error (ui_status_t *self, const char *text, bool offer_reconnect)
{
    s_status_set (self, text, "error", false);
    gtk_widget_set_visible (self->reconnect, offer_reconnect);
}

void
ui_status_info (ui_status_t *self, const char *text)
{
    s_status_set (self, text, "success", false);
}

void
ui_status_busy (ui_status_t *self, const char *text)
{
    s_status_set (self, text, "dim-label", true);
}

void
ui_status_clear (ui_status_t *self)
{
    s_status_set (self, "", NULL, false);
}

void
ui_kit_set_toasts (GtkWindow *window, AdwToastOverlay *overlay)
{
    g_object_set_data (G_OBJECT (window), TOASTS_KEY, overlay);
}

//  "dismissed": the toast is going (its time is up, or closed); a new
//  message needs a new toast
static void
s_toast_gone (AdwToast *toast, gpointer user)
{
    AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (user);
    if (g_object_get_data (G_OBJECT (overlay), "ui-kit-toast") == toast) {
        g_object_set_data (G_OBJECT (overlay), "ui-kit-toast", NULL);
        //  What the toasts say (ui_app): nothing once none is on show
        g_object_set_data (G_OBJECT (overlay), "ui-app-last-toast", NULL);
    }
}

static AdwToastOverlay *
s_toasts (GtkWidget *any)
{
    GtkRoot *root = gtk_widget_get_root (any);
    return root ? (AdwToastOverlay *) g_object_get_data (G_OBJECT (root), TOASTS_KEY) : NULL;
}

//  A withdrawal that waits for the toast's slide-in: cancelled by a new
//  message (which the toast then shows)
static void
s_withdraw_cancel (AdwToastOverlay *overlay)
{
    guint source = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (overlay), "ui-kit-withdraw"));
    if (source)
        g_source_remove (source);
    g_object_set_data (G_OBJECT (overlay), "ui-kit-withdraw", NULL);
}

static gboolean
s_withdraw_now (gpointer user)
{
    AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (user);
    g_object_set_data (G_OBJECT (overlay), "ui-kit-withdraw", NULL);
    AdwToast *shown = (AdwToast *) g_object_get_data (G_OBJECT (overlay), "ui-kit-toast");
    if (shown)
        adw_toast_dismiss (shown);
    return G_SOURCE_REMOVE;
}

void
ui_kit_toast_withdraw (GtkWidget *any)
{
    AdwToastOverlay *overlay = s_toasts (any);
    AdwToast *shown = overlay ? (AdwToast *) g_object_get_data (G_OBJECT (overlay), "ui-kit-toast") : NULL;
    if (!shown || g_object_get_data (G_OBJECT (overlay), "ui-kit-withdraw"))
        return;
    //  Dismissed only once its slide-in is over (libadwaita 1.2 frees a
    //  toast dismissed while it slides in, then uses it)
    gint64 *added = (gint64 *) g_object_get_data (G_OBJECT (overlay), "ui-kit-toast-added");
    gint64 shown_ms = added ? (g_get_monotonic_time () - *added) / 1000 : 0;
    if (shown_ms >= UI_KIT_TOAST_SLIDE_MS) {
        vc_debug ("toast withdrawn after %" G_GINT64_FORMAT " ms on show", shown_ms);
        adw_toast_dismiss (shown);
        return;
    }
    vc_debug ("toast withdrawn once shown: %" G_GINT64_FORMAT " ms on show", shown_ms);
    guint source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (UI_KIT_TOAST_SLIDE_MS - shown_ms),
                                       s_withdraw_now, g_object_ref (overlay), g_object_unref);
    g_object_set_data (G_OBJECT (overlay), "ui-kit-withdraw", GUINT_TO_POINTER (source));
}

void
ui_kit_toast (GtkWidget *any, const char *text)
{
    AdwToastOverlay *overlay = s_toasts (any);
    if (!overlay)
        return;
    s_withdraw_cancel (overlay);
    g_object_set_data_full (G_OBJECT (overlay), "ui-app-last-toast", g_strdup (text), g_free);
    //  The newest message replaces the one on show: after a change of
    //  server, "Connected to" the old one would mislead. The toast on show
    //  takes the new text and shows it its full time again; it is never
    //  dismissed for a new one, since libadwaita 1.2 frees a toast
    //  dismissed while it slides in and then uses it (a crash when two
    //  messages come within half a second)
    AdwToast *shown = (AdwToast *) g_object_get_data (G_OBJECT (overlay), "ui-kit-toast");
    if (shown) {
        adw_toast_set_title (shown, text);
        adw_toast_overlay_add_toast (overlay, g_object_ref (shown));
        return;
    }
    AdwToast *toast = adw_toast_new (text);
    adw_toast_set_timeout (toast, 3);
    gint64 *added = g_new (gint64, 1);
    *added = g_get_monotonic_time ();
    g_object_set_data_full (G_OBJECT (overlay), "ui-kit-toast-added", added, g_free);
    g_object_set_data_full (G_OBJECT (overlay), "ui-kit-toast", g_object_ref (toast), g_object_unref);
    g_signal_connect_object (toast, "dismissed", G_CALLBACK (s_toast_gone), overlay, 0);
    adw_toast_overlay_add_toast (overlay, toast);
}
