/*  monitor_stop - the Stop button: asks the broker to shut the whole
    system down with the operator key, after a confirmation bar. Without an
    operator key, or while the broker does not answer, the button is
    disabled and says why.  */
#include "monitor.h"
#include "vc_text.h"

static void
s_status (monitor_t *self, const char *text, bool error)
{
    gtk_label_set_text (GTK_LABEL (self->stop_status), text);
    gtk_widget_remove_css_class (self->stop_status, error ? "success" : "error");
    gtk_widget_add_css_class (self->stop_status, error ? "error" : "success");
}

void
monitor_stop_update (monitor_t *self)
{
    if (!self->operator_key)
        return;                 //  Disabled for good, with its tooltip
    if (self->answering) {
        //  A broker answers again: an earlier outcome is over
        s_status (self, "", false);
        gtk_widget_set_tooltip_text (self->stop, _("Stop the broker and every service"));
    }
    else {
        gtk_revealer_set_reveal_child (GTK_REVEALER (self->confirm), FALSE);
        gtk_widget_set_tooltip_text (self->stop, _("The broker does not answer: it cannot be asked to stop"));
    }
    gtk_widget_set_sensitive (self->stop, self->answering);
}

static void
s_stopped (gtk_net_result_t *result, void *user)
{
    monitor_t *self = (monitor_t *) user;
    char text [400];
    if (result->status == VC_OK) {
        vc_text_copy (text, sizeof text, _("Stop: the system is shutting down."));
        s_status (self, text, false);
        vc_info ("operator stop: %s", result->message);
    }
    else {
        if (result->status == VC_FORBIDDEN && strstr (result->message, "no operator key"))
            vc_text_copy (text, sizeof text,
                          _("Stop refused: the broker was started without an operator key."));
        else
        if (result->status == VC_FORBIDDEN)
            vc_text_copy (text, sizeof text, _("Stop refused: wrong operator key."));
        else
            snprintf (text, sizeof text, _("Stop failed: %s."), result->message);
        s_status (self, text, true);
        gtk_widget_set_sensitive (self->stop, TRUE);
        vc_warn ("operator stop: %s (%d)", result->message, result->status);
    }
}

static void
s_on_stop (GtkWidget *widget, gpointer user)
{
    (void) widget;
    monitor_t *self = (monitor_t *) user;
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->confirm), TRUE);
}

static void
s_on_cancel (GtkWidget *widget, gpointer user)
{
    (void) widget;
    monitor_t *self = (monitor_t *) user;
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->confirm), FALSE);
}

static void
s_on_confirm (GtkWidget *widget, gpointer user)
{
    (void) widget;
    monitor_t *self = (monitor_t *) user;
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->confirm), FALSE);
    gtk_widget_set_sensitive (self->stop, FALSE);
    s_status (self, _("Asking the broker to stop the system…"), false);
    gtk_net_call (self->net, VC_SERVICE_BROKER, vc_api_shutdown (self->operator_key),
                  s_stopped, self);
}

GtkWidget *
monitor_stop_new (monitor_t *self)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    self->stop_status = gtk_label_new ("");
    gtk_widget_set_name (self->stop_status, "stop-status");
    gtk_label_set_ellipsize (GTK_LABEL (self->stop_status), PANGO_ELLIPSIZE_END);
    gtk_label_set_max_width_chars (GTK_LABEL (self->stop_status), 48);
    gtk_label_set_xalign (GTK_LABEL (self->stop_status), 1);
    gtk_widget_set_hexpand (self->stop_status, TRUE);
    gtk_widget_set_hexpand (box, TRUE);
    self->stop = ui_kit_button ("monitor-stop", _("_Stop system…"), false);
    gtk_widget_add_css_class (self->stop, "destructive-action");
    gtk_widget_set_sensitive (self->stop, FALSE);
    if (self->operator_key)
        gtk_widget_set_tooltip_text (self->stop, _("The broker does not answer: it cannot be asked to stop"));
    else
        gtk_widget_set_tooltip_text (self->stop, _("Stopping needs the operator key: start "
            "vc-monitor with --operator-key-file (VC_OPERATOR_KEY_FILE)"));
    g_signal_connect (self->stop, "clicked", G_CALLBACK (s_on_stop), self);
    gtk_box_append (GTK_BOX (box), self->stop_status);
    gtk_box_append (GTK_BOX (box), self->stop);
    return box;
}

GtkWidget *
monitor_stop_confirm_bar (monitor_t *self)
{
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_add_css_class (bar, "confirm-bar");
    GtkWidget *question = gtk_label_new (_("Stop the broker and every service? "
                                           "Clients will lose the server."));
    gtk_widget_set_hexpand (question, TRUE);
    gtk_label_set_xalign (GTK_LABEL (question), 0);
    gtk_label_set_wrap (GTK_LABEL (question), TRUE);
    GtkWidget *cancel = ui_kit_button ("monitor-stop-cancel", _("_Cancel"), false);
    GtkWidget *confirm = ui_kit_button ("monitor-stop-confirm", _("Stop _now"), false);
    gtk_widget_add_css_class (confirm, "destructive-action");
    g_signal_connect (cancel, "clicked", G_CALLBACK (s_on_cancel), self);
    g_signal_connect (confirm, "clicked", G_CALLBACK (s_on_confirm), self);
    gtk_box_append (GTK_BOX (bar), question);
    gtk_box_append (GTK_BOX (bar), cancel);
    gtk_box_append (GTK_BOX (bar), confirm);
    self->confirm = gtk_revealer_new ();
    gtk_widget_set_name (self->confirm, "monitor-confirm");
    gtk_revealer_set_child (GTK_REVEALER (self->confirm), bar);
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->confirm), FALSE);
    return self->confirm;
}
