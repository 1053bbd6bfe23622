/*  monitor_table - the live table of events (seq, time, client, username,
    action, address, detail: monitor_rows, a header above a list), filtered
    by a search on the action or the username, following the newest row
    while scrolled to the end.  */
#include "monitor.h"

#define MONITOR_MAX_ROWS 20000

//  The search matches the action (in words or as its topic) or the
//  username, ignoring case
static gboolean
s_filter (gpointer item, gpointer user)
{
    monitor_t *self = (monitor_t *) user;
    const char *query = self->query;
    if (!query || !*query)
        return TRUE;
    MonitorEventRow *row = MONITOR_EVENT_ROW (item);
    char *needle = g_utf8_casefold (query, -1);
    gboolean match = FALSE;
    const char *fields [] = { monitor_event_row_text (row, COLUMN_ACTION),
                              monitor_event_row_text (row, COLUMN_USERNAME),
                              monitor_event_row_topic (row) };
    for (int i = 0; i < 3 && !match; i++) {
        char *hay = g_utf8_casefold (fields [i], -1);
        match = strstr (hay, needle) != NULL;
        g_free (hay);
    }
    g_free (needle);
    return match;
}

//  Events the feed dropped because the window could not take them in
//  time: said beside the counter, hidden while none was
static void
s_update_dropped (monitor_t *self)
{
    unsigned long long dropped = self->feed ? (unsigned long long) gtk_feed_dropped (self->feed) : 0;
    char text [160];
    snprintf (text, sizeof text, vc_ngettext ("%llu event not shown: too many at once",
                                              "%llu events not shown: too many at once", dropped),
              dropped);
    gtk_label_set_text (GTK_LABEL (self->dropped), text);
    gtk_widget_set_visible (self->dropped, dropped > 0);
}

static void
s_update_counter (monitor_t *self)
{
    guint total = g_list_model_get_n_items (monitor_events_model (self->rows));
    guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
    char text [96];
    if (shown == total)
        snprintf (text, sizeof text, vc_ngettext ("%u event", "%u events", total), total);
    else
        snprintf (text, sizeof text, vc_ngettext ("%u of %u event", "%u of %u events", total),
                  shown, total);
    gtk_label_set_text (GTK_LABEL (self->counter), text);
    s_update_dropped (self);
    if (self->events_stack)
        gtk_stack_set_visible_child_name (GTK_STACK (self->events_stack),
                                          total ? "table" : self->feed ? "empty" : "failed");
}

//  Show the newest row: the list keeps it in view from its next layout on
static void
s_show_end (monitor_t *self)
{
    guint count = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
    if (count)
        gtk_widget_activate_action (monitor_rows_list (self->view), "list.scroll-to-item", "u", count - 1);
}

static void
s_on_search (GtkSearchEntry *entry, gpointer user)
{
    (void) entry;
    monitor_t *self = (monitor_t *) user;
    //  The filter uses the text as of this signal: rows that arrive before
    //  it are filtered like the rows already there
    g_free (self->query);
    self->query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search)));
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
    s_update_counter (self);
    if (self->following)
        s_show_end (self);
}

static char *
s_table_text (GtkWidget *widget)
{
    GtkWidget *list = GTK_WIDGET (g_object_get_data (G_OBJECT (widget), "monitor-list"));
    GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list));
    return monitor_events_text (G_LIST_MODEL (model));
}

//  Again once laid out, the view at its very end
static gboolean
s_scroll_to_end (gpointer user)
{
    monitor_t *self = (monitor_t *) user;
    self->scroll_idle = 0;
    s_show_end (self);
    gtk_adjustment_set_value (self->scroll, gtk_adjustment_get_upper (self->scroll)
                                          - gtk_adjustment_get_page_size (self->scroll));
    return G_SOURCE_REMOVE;
}

//  Row heights settle over a frame or two: keep following meanwhile
static void
s_on_resized (GtkAdjustment *adjustment, gpointer user)
{
    (void) adjustment;
    monitor_t *self = (monitor_t *) user;
    if (self->following && g_get_monotonic_time () < self->follow_until && !self->scroll_idle)
        self->scroll_idle = g_idle_add (s_scroll_to_end, self);
}

//  The view follows the newest row while it shows the end, and stops when
//  the person scrolls away from it. Told by where the view is after each
//  change of its position (the list keeps its rows in view when rows are
//  added or removed), not by where it is when events arrive: a flood
//  arrives before the view has been laid out again.
static void
s_on_scrolled (GtkAdjustment *adjustment, gpointer user)
{
    monitor_t *self = (monitor_t *) user;
    double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
    self->following = gtk_adjustment_get_value (adjustment) >= end - 4;
}

//  The table named "events": the titles above the list (which scrolls up
//  and down), both scrolled sideways together in a narrow window
static GtkWidget *
s_view (monitor_t *self)
{
    self->filter = gtk_custom_filter_new (s_filter, self, NULL);
    GListModel *rows = monitor_events_model (self->rows);
    g_object_ref (rows);
    g_object_ref (self->filter);
    self->filtered = gtk_filter_list_model_new (rows, GTK_FILTER (self->filter));
    self->view = monitor_rows_new (G_LIST_MODEL (self->filtered));
    GtkWidget *list = monitor_rows_list (self->view);
    GtkWidget *down = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (down), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (down), list);
    gtk_widget_set_vexpand (down, TRUE);
    self->scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (down));
    g_signal_connect (self->scroll, "changed", G_CALLBACK (s_on_resized), self);
    g_signal_connect (self->scroll, "value-changed", G_CALLBACK (s_on_scrolled), self);
    self->following = true;

    self->table = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_set_name (self->table, "events");
    g_object_set_data (G_OBJECT (self->table), "monitor-list", list);
    ui_kit_set_text_func (self->table, s_table_text);
    gtk_box_append (GTK_BOX (self->table), monitor_rows_header (self->view));
    gtk_box_append (GTK_BOX (self->table), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
    gtk_box_append (GTK_BOX (self->table), down);
    GtkWidget *across = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (across), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (across), self->table);
    gtk_widget_set_vexpand (across, TRUE);
    gtk_widget_set_hexpand (across, TRUE);
    return across;
}

static GtkWidget *
s_status_page (const char *name, const char *icon, const char *title, const char *text)
{
    GtkWidget *page = adw_status_page_new ();
    char id [64];
    snprintf (id, sizeof id, "events-%s", name);
    gtk_widget_set_name (page, id);
    adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
    adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
    adw_status_page_set_description (ADW_STATUS_PAGE (page), text);
    return page;
}

//  What the page shown when the bus cannot be heard says
static void
s_failed_text (monitor_t *self)
{
    char text [400];
    snprintf (text, sizeof text, _("The monitor cannot listen to the event bus at %s."), self->events);
    adw_status_page_set_description (ADW_STATUS_PAGE (self->events_failed), text);
}

//  Two brokers: both servers given, or both buses heard (one server of a
//  pair given: its ping names its peer's bus)
static bool
s_pair (monitor_t *self)
{
    return strchr (self->server, ',') || strchr (self->events, ',');
}

void
monitor_table_focus_search (monitor_t *self)
{
    gtk_widget_grab_focus (self->search);
}

GtkWidget *
monitor_table_new (monitor_t *self)
{
    self->rows = monitor_events_new (MONITOR_MAX_ROWS);
    monitor_events_follow_pair (self->rows, s_pair (self));
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *title = gtk_label_new (_("Events"));
    gtk_widget_add_css_class (title, "heading");
    self->search = gtk_search_entry_new ();
    gtk_widget_set_name (self->search, "monitor-search");
    g_object_set (self->search, "placeholder-text", _("Filter by action or username (Ctrl+F)"), NULL);
    gtk_widget_set_hexpand (self->search, TRUE);
    self->counter = gtk_label_new ("");
    gtk_widget_set_name (self->counter, "events-count");
    self->dropped = gtk_label_new ("");
    gtk_widget_set_name (self->dropped, "events-dropped");
    gtk_widget_add_css_class (self->dropped, "warning");
    gtk_box_append (GTK_BOX (bar), title);
    gtk_box_append (GTK_BOX (bar), self->search);
    gtk_box_append (GTK_BOX (bar), self->counter);
    gtk_box_append (GTK_BOX (bar), self->dropped);
    gtk_box_append (GTK_BOX (box), bar);
    GtkWidget *frame = gtk_frame_new (NULL);
    gtk_frame_set_child (GTK_FRAME (frame), s_view (self));
    self->events_stack = gtk_stack_new ();
    gtk_widget_set_name (self->events_stack, "events-state");
    gtk_widget_set_vexpand (self->events_stack, TRUE);
    gtk_stack_add_named (GTK_STACK (self->events_stack), frame, "table");
    gtk_stack_add_named (GTK_STACK (self->events_stack), s_status_page ("empty",
        "view-list-symbolic", _("No events yet"),
        _("Every action of every client shows here as it happens: sign-ins, lookups, "
          "services joining and leaving.")), "empty");
    self->events_failed = s_status_page ("failed", "dialog-error-symbolic", _("No events"), "");
    s_failed_text (self);
    gtk_stack_add_named (GTK_STACK (self->events_stack), self->events_failed, "failed");
    gtk_box_append (GTK_BOX (box), self->events_stack);
    g_signal_connect (self->search, "search-changed", G_CALLBACK (s_on_search), self);
    gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (self->search), self->table);
    s_update_counter (self);
    return box;
}

void
monitor_table_add (monitor_t *self, GArray *events)
{
    int64_t started = g_get_monotonic_time ();
    guint added = monitor_events_add_many (self->rows, (const vc_event_t *) events->data, events->len);
    vc_debug ("%u of %u events added in %.1f ms", added, events->len,
              (double) (g_get_monotonic_time () - started) / 1000);
    s_update_counter (self);
    if (self->following && added) {
        s_show_end (self);
        self->follow_until = g_get_monotonic_time () + 500 * 1000;
    }
}

void
monitor_table_reset (monitor_t *self)
{
    monitor_events_clear (self->rows);
    monitor_events_follow_pair (self->rows, s_pair (self));
    s_failed_text (self);
    s_update_counter (self);
}
