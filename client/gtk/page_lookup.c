/*  page_lookup - province and optional date, Look up, Sign out. Shows the
    total (or the day's new cases) the Vietnamese way ("1.270") and a chart
    of the province's daily cases over the covered range. Errors show
    beside the field at fault; an unknown province offers the nearest
    names as buttons. "Notify me of new figures" follows the province on
    show (lookup_follow).  */
#include "app.h"
#include "lookup_chart.h"
#include "lookup_follow.h"
#include "lookup_inputs.h"
#include "vc_said.h"
#include "vc_text.h"

#define SUGGESTIONS_MAX 3

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
    lookup_follow_t *follow;
    char shown [2][256];            //  Province and date typed for the result on show
    ui_status_t status;
    unsigned ticket;
    vc_day_t asked_day;             //  Day of the current lookup, or -1
    char lists_for [256];           //  Address the province list came from
};

static void s_lookup (page_lookup_t *self);

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
    if (!*caption && !*number) {
        lookup_follow_set (self->follow, self->app->net, self->app->server, self->app->events, 0, "");
        self->shown [0][0] = self->shown [1][0] = 0;
    }
}

//  What a lookup's reply says, read field by field with the generated
//  readers of its variant (daily when a day was asked, total without): a
//  field missing or wrong stays as set here ("", -1, 0), as the reply is
//  shown with what it has.
typedef struct {
    const char *province;
    const char *kind;               //  Total only
    vc_day_t day;                   //  The day (daily) or as_of (total), or -1
    int64_t number;                 //  new_cases (daily) or total
    int64_t code;
} s_result_t;

static void
s_result_read (page_lookup_t *self, vc_reply_t *reply, s_result_t *result)
{
    *result = (s_result_t) { .province = "", .kind = "", .day = -1 };
    vc_body_t *body = reply ? reply->body : NULL;
    if (body && self->asked_day >= 0) {
        vc_data_lookup_daily_reply_get_province (body, &result->province);
        vc_data_lookup_daily_reply_get_date (body, &result->day);
        vc_data_lookup_daily_reply_get_new_cases (body, &result->number);
        vc_data_lookup_daily_reply_get_code (body, &result->code);
    }
    else
    if (body) {
        vc_data_lookup_total_reply_get_province (body, &result->province);
        vc_data_lookup_total_reply_get_kind (body, &result->kind);
        vc_data_lookup_total_reply_get_as_of (body, &result->day);
        vc_data_lookup_total_reply_get_total (body, &result->number);
        vc_data_lookup_total_reply_get_code (body, &result->code);
    }
}

//  Remember what was typed for the result on show, and offer to follow it
static void
s_follow_offer (page_lookup_t *self, int64_t code, const char *province)
{
    vc_text_copy (self->shown [0], sizeof self->shown [0],
                  gtk_editable_get_text (GTK_EDITABLE (self->province)));
    vc_text_copy (self->shown [1], sizeof self->shown [1],
                  gtk_editable_get_text (GTK_EDITABLE (self->date)));
    lookup_follow_set (self->follow, self->app->net, self->app->server, self->app->events,
                       (int) code, province);
}

static void
s_clear_chart (page_lookup_t *self)
{
    const char *text = _("Look up a province to see its daily cases here.");
    lookup_chart_clear (self->chart, text);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
    gtk_widget_set_tooltip_text (self->chart, NULL);
}

//  What the chart shows, in words, for screen readers (and as its tooltip)
static void
s_describe_chart (page_lookup_t *self, const char *province,
                  const series_point_t *points, int count)
{
    int top = 0;
    for (int index = 1; index < count; index++)
        if (points [index].value > points [top].value)
            top = index;
    char first [16], last [16], peak_day [16], peak [32], text [600];
    vc_date_format_vn (points [0].day, first, sizeof first);
    vc_date_format_vn (points [count - 1].day, last, sizeof last);
    vc_date_format_vn (points [top].day, peak_day, sizeof peak_day);
    vc_number_format (points [top].value, peak, sizeof peak);
    int length = snprintf (text, sizeof text,
        _("Bar chart of the daily new cases in %s from %s to %s: the most, %s, on %s."),
        province, first, last, peak, peak_day);
    for (int index = 0; index < count && self->asked_day >= 0; index++)
        if (points [index].day == self->asked_day && length > 0 && (size_t) length < sizeof text) {
            char day [16], value [32];
            vc_date_format_vn (points [index].day, day, sizeof day);
            vc_number_format (points [index].value, value, sizeof value);
            snprintf (text + length, sizeof text - (size_t) length,
                      _(" The day looked up, %s, is marked: %s."), day, value);
        }
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Daily new cases"),
        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
    gtk_widget_set_tooltip_text (self->chart, text);
}

static void
s_got_series (gtk_net_result_t *result, void *user)
{
    page_lookup_t *self = (page_lookup_t *) app_job_end (user);
    if (!self)
        return;                 //  A newer lookup replaced it
    char province [129] = "", title [256], text [320];
    const char *named = NULL;
    if (result->reply && result->reply->body
    &&  vc_data_series_reply_get_province (result->reply->body, &named) == 0)
        vc_text_copy (province, sizeof province, named);
    series_point_t *points = NULL;
    int count = result->status == VC_OK && result->reply
              ? lookup_series_parse (result->reply->body, &points) : -1;
    if (count > 0) {
        snprintf (title, sizeof title, _("Daily new cases — %s"), province);
        lookup_chart_set_source (self->chart, self->app->net, province);
        lookup_chart_set (self->chart, title, points, count, self->asked_day);
        s_describe_chart (self, province, points, count);
    }
    else {
        vc_text_copy (text, sizeof text, _("No daily figures to chart."));
        lookup_chart_clear (self->chart, text);
    }
    g_free (points);
}

static void
s_show_result (page_lookup_t *self, const s_result_t *result)
{
    char date [32] = "", number [32], caption [320];
    const char *province = result->province, *kind = result->kind, *as_of = date;
    if (result->day >= 0)
        vc_date_format_vn (result->day, date, sizeof date);
    if (self->asked_day >= 0) {
        snprintf (caption, sizeof caption, _("New cases in %s on %s"), province, date);
        vc_number_format (result->number, number, sizeof number);
    }
    else {
        if (*as_of && streq (kind, "sum of daily reports"))
            snprintf (caption, sizeof caption, _("Total cases in %s as of %s, sum of daily reports"),
                      province, as_of);
        else
        if (*as_of && streq (kind, "reported"))
            snprintf (caption, sizeof caption, _("Total cases in %s as of %s, reported"), province, as_of);
        else
        if (*as_of)
            snprintf (caption, sizeof caption, _("Total cases in %s as of %s"), province, as_of);
        else
            snprintf (caption, sizeof caption, _("Total cases in %s"), province);
        vc_number_format (result->number, number, sizeof number);
    }
    s_set_result (self, caption, number);
}

static void
s_on_suggestion (GtkWidget *button, gpointer user)
{
    page_lookup_t *self = (page_lookup_t *) user;
    gtk_editable_set_text (GTK_EDITABLE (self->province), gtk_button_get_label (GTK_BUTTON (button)));
    s_lookup (self);
}

//  An unknown province: say so beside it, with the nearest names as buttons
static void
s_unknown_province (page_lookup_t *self, gtk_net_result_t *result)
{
    char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->province))));
    char text [300];
    snprintf (text, sizeof text, _("No province or city is called “%s”."), typed);
    g_free (typed);
    ui_kit_field_error (self->province, text);
    vc_data_unknown_province_reply_t reply = { 0 };
    if (!result->reply || !result->reply->body
    ||  vc_data_unknown_province_reply_decode (result->reply->body, &reply))
        reply.suggestions_count = 0;        //  No names to offer
    GtkWidget *extra = self->status.extra;
    for (GtkWidget *child = gtk_widget_get_first_child (extra); child;
         child = gtk_widget_get_first_child (extra))
        gtk_box_remove (GTK_BOX (extra), child);
    int shown = 0;
    for (size_t index = 0; index < reply.suggestions_count && shown < SUGGESTIONS_MAX; index++) {
        char id [48];
        if (!shown)
            gtk_box_append (GTK_BOX (extra), gtk_label_new (_("Did you mean")));
        GtkWidget *button = gtk_button_new_with_label (reply.suggestions [index]);
        snprintf (id, sizeof id, "lookup-suggestion-%d", ++shown);
        gtk_widget_set_name (button, id);
        g_signal_connect (button, "clicked", G_CALLBACK (s_on_suggestion), self);
        gtk_box_append (GTK_BOX (extra), button);
    }
    gtk_widget_set_visible (extra, shown > 0);
    gtk_widget_set_visible (self->status.box, shown > 0);
}

//  The data service knows no such province: by the reply's message id,
//  else by its English words
static bool
s_unknown (const gtk_net_result_t *result)
{
    const char *args [VC_SAID_MAX_ARGS];
    size_t count;
    const char *msgid = app_reply_msgid (result, args, &count);
    return msgid ? streq (msgid, "no province matches '%s'")
                 : g_str_has_prefix (result->message, "no province matches");
}

static void
s_looked_up (gtk_net_result_t *result, void *user)
{
    page_lookup_t *self = (page_lookup_t *) app_job_end (user);
    if (!self)
        return;                 //  Cancelled
    s_set_busy (self, false);
    if (result->status == VC_UNAUTHORISED) {
        self->app->username [0] = 0;
        page_signin_enter (self->app, _("Your session has ended. Please sign in again."));
        return;
    }
    if (result->status == VC_OK) {
        ui_status_clear (&self->status);
        s_result_t shown;
        s_result_read (self, result->reply, &shown);
        s_show_result (self, &shown);
        char province [129];        //  The model's 128 bytes
        vc_text_copy (province, sizeof province, *shown.province ? shown.province
                      : gtk_editable_get_text (GTK_EDITABLE (self->province)));
        s_follow_offer (self, shown.code, province);
        lookup_chart_clear (self->chart, _("Loading the daily figures…"));
        gtk_net_call (self->app->net, VC_SERVICE_DATA, vc_api_series (province, NULL, NULL),
                      s_got_series, app_job_new (self, &self->ticket));
        return;
    }
    //  A gone server leaves the screen as it was (only the error shows)
    if (!result->server_gone) {
        s_set_result (self, "", "");
        s_clear_chart (self);
    }
    ui_status_clear (&self->status);
    if (result->status == VC_NOT_FOUND && self->asked_day >= 0 && strstr (result->message, "no data")) {
        const char *covers = strstr (result->message, "covers ");
        char text [300], day [16];
        vc_date_format_vn (self->asked_day, day, sizeof day);
        if (covers)
            snprintf (text, sizeof text, _("No figures for %s. The figures cover %s."), day, covers + 7);
        else
            snprintf (text, sizeof text, _("No figures for %s."), day);
        ui_kit_field_error (self->date, text);
        gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->date));
    }
    else
    if (result->status == VC_NOT_FOUND && s_unknown (result)) {
        s_unknown_province (self, result);
        gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->province));
    }
    else
    if (result->status == VC_NOT_FOUND) {
        //  A known province with no figure for the question: the server's words
        GtkWidget *field = self->asked_day >= 0 ? self->date : self->province;
        char text [600];
        ui_kit_field_error (field, app_reply_sentence (result, text, sizeof text));
        gtk_entry_grab_focus_without_selecting (GTK_ENTRY (field));
    }
    else
        app_failed (self->app, &self->status, result);
}

//  The followed province's figures changed: say so, on the desktop too when
//  the window is not in front, and show the new figures if the same
//  question is still on the page
static void
s_figures_changed (const char *province, const char *detail, void *arg)
{
    page_lookup_t *self = (page_lookup_t *) arg;
    char text [256];
    snprintf (text, sizeof text, _("New figures for %s"), province);
    app_toast (self->app, text);
    GApplication *gapp = G_APPLICATION (self->app->gtk);
    if (!gtk_window_is_active (self->app->window) && g_application_get_dbus_connection (gapp)) {
        GNotification *note = g_notification_new (text);
        char body [512];
        g_notification_set_body (note, app_server_words (detail, body, sizeof body));
        g_application_send_notification (gapp, "new-figures", note);
        g_object_unref (note);
    }
    if (strcmp (self->shown [0], gtk_editable_get_text (GTK_EDITABLE (self->province))) == 0
    &&  strcmp (self->shown [1], gtk_editable_get_text (GTK_EDITABLE (self->date))) == 0)
        s_lookup (self);
}

static void
s_input_error (page_lookup_t *self, const char *reason, GtkWidget *field)
{
    ui_status_clear (&self->status);
    ui_kit_field_error (field, reason);
    s_set_result (self, "", "");
    s_clear_chart (self);
    gtk_entry_grab_focus_without_selecting (GTK_ENTRY (field));
}

static void
s_lookup (page_lookup_t *self)
{
    if (!gtk_widget_get_sensitive (self->lookup))
        return;
    char *province = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->province))));
    char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date))));
    char reason [200];
    vc_day_t day = -1;
    int date_rc = lookup_date_get (self->date, &day, reason, sizeof reason);
    ui_kit_field_ok (self->province);
    ui_kit_field_ok (self->date);
    if (!*province)
        s_input_error (self, _("Type a province or city, e.g. TP. Hồ Chí Minh."), self->province);
    else
    if (date_rc < 0)
        s_input_error (self, reason, self->date);
    else {
        self->asked_day = date_rc == 0 ? day : -1;
        ui_status_busy (&self->status, _("Looking up…"));
        s_set_busy (self, true);
        gtk_net_call (self->app->net, VC_SERVICE_DATA,
                      vc_api_lookup (province, date_rc == 0 ? date : NULL), s_looked_up,
                      app_job_new (self, &self->ticket));
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
s_on_day_picked (GtkWidget *entry, gpointer user)
{
    (void) entry;
    s_lookup ((page_lookup_t *) user);
}

//  Nothing of the last account stays on the page
static void
s_forget (page_lookup_t *self)
{
    self->ticket++;
    lookup_follow_stop (self->follow);
    s_set_busy (self, false);
    s_set_result (self, "", "");
    s_clear_chart (self);
    ui_status_clear (&self->status);
    ui_kit_field_ok (self->province);
    ui_kit_field_ok (self->date);
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
    s_forget (self);
    page_signin_enter (self->app, _("Signed out."));
}

static void
s_on_signout (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_lookup_t *self = (page_lookup_t *) user;
    ui_status_busy (&self->status, _("Signing out…"));
    s_set_busy (self, true);
    gtk_net_signout (self->app->net, s_signed_out, self);
}

static void
s_on_cancel (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_lookup_t *self = (page_lookup_t *) user;
    self->ticket++;             //  The pending result is dropped
    s_set_busy (self, false);
    ui_status_clear (&self->status);
}

static void
s_on_reconnect (GtkWidget *widget, gpointer user)
{
    (void) widget;
    page_lookup_t *self = (page_lookup_t *) user;
    app_reconnect (self->app, &self->status);
}

//  Province, date, then the buttons: Tab follows the reading order
static GtkWidget *
s_form (page_lookup_t *self)
{
    GtkWidget *grid = gtk_grid_new ();
    gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
    self->province = lookup_province_new (self->app->provinces);
    GtkWidget *date_row = lookup_date_new (&self->date);
    ui_kit_form_row (GTK_GRID (grid), 0, _("_Province / city"), self->province, NULL);
    ui_kit_form_row (GTK_GRID (grid), 1, _("_Date"), date_row, self->date);
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    self->lookup = ui_kit_button ("lookup-button", _("_Look up"), true);
    self->signout = ui_kit_button ("lookup-signout", _("Sign _out"), false);
    GtkWidget *space = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_set_hexpand (space, TRUE);
    gtk_box_append (GTK_BOX (buttons), self->lookup);
    gtk_box_append (GTK_BOX (buttons), space);
    gtk_box_append (GTK_BOX (buttons), self->signout);
    gtk_grid_attach (GTK_GRID (grid), buttons, 1, 4, 1, 1);
    g_signal_connect (self->province, "activate", G_CALLBACK (s_on_lookup), self);
    g_signal_connect (self->date, "activate", G_CALLBACK (s_on_lookup), self);
    lookup_date_on_pick (self->date, s_on_day_picked, self);
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
    gtk_box_append (GTK_BOX (box), lookup_follow_widget (self->follow));
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
    self->follow = lookup_follow_new (s_figures_changed, self);
    app->lookup = self;
    GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    gtk_widget_set_margin_top (page, 12);
    gtk_box_append (GTK_BOX (page), ui_kit_title (_("COVID-19 lookup"),
        _("Province alone: total cases. Province and date: new cases on that day.")));

    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
    gtk_box_append (GTK_BOX (card), s_form (self));
    gtk_box_append (GTK_BOX (card), s_result (self));
    ui_status_init (&self->status, "lookup", G_CALLBACK (s_on_reconnect), G_CALLBACK (s_on_cancel), self);
    gtk_box_append (GTK_BOX (card), self->status.box);
    GtkWidget *form = ui_kit_clamp (card, 640);
    gtk_widget_set_valign (form, GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (page), form);

    self->chart = lookup_chart_new ("lookup-chart", "");
    s_clear_chart (self);
    GtkWidget *frame = gtk_frame_new (NULL);
    gtk_frame_set_child (GTK_FRAME (frame), self->chart);
    GtkWidget *clamp = adw_clamp_new ();
    adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
    adw_clamp_set_child (ADW_CLAMP (clamp), frame);
    gtk_widget_set_margin_start (clamp, 12);
    gtk_widget_set_margin_end (clamp, 12);
    gtk_widget_set_margin_bottom (clamp, 12);
    gtk_box_append (GTK_BOX (page), clamp);
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
        lookup_date_set_range (self->date, first, last);
}

void
page_lookup_enter (app_t *app)
{
    page_lookup_t *self = app->lookup;
    s_forget (self);
    if (strcmp (self->lists_for, app->address) != 0) {
        vc_text_copy (self->lists_for, sizeof self->lists_for, app->address);
        gtk_net_call (app->net, VC_SERVICE_DATA, vc_api_op ("provinces"), s_got_provinces, self);
        gtk_net_call (app->net, VC_SERVICE_DATA, vc_api_op ("range"), s_got_range, self);
    }
    app_show_page (app, "lookup");
}

void
page_lookup_destroy (page_lookup_t **self_p)
{
    if (self_p && *self_p) {
        page_lookup_t *self = *self_p;
        lookup_follow_destroy (&self->follow);
        free (self);
        *self_p = NULL;
    }
}
