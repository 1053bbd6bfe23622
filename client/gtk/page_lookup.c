/*  page_lookup - province and optional date, Look up, Sign out. Shows the
    total (or the day's new cases) the Vietnamese way ("1.270") and a chart
    of the province's daily cases over the covered range.  */
#include "app.h"
#include "lookup_chart.h"
#include "lookup_inputs.h"

struct _page_lookup_t {
    app_t *app;
    GtkWidget *province;
    GtkWidget *date;
    GtkWidget *lookup;
    GtkWidget *signout;
    GtkWidget *result_box;          //  Caption and number; hidden when empty
    GtkWidget *caption;
    GtkWidget *result;
    GtkWidget *chart;
    ui_status_t status;
    vc_day_t asked_day;             //  Day of the current lookup, or -1
    char lists_for [256];           //  Address the province list came from
};

static void
s_set_busy (page_lookup_t *self, bool busy)
{
    gtk_widget_set_sensitive (self->lookup, !busy);
    gtk_widget_set_sensitive (self->signout, !busy);
}

static void
s_set_result (page_lookup_t *self, const char *caption, const char *number)
{
    gtk_label_set_text (GTK_LABEL (self->caption), caption);
    gtk_label_set_text (GTK_LABEL (self->result), number);
    gtk_widget_set_visible (self->result_box, *caption || *number);
}

static void
s_got_series (gtk_net_result_t *result, void *user)
{
    page_lookup_t *self = (page_lookup_t *) user;
    char province [128] = "", title [256], text [320];
    if (result->reply)
        vc_reply_str (result->reply, "province", province, sizeof province);
    series_point_t *points = NULL;
    int count = result->status == VC_OK && result->reply
              ? lookup_series_parse (result->reply->body, &points) : -1;
    if (count > 0) {
        snprintf (title, sizeof title, "Daily new cases — %s", *province ? province
                  : gtk_label_get_text (GTK_LABEL (self->caption)));
        lookup_chart_set (self->chart, title, points, count, self->asked_day);
    }
    else {
        snprintf (text, sizeof text, "no daily figures to chart%s%s",
                  result->status != VC_OK ? ": " : "", result->status != VC_OK ? result->message : "");
        lookup_chart_clear (self->chart, text);
    }
    g_free (points);
}

static void
s_show_result (page_lookup_t *self, vc_reply_t *reply)
{
    char province [128], date [32], as_of [32], number [32], caption [320];
    vc_reply_str (reply, "province", province, sizeof province);
    vc_reply_str (reply, "date", date, sizeof date);
    vc_reply_str (reply, "as_of", as_of, sizeof as_of);
    vc_day_t day;
    char err [80];
    if (*date && vc_date_parse (date, &day, err, sizeof err) == 0)
        vc_date_format_vn (day, date, sizeof date);
    if (*as_of && vc_date_parse (as_of, &day, err, sizeof err) == 0)
        vc_date_format_vn (day, as_of, sizeof as_of);
    if (self->asked_day >= 0) {
        snprintf (caption, sizeof caption, "New cases in %s on %s", province, date);
        vc_number_format (vc_reply_int (reply, "new_cases", 0), number, sizeof number);
    }
    else {
        snprintf (caption, sizeof caption, "Total cases in %s%s%s", province,
                  *as_of ? " as of " : "", as_of);
        vc_number_format (vc_reply_int (reply, "total", 0), number, sizeof number);
    }
    s_set_result (self, caption, number);
}

//  An unknown province comes with the nearest names: offer them
static void
s_add_suggestions (gtk_net_result_t *result)
{
    char names [512];
    if (!vc_reply_suggestions (result->reply, names, sizeof names))
        return;
    char *text = g_strdup_printf ("%s. Did you mean %s?", result->message, names);
    snprintf (result->message, sizeof result->message, "%s", text);
    g_free (text);
}

static void
s_looked_up (gtk_net_result_t *result, void *user)
{
    page_lookup_t *self = (page_lookup_t *) user;
    s_set_busy (self, false);
    if (result->status == VC_UNAUTHORISED) {
        self->app->username [0] = 0;
        char text [320];
        snprintf (text, sizeof text, "%s: please sign in again", result->message);
        page_signin_enter (self->app, text);
        return;
    }
    if (result->status == VC_NOT_FOUND)
        s_add_suggestions (result);
    if (app_failed (self->app, &self->status, result)) {
        //  A gone server leaves the screen as it was (only the error shows)
        if (!result->server_gone)
            s_set_result (self, "", "");
        gtk_widget_grab_focus (self->province);
        return;
    }
    ui_status_clear (&self->status);
    s_show_result (self, result->reply);
    char province [128];
    vc_reply_str (result->reply, "province", province, sizeof province);
    if (!*province)
        snprintf (province, sizeof province, "%s", gtk_editable_get_text (GTK_EDITABLE (self->province)));
    lookup_chart_clear (self->chart, "loading the daily figures…");
    gtk_net_call (self->app->net, VC_SERVICE_DATA, vc_api_series (province, NULL, NULL),
                  s_got_series, self);
}

static void
s_input_error (page_lookup_t *self, const char *reason, GtkWidget *field)
{
    ui_status_error (&self->status, reason, false);
    s_set_result (self, "", "");
    gtk_widget_grab_focus (field);
}

static void
s_lookup (page_lookup_t *self)
{
    if (!gtk_widget_get_sensitive (self->lookup))
        return;
    char *province = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->province))));
    char err [160];
    char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date))));
    vc_day_t day = -1;
    int date_rc = lookup_date_get (self->date, &day, err, sizeof err);
    if (!*province)
        s_input_error (self, "enter a province or city, e.g. TP. Hồ Chí Minh", self->province);
    else
    if (date_rc < 0)
        s_input_error (self, err, self->date);
    else {
        self->asked_day = date_rc == 0 ? day : -1;
        ui_status_busy (&self->status, "looking up…");
        s_set_busy (self, true);
        gtk_net_call (self->app->net, VC_SERVICE_DATA,
                      vc_api_lookup (province, date_rc == 0 ? date : NULL), s_looked_up, self);
    }
    g_free (province);
    g_free (date);
}

static void
s_on_lookup (GtkWidget *widget, gpointer user)
{
    (void) widget;
    s_lookup ((page_lookup_t *) user);
}

static void
s_signed_out (gtk_net_result_t *result, void *user)
{
    page_lookup_t *self = (page_lookup_t *) user;
    s_set_busy (self, false);
    if (result->server_gone) {
        app_failed (self->app, &self->status, result);
        return;
    }
    //  Whatever the server said, this client no longer holds a session
    vc_info ("signed out (%s)", result->message);
    self->app->username [0] = 0;
    ui_status_clear (&self->status);
    page_signin_enter (self->app, "signed out");
}

static void
s_on_signout (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_lookup_t *self = (page_lookup_t *) user;
    ui_status_busy (&self->status, "signing out…");
    s_set_busy (self, true);
    gtk_net_signout (self->app->net, s_signed_out, self);
}

static void
s_on_reconnect (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_lookup_t *self = (page_lookup_t *) user;
    app_reconnect (self->app, &self->status);
}

static GtkWidget *
s_form (page_lookup_t *self)
{
    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->province = lookup_province_new (self->app->provinces);
    GtkWidget *date_row = lookup_date_new (&self->date);
    ui_kit_form_row (GTK_GRID (grid), 0, "_Province / city", self->province);
    ui_kit_form_row (GTK_GRID (grid), 1, "_Date", date_row);
    self->lookup = ui_kit_button ("lookup-button", "_Look up", true);
    self->signout = ui_kit_button ("lookup-signout", "Sign _out", false);
    gtk_grid_attach (GTK_GRID (grid), self->lookup, 2, 0, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), self->signout, 2, 1, 1, 1);
    g_signal_connect (self->province, "activate", G_CALLBACK (s_on_lookup), self);
    g_signal_connect (self->date, "activate", G_CALLBACK (s_on_lookup), self);
    g_signal_connect (self->lookup, "clicked", G_CALLBACK (s_on_lookup), self);
    g_signal_connect (self->signout, "clicked", G_CALLBACK (s_on_signout), self);
    return grid;
}

static GtkWidget *
s_result (page_lookup_t *self)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
    self->caption = gtk_label_new ("");
    gtk_widget_set_name (self->caption, "lookup-caption");
    gtk_widget_add_css_class (self->caption, "result-caption");
    gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
    self->result = gtk_label_new ("");
    gtk_widget_set_name (self->result, "lookup-result");
    gtk_widget_add_css_class (self->result, "result-number");
    gtk_label_set_selectable (GTK_LABEL (self->result), TRUE);
    gtk_box_append (GTK_BOX (box), self->caption);
    gtk_box_append (GTK_BOX (box), self->result);
    gtk_widget_set_visible (box, FALSE);
    self->result_box = box;
    return box;
}

GtkWidget *
page_lookup_new (app_t *app)
{
    page_lookup_t *self = (page_lookup_t *) calloc (1, sizeof (page_lookup_t));
    g_assert (self);
    self->app = app;
    self->asked_day = -1;
    app->lookup = self;
    GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
    gtk_widget_set_margin_start (page, 24);
    gtk_widget_set_margin_end (page, 24);
    gtk_widget_set_margin_top (page, 16);
    gtk_widget_set_margin_bottom (page, 16);
    gtk_box_append (GTK_BOX (page), ui_kit_title ("COVID-19 lookup",
        "Province alone: total cases. Province and date: new cases on that day."));

    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
    gtk_widget_add_css_class (card, "card");
    gtk_box_append (GTK_BOX (card), s_form (self));
    gtk_box_append (GTK_BOX (card), s_result (self));
    ui_status_init (&self->status, "lookup", G_CALLBACK (s_on_reconnect), self);
    gtk_box_append (GTK_BOX (card), self->status.box);
    gtk_box_append (GTK_BOX (page), card);

    self->chart = lookup_chart_new ("lookup-chart", "Look up a province to see its daily cases here.");
    GtkWidget *frame = gtk_frame_new (NULL);
    gtk_frame_set_child (GTK_FRAME (frame), self->chart);
    gtk_box_append (GTK_BOX (page), frame);
    g_object_set_data (G_OBJECT (page), APP_FIRST_FIELD, self->province);
    return page;
}

static void
s_got_provinces (gtk_net_result_t *result, void *user)
{
    page_lookup_t *self = (page_lookup_t *) user;
    GPtrArray *names = result->status == VC_OK && result->reply
                     ? lookup_series_names (result->reply->body) : NULL;
    if (names) {
        lookup_province_set_names (self->province, self->app->provinces, names);
        vc_debug ("%u province names from the server", names->len);
        g_ptr_array_unref (names);
    }
    else
        vc_debug ("province list unavailable (%s): using the built-in table", result->message);
}

static void
s_got_range (gtk_net_result_t *result, void *user)
{
    page_lookup_t *self = (page_lookup_t *) user;
    vc_day_t first, last;
    if (result->status == VC_OK && result->reply
    &&  lookup_series_range (result->reply->body, &first, &last) == 0)
        lookup_date_set_default (self->date, last);
}

void
page_lookup_enter (app_t *app)
{
    page_lookup_t *self = app->lookup;
    ui_status_clear (&self->status);
    s_set_busy (self, false);
    if (strcmp (self->lists_for, app->address) != 0) {
        snprintf (self->lists_for, sizeof self->lists_for, "%s", app->address);
        gtk_net_call (app->net, VC_SERVICE_DATA, vc_api_op ("provinces"), s_got_provinces, self);
        gtk_net_call (app->net, VC_SERVICE_DATA, vc_api_op ("range"), s_got_range, self);
    }
    app_show_page (app, "lookup");
}

void
page_lookup_destroy (app_t *app)
{
    free (app->lookup);
    app->lookup = NULL;
}
