/*  monitor_rows - the widgets of the event table: a header row of column
    titles and a GtkListView whose row is one box of labels, one a column,
    each as wide as its title above it (the Detail column takes the rest);
    a column is resized by dragging the right edge of its title.
    A row is one list item: a change of the model that moves the rows
    (the oldest removed at the top) updates one widget a row, where a
    GtkColumnView of GTK 4.8 updated one a cell.  */
#include "monitor_rows.h"
#include "vc_i18n.h"

//  Room around a title or a cell's text: the labels' padding (6 px each
//  side) and the column's separator, with a few pixels to spare
#define CELL_ROOM 16

//  Width of text in widget's font, bold or not
static int
s_text_width (GtkWidget *widget, const char *text, bool bold)
{
    PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
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

//  Each column's width as asked; wider when its title in the person's
//  language needs it ("Tên đăng nhập", bold), and for the Action column
//  when an action's words do ("đăng nhập bị từ chối")
static const int s_widths [COLUMN_COUNT] = { 52, 104, 100, 90, 140, 100, 240 };

static int
s_column_width (GtkWidget *widget, monitor_column_t column)
{
    int width = MAX (s_widths [column], s_text_width (widget, monitor_column_title (column), true) + CELL_ROOM);
    const char *words;
    for (size_t i = 0; column == COLUMN_ACTION && (words = monitor_action_words_nth (i)); i++)
        width = MAX (width, s_text_width (widget, words, false) + CELL_ROOM);
    return width;
}

//  One label of a row or of the header, sized as its column
static GtkWidget *
s_cell_new (monitor_column_t column, GtkAccessibleRole role)
{
    GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", role, NULL);
    gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_SEQ ? 1.0 : 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
    gtk_widget_add_css_class (label, "cell");
    return label;
}

struct _monitor_rows_t {
    GtkWidget *header;              //  The titles' box
    GtkWidget *titles [COLUMN_COUNT];
    int widths [COLUMN_COUNT];
    GtkWidget *list;                //  The GtkListView
    int resizing;                   //  The column whose edge is dragged, or -1
    int resizing_from;              //  Its width when the drag began
};

//  A cell's tooltip, asked for when the pointer rests on it: the whole
//  text of the Client, Address and Detail cells, the topic of the Action
//  cell. Asked, not set at each bind: setting a widget's tooltip asks the
//  display where the pointer is (a round trip to the X server), and a
//  change of the model binds hundreds of rows.
static gboolean
s_on_query_tooltip (GtkWidget *row, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer user)
{
    (void) keyboard;
    GObject *item = gtk_list_item_get_item (GTK_LIST_ITEM (user));
    if (!item)
        return FALSE;
    GtkWidget *cell = gtk_widget_pick (row, x, y, GTK_PICK_DEFAULT);
    int column = 0;
    for (GtkWidget *child = gtk_widget_get_first_child (row); child && child != cell;
         child = gtk_widget_get_next_sibling (child))
        column++;
    MonitorEventRow *event = MONITOR_EVENT_ROW (item);
    const char *text = column == COLUMN_ACTION ? monitor_event_row_topic (event)
                     : column == COLUMN_DETAIL || column == COLUMN_CLIENT || column == COLUMN_ADDRESS
                     ? monitor_event_row_text (event, (monitor_column_t) column) : "";
    if (!cell || !*text)
        return FALSE;
    gtk_tooltip_set_text (tooltip, text);
    return TRUE;
}

//  The layout of a row and of the header: each label at its column's
//  place and width whatever its text, the last (Detail) taking the rest
#define ROWS_KEY "monitor-rows"

static void
s_measure_row (GtkWidget *widget, GtkOrientation orientation, int for_size,
               int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
    (void) for_size;
    monitor_rows_t *self = (monitor_rows_t *) g_object_get_data (G_OBJECT (widget), ROWS_KEY);
    *minimum = *natural = 0;
    *minimum_baseline = *natural_baseline = -1;
    int column = 0;
    for (GtkWidget *cell = gtk_widget_get_first_child (widget); cell && column < COLUMN_COUNT;
         cell = gtk_widget_get_next_sibling (cell), column++) {
        if (orientation == GTK_ORIENTATION_HORIZONTAL)
            *minimum += self->widths [column];
        else {
            int height = 0;
            gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, self->widths [column], &height,
                                NULL, NULL, NULL);
            *minimum = MAX (*minimum, height);
        }
    }
    *natural = *minimum;
}

static void
s_allocate_row (GtkWidget *widget, int width, int height, int baseline)
{
    (void) baseline;
    monitor_rows_t *self = (monitor_rows_t *) g_object_get_data (G_OBJECT (widget), ROWS_KEY);
    int x = 0, column = 0;
    for (GtkWidget *cell = gtk_widget_get_first_child (widget); cell && column < COLUMN_COUNT;
         cell = gtk_widget_get_next_sibling (cell), column++) {
        int cell_width = column == COLUMN_COUNT - 1 ? MAX (self->widths [column], width - x)
                                                    : self->widths [column];
        gtk_widget_size_allocate (cell, &(GtkAllocation) { x, 0, cell_width, height }, -1);
        x += cell_width;
    }
}

//  A row or the header: a box of the columns' labels, laid out as above
static GtkWidget *
s_row_new (monitor_rows_t *self)
{
    GtkWidget *row = g_object_new (GTK_TYPE_BOX, "accessible-role", GTK_ACCESSIBLE_ROLE_ROW, NULL);
    g_object_set_data (G_OBJECT (row), ROWS_KEY, self);
    gtk_widget_set_layout_manager (row, gtk_custom_layout_new (NULL, s_measure_row, s_allocate_row));
    return row;
}

static void
s_setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user)
{
    (void) factory;
    monitor_rows_t *self = (monitor_rows_t *) user;
    GtkWidget *row = s_row_new (self);
    gtk_widget_add_css_class (row, "event-row");
    gtk_widget_set_has_tooltip (row, TRUE);
    g_signal_connect (row, "query-tooltip", G_CALLBACK (s_on_query_tooltip), item);
    for (int column = 0; column < COLUMN_COUNT; column++) {
        GtkWidget *cell = s_cell_new ((monitor_column_t) column, GTK_ACCESSIBLE_ROLE_CELL);
        if (column == COLUMN_ACTION)
            gtk_widget_add_css_class (cell, "action-cell");
        //  A screen reader names each cell by its column's title
        gtk_accessible_update_relation (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        self->titles [column], NULL, -1);
        gtk_box_append (GTK_BOX (row), cell);
    }
    gtk_list_item_set_child (item, row);
}

static void
s_set_class (GtkWidget *widget, const char *name, bool on)
{
    if (on)
        gtk_widget_add_css_class (widget, name);
    else
        gtk_widget_remove_css_class (widget, name);
}

static void
s_bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user)
{
    (void) factory, (void) user;
    MonitorEventRow *row = MONITOR_EVENT_ROW (gtk_list_item_get_item (item));
    const char *topic = monitor_event_row_topic (row);
    bool separator = monitor_event_row_is_separator (row);
    int column = 0;
    for (GtkWidget *cell = gtk_widget_get_first_child (gtk_list_item_get_child (item)); cell;
         cell = gtk_widget_get_next_sibling (cell), column++) {
        const char *text = monitor_event_row_text (row, (monitor_column_t) column);
        gtk_label_set_text (GTK_LABEL (cell), text);
        if (column == COLUMN_ACTION)
            s_set_class (cell, "error", monitor_action_bad (topic));
        s_set_class (cell, "separator-row", separator);
    }
}

//  Columns are resized by dragging the right edge of their title (all
//  but the last, which takes the rest), within this many pixels of it
#define EDGE_REACH 5
#define COLUMN_MIN 24

//  The column whose title's right edge is at x, or -1
static int
s_edge_at (monitor_rows_t *self, double x)
{
    int right = 0;
    for (int column = 0; column < COLUMN_COUNT - 1; column++) {
        right += self->widths [column];
        if (x >= right - EDGE_REACH && x <= right + EDGE_REACH)
            return column;
    }
    return -1;
}

static void
s_on_header_motion (GtkEventControllerMotion *motion, double x, double y, gpointer user)
{
    (void) motion, (void) y;
    monitor_rows_t *self = (monitor_rows_t *) user;
    gtk_widget_set_cursor_from_name (self->header,
                                     self->resizing >= 0 || s_edge_at (self, x) >= 0 ? "col-resize" : NULL);
}

static void
s_on_drag_begin (GtkGestureDrag *drag, double x, double y, gpointer user)
{
    (void) y;
    monitor_rows_t *self = (monitor_rows_t *) user;
    self->resizing = s_edge_at (self, x);
    if (self->resizing < 0)
        gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
    else
        self->resizing_from = self->widths [self->resizing];
}

//  The header and every row laid out again with the new widths
static void
s_on_drag_update (GtkGestureDrag *drag, double dx, double dy, gpointer user)
{
    (void) drag, (void) dy;
    monitor_rows_t *self = (monitor_rows_t *) user;
    if (self->resizing < 0)
        return;
    self->widths [self->resizing] = MAX (COLUMN_MIN, self->resizing_from + (int) dx);
    gtk_widget_queue_resize (self->header);
    for (GtkWidget *item = gtk_widget_get_first_child (self->list); item;
         item = gtk_widget_get_next_sibling (item))
        if (gtk_widget_get_first_child (item))
            gtk_widget_queue_resize (gtk_widget_get_first_child (item));
}

static void
s_on_drag_end (GtkGestureDrag *drag, double dx, double dy, gpointer user)
{
    (void) drag, (void) dx, (void) dy;
    ((monitor_rows_t *) user)->resizing = -1;
}

static void
s_resizable (monitor_rows_t *self)
{
    self->resizing = -1;
    GtkGesture *drag = gtk_gesture_drag_new ();
    g_signal_connect (drag, "drag-begin", G_CALLBACK (s_on_drag_begin), self);
    g_signal_connect (drag, "drag-update", G_CALLBACK (s_on_drag_update), self);
    g_signal_connect (drag, "drag-end", G_CALLBACK (s_on_drag_end), self);
    gtk_widget_add_controller (self->header, GTK_EVENT_CONTROLLER (drag));
    GtkEventController *motion = gtk_event_controller_motion_new ();
    g_signal_connect (motion, "motion", G_CALLBACK (s_on_header_motion), self);
    gtk_widget_add_controller (self->header, motion);
}

//  The titles, in a row of labels as wide as the cells below them
static GtkWidget *
s_header_new (monitor_rows_t *self)
{
    self->header = s_row_new (self);
    gtk_widget_set_name (self->header, "events-header");
    gtk_widget_add_css_class (self->header, "header");
    gtk_widget_add_css_class (self->header, "events-header");
    for (int column = 0; column < COLUMN_COUNT; column++) {
        self->widths [column] = s_column_width (self->header, (monitor_column_t) column);
        GtkWidget *title = s_cell_new ((monitor_column_t) column, GTK_ACCESSIBLE_ROLE_COLUMN_HEADER);
        gtk_label_set_text (GTK_LABEL (title), monitor_column_title ((monitor_column_t) column));
        char name [32];
        snprintf (name, sizeof name, "events-title-%d", column + 1);
        gtk_widget_set_name (title, name);
        self->titles [column] = title;
        gtk_box_append (GTK_BOX (self->header), title);
    }
    s_resizable (self);
    return self->header;
}

monitor_rows_t *
monitor_rows_new (GListModel *model)
{
    monitor_rows_t *self = g_new0 (monitor_rows_t, 1);
    g_object_ref_sink (s_header_new (self));
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
    g_signal_connect (factory, "setup", G_CALLBACK (s_setup_row), self);
    g_signal_connect (factory, "bind", G_CALLBACK (s_bind_row), self);
    GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (model));
    self->list = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
    g_object_ref_sink (self->list);
    gtk_list_view_set_show_separators (GTK_LIST_VIEW (self->list), TRUE);
    gtk_widget_add_css_class (self->list, "events-list");
    return self;
}

void
monitor_rows_destroy (monitor_rows_t **self_p)
{
    monitor_rows_t *self = *self_p;
    if (!self)
        return;
    g_object_unref (self->header);
    g_object_unref (self->list);
    g_free (self);
    *self_p = NULL;
}

GtkWidget *
monitor_rows_header (monitor_rows_t *self)
{
    return self->header;
}

GtkWidget *
monitor_rows_list (monitor_rows_t *self)
{
    return self->list;
}
