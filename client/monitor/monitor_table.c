/*  monitor_table - the live GtkColumnView of events (seq, time, client,
    username, action, address, detail), filtered by a search on the action
    or the username, following the newest row while scrolled to the end.  */
#include "monitor.h"

#define MONITOR_MAX_ROWS 20000

static void
s_setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user)
{
    (void) factory;
    monitor_column_t column = (monitor_column_t) GPOINTER_TO_INT (user);
    GtkWidget *label = gtk_label_new ("");
    gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_SEQ ? 1.0 : 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    if (column == COLUMN_ACTION)
        gtk_widget_add_css_class (label, "action-cell");
    gtk_list_item_set_child (item, label);
}

static void
s_bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user)
{
    (void) factory;
    monitor_column_t column = (monitor_column_t) GPOINTER_TO_INT (user);
    MonitorEventRow *row = MONITOR_EVENT_ROW (gtk_list_item_get_item (item));
    GtkWidget *label = gtk_list_item_get_child (item);
    const char *text = monitor_event_row_text (row, column);
    gtk_label_set_text (GTK_LABEL (label), text);
    if (column == COLUMN_DETAIL || column == COLUMN_CLIENT || column == COLUMN_ADDRESS)
        gtk_widget_set_tooltip_text (label, text);
    const char *topic = monitor_event_row_topic (row);
    if (column == COLUMN_ACTION)
        gtk_widget_set_tooltip_text (label, *topic ? topic : NULL);     //  The identifier
    bool bad = column == COLUMN_ACTION && monitor_action_bad (topic);
    if (bad)
        gtk_widget_add_css_class (label, "error");
    else
        gtk_widget_remove_css_class (label, "error");
    if (monitor_event_row_is_separator (row))
        gtk_widget_add_css_class (label, "separator-row");
    else
        gtk_widget_remove_css_class (label, "separator-row");
}

//  Room around a column's title in its header (padding, sort arrow)
#define TITLE_ROOM 28

//  Room around a cell's text (its padding, the column's separator)
#define CELL_ROOM 16

//  Width of text in the view's font, bold or not
static int
s_text_width (GtkColumnView *view, const char *text, bool bold)
{
    PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), text);
    PangoAttrList *attributes = pango_attr_list_new ();
    if (bold)
        pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    pango_layout_set_attributes (layout, attributes);
    int width = 0;
    pango_layout_get_pixel_size (layout, &width, NULL);
    pango_attr_list_unref (attributes);
    g_object_unref (layout);
    return width;
}

//  Width of a column: as asked, or wider when its title in the person's
//  language needs it ("Tên đăng nhập", in the header's bold), and for the
//  Action column when an action's words do ("đăng nhập bị từ chối")
static int
s_column_width (GtkColumnView *view, monitor_column_t column, const char *title, int width)
{
    width = MAX (width, s_text_width (view, title, true) + TITLE_ROOM);
    const char *words;
    for (size_t i = 0; column == COLUMN_ACTION && (words = monitor_action_words_nth (i)); i++)
        width = MAX (width, s_text_width (view, words, false) + CELL_ROOM);
    return width;
}

static void
s_add_column (GtkColumnView *view, monitor_column_t column, int width, bool expand)
{
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
    g_signal_connect (factory, "setup", G_CALLBACK (s_setup_cell), GINT_TO_POINTER (column));
    g_signal_connect (factory, "bind", G_CALLBACK (s_bind_cell), GINT_TO_POINTER (column));
    const char *title = monitor_column_title (column);
    GtkColumnViewColumn *col = gtk_column_view_column_new (title, factory);
    gtk_column_view_column_set_resizable (col, TRUE);
    gtk_column_view_column_set_fixed_width (col, s_column_width (view, column, title, width));
    gtk_column_view_column_set_expand (col, expand);
    gtk_column_view_append_column (view, col);
    g_object_unref (col);
}

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
}

static char *
s_table_text (GtkWidget *widget)
{
    (void) widget;
    GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (widget));
    return monitor_events_text (G_LIST_MODEL (model));
}

//  The list inside the column view, which knows how to scroll to a row
static GtkWidget *
s_inner_list (GtkWidget *widget)
{
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
         child = gtk_widget_get_next_sibling (child)) {
        if (GTK_IS_LIST_VIEW (child))
            return child;
        GtkWidget *found = s_inner_list (child);
        if (found)
            return found;
    }
    return NULL;
}

//  Show the newest row: runs after the view has been laid out again
static gboolean
s_scroll_to_end (gpointer user)
{
    monitor_t *self = (monitor_t *) user;
    self->scroll_idle = 0;
    guint count = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
    GtkWidget *list = s_inner_list (self->table);
    if (count && list)
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", count - 1);
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
    if (g_get_monotonic_time () < self->follow_until && !self->scroll_idle)
        self->scroll_idle = g_idle_add (s_scroll_to_end, self);
}

static GtkWidget *
s_view (monitor_t *self)
{
    self->filter = gtk_custom_filter_new (s_filter, self, NULL);
    GListModel *rows = monitor_events_model (self->rows);
    g_object_ref (rows);
    g_object_ref (self->filter);
    self->filtered = gtk_filter_list_model_new (rows, GTK_FILTER (self->filter));
    GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
    self->table = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
    gtk_widget_set_name (self->table, "events");
    gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (self->table), TRUE);
    gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->table), TRUE);
    ui_kit_set_text_func (self->table, s_table_text);
    s_add_column (GTK_COLUMN_VIEW (self->table), COLUMN_SEQ, 52, false);
    s_add_column (GTK_COLUMN_VIEW (self->table), COLUMN_TIME, 104, false);
    s_add_column (GTK_COLUMN_VIEW (self->table), COLUMN_CLIENT, 100, false);
    s_add_column (GTK_COLUMN_VIEW (self->table), COLUMN_USERNAME, 90, false);
    s_add_column (GTK_COLUMN_VIEW (self->table), COLUMN_ACTION, 140, false);
    s_add_column (GTK_COLUMN_VIEW (self->table), COLUMN_ADDRESS, 100, false);
    s_add_column (GTK_COLUMN_VIEW (self->table), COLUMN_DETAIL, 240, true);

    GtkWidget *scrolled = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->table);
    gtk_widget_set_vexpand (scrolled, TRUE);
    gtk_widget_set_hexpand (scrolled, TRUE);
    self->scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    g_signal_connect (self->scroll, "changed", G_CALLBACK (s_on_resized), self);
    return scrolled;
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
    //  Follow the newest rows only if the view was showing the end
    double value = gtk_adjustment_get_value (self->scroll);
    double end = gtk_adjustment_get_upper (self->scroll) - gtk_adjustment_get_page_size (self->scroll);
    bool follow = value >= end - 4;
    int64_t started = g_get_monotonic_time ();
    guint added = monitor_events_add_many (self->rows, (const vc_event_t *) events->data, events->len);
    vc_debug ("%u of %u events added in %.1f ms", added, events->len,
              (double) (g_get_monotonic_time () - started) / 1000);
    s_update_counter (self);
    if (follow && added) {
        self->follow_until = g_get_monotonic_time () + 500 * 1000;
        if (!self->scroll_idle)
            self->scroll_idle = g_idle_add (s_scroll_to_end, self);
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
