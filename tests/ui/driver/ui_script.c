/*  ui_script - runs a test script of UI steps on the main loop (see
    ui_script.h): finds widgets by name, acts on them, waits for outcomes
    with a timeout, and reports PASS or FAIL per step.  */
#include "ui_script.h"
#include "ui_contrast.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#ifndef streq
#   define streq(a, b) (strcmp ((a), (b)) == 0)
#endif
#define UI_SCRIPT_POLL_MS   50
#define UI_SETTLE_USEC      (400 * 1000)

struct _ui_driver_t {
    GtkWindow *window;
    char **lines;
    int line_count;
    int current;                //  Index of the step being run
    int64_t deadline;           //  Monotonic usec; 0 when the step is new
    int timeout_s;
    int passes, failures;
    bool completed;             //  Ran to the end or to "quit"
    guint source;
    void (*quit_fn) (void *arg);
    void *quit_arg;
    guint turn_source;          //  "turns": the probe timer
    guint tick_id;              //  and the frame counter
    int64_t turn_last, turn_longest, turn_end;
    int64_t turn_cpu_last, turn_cpu_longest;    //  The main thread's CPU time
    int frames;
};

#define UI_TURN_PROBE_MS    10

static GtkWidget *
s_find (GtkWidget *root, const char *name)
{
    if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
        return root;
    for (GtkWidget *child = gtk_widget_get_first_child (root); child;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *found = s_find (child, name);
        if (found)
            return found;
    }
    return NULL;
}

//  A named widget in the script's window, else in another window of the
//  program (the About window, a dialog)
static GtkWidget *
s_find_any (ui_driver_t *self, const char *name)
{
    GtkWidget *found = s_find (GTK_WIDGET (self->window), name);
    GListModel *windows = gtk_window_get_toplevels ();
    guint count = g_list_model_get_n_items (windows);
    for (guint i = 0; !found && i < count; i++) {
        GtkWidget *window = GTK_WIDGET (g_list_model_get_item (windows, i));
        if (window != GTK_WIDGET (self->window))
            found = s_find (window, name);
        g_object_unref (window);
    }
    return found;
}

static char *
s_text_of (GtkWidget *widget)
{
    ui_kit_text_fn *fn = ui_kit_text_func (widget);
    if (fn)
        return fn (widget);
    if (GTK_IS_LABEL (widget))
        return g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
    if (GTK_IS_EDITABLE (widget))
        return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
    if (GTK_IS_BUTTON (widget))
        return g_strdup (gtk_button_get_label (GTK_BUTTON (widget)));
    if (GTK_IS_STACK (widget))
        return g_strdup (gtk_stack_get_visible_child_name (GTK_STACK (widget)));
    return g_strdup ("");
}

GdkTexture *
ui_script_render (GtkWidget *widget)
{
    int width = gtk_widget_get_width (widget);
    int height = gtk_widget_get_height (widget);
    GtkNative *native = gtk_widget_get_native (widget);
    GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
    if (width <= 0 || height <= 0 || !renderer)
        return NULL;
    GdkPaintable *paintable = gtk_widget_paintable_new (widget);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    gdk_paintable_snapshot (paintable, snapshot, width, height);
    GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
    GdkTexture *texture = NULL;
    if (node) {
        graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
        texture = gsk_renderer_render_texture (renderer, node, &bounds);
        gsk_render_node_unref (node);
    }
    g_object_unref (paintable);
    return texture;
}

int
ui_script_screenshot (GtkWidget *widget, const char *path)
{
    GdkTexture *texture = ui_script_render (widget);
    int rc = texture && gdk_texture_save_to_png (texture, path) ? 0 : -1;
    if (texture)
        g_object_unref (texture);
    return rc;
}

static char *
s_screenshot_path (const char *file)
{
    const char *dir = g_getenv ("VC_SCREENSHOT_DIR");
    if (g_path_is_absolute (file) || !dir || !*dir)
        return g_strdup (file);
    g_mkdir_with_parents (dir, 0755);
    return g_build_filename (dir, file, NULL);
}

//  Result of one attempt at a step
typedef enum { STEP_DONE, STEP_WAIT, STEP_FAILED } step_t;

typedef struct {
    ui_driver_t *self;
    char *verb, *name, *rest;   //  "wait-text", "lookup-result", "1\\.270"
    GtkWidget *widget;          //  Named widget, if any
    char reason [512];
} step_ctx_t;

static step_t
s_fail (step_ctx_t *ctx, const char *format, ...) G_GNUC_PRINTF (2, 3);

static step_t
s_fail (step_ctx_t *ctx, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vsnprintf (ctx->reason, sizeof ctx->reason, format, args);
    va_end (args);
    return STEP_FAILED;
}

static bool
s_showing (GtkWidget *widget)
{
    return gtk_widget_get_mapped (widget) && gtk_widget_is_visible (widget);
}

static step_t
s_step_click (step_ctx_t *ctx)
{
    if (!s_showing (ctx->widget))
        return STEP_WAIT;
    if (!gtk_widget_is_sensitive (ctx->widget))
        return s_fail (ctx, "%s is not sensitive", ctx->name);
    if (GTK_IS_BUTTON (ctx->widget))
        g_signal_emit_by_name (ctx->widget, "clicked");
    else
        gtk_widget_activate (ctx->widget);
    return STEP_DONE;
}

//  A day picked on a calendar, as a click on it would: "yyyy-mm-dd"
static step_t
s_step_set_calendar (step_ctx_t *ctx)
{
    int year, month, day;
    if (sscanf (ctx->rest, "%d-%d-%d", &year, &month, &day) != 3)
        return s_fail (ctx, "calendar days are written yyyy-mm-dd");
    GDateTime *date = g_date_time_new_local (year, month, day, 12, 0, 0);
    if (!date)
        return s_fail (ctx, "no such day");
    gtk_calendar_select_day (GTK_CALENDAR (ctx->widget), date);
    g_date_time_unref (date);
    g_signal_emit_by_name (ctx->widget, "day-selected");
    return STEP_DONE;
}

static step_t
s_step_set (step_ctx_t *ctx)
{
    if (GTK_IS_CALENDAR (ctx->widget))
        return s_step_set_calendar (ctx);
    if (!GTK_IS_EDITABLE (ctx->widget))
        return s_fail (ctx, "%s is not editable", ctx->name);
    gtk_editable_set_text (GTK_EDITABLE (ctx->widget), ctx->rest ? ctx->rest : "");
    return STEP_DONE;
}

static step_t
s_step_activate (step_ctx_t *ctx)
{
    if (!s_showing (ctx->widget))
        return STEP_WAIT;
    if (g_signal_lookup ("activate", G_OBJECT_TYPE (ctx->widget)))
        g_signal_emit_by_name (ctx->widget, "activate");
    else
        gtk_widget_activate (ctx->widget);
    return STEP_DONE;
}

static step_t
s_step_focus (step_ctx_t *ctx, bool move)
{
    GtkWidget *window = GTK_WIDGET (ctx->self->window);
    if (move) {
        if (!gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD))
            return s_fail (ctx, "nothing can take the focus");
        return STEP_DONE;
    }
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    if (focus && (focus == ctx->widget || gtk_widget_is_ancestor (focus, ctx->widget)))
        return STEP_DONE;
    GtkWidget *named = focus;
    while (named && !gtk_widget_get_name (named) [0])
        named = gtk_widget_get_parent (named);
    while (named && g_str_has_prefix (gtk_widget_get_name (named), "Gtk"))
        named = gtk_widget_get_parent (named);
    return s_fail (ctx, "focus is on %s in %s", focus ? gtk_widget_get_name (focus) : "nothing",
                   named ? gtk_widget_get_name (named) : "nothing");
}

static step_t
s_step_wait_text (step_ctx_t *ctx)
{
    char *text = s_text_of (ctx->widget);
    bool match = g_regex_match_simple (ctx->rest, text, G_REGEX_MULTILINE, 0);
    if (!match)
        snprintf (ctx->reason, sizeof ctx->reason, "text is '%.400s'", text);
    g_free (text);
    return match ? STEP_DONE : STEP_WAIT;
}

static step_t
s_step_tooltip (step_ctx_t *ctx)
{
    const char *tip = gtk_widget_get_tooltip_text (ctx->widget);
    if (tip && g_regex_match_simple (ctx->rest, tip, 0, 0))
        return STEP_DONE;
    return s_fail (ctx, "tooltip is '%s'", tip ? tip : "");
}

//  The text of a widget stands out from what is behind it
static step_t
s_step_contrast (step_ctx_t *ctx)
{
    //  Let transitions (page cross-fades, colours) finish first
    ui_driver_t *self = ctx->self;
    int64_t started = self->deadline - (int64_t) self->timeout_s * G_USEC_PER_SEC;
    if (g_get_monotonic_time () - started < UI_SETTLE_USEC)
        return STEP_WAIT;
    double wanted = g_ascii_strtod (ctx->rest, NULL);
    char detail [160];
    double ratio = ui_contrast_of (GTK_WIDGET (ctx->self->window), ctx->widget, detail, sizeof detail);
    if (ratio < 0)
        return STEP_WAIT;       //  Not drawn yet
    printf ("ui-script: contrast of %s: %.2f (%s)\n", ctx->name, ratio, detail);
    fflush (stdout);
    return ratio >= wanted ? STEP_DONE : s_fail (ctx, "contrast %.2f below %.2f (%s)", ratio, wanted, detail);
}

//  A step's result written to the file the script named: done, or failed
//  with the reason
static step_t
s_write_result (step_ctx_t *ctx, const char *path, const char *text)
{
    GError *error = NULL;
    if (!g_file_set_contents (path, text, -1, &error)) {
        s_fail (ctx, "%s", error->message);
        g_error_free (error);
        return STEP_FAILED;
    }
    return STEP_DONE;
}

static step_t
s_step_dump (step_ctx_t *ctx)
{
    char *text = s_text_of (ctx->widget);
    step_t step = s_write_result (ctx, ctx->rest, text);
    g_free (text);
    return step;
}

//  The allocated width of a widget, in pixels, to a file (and stdout)
static step_t
s_step_width (step_ctx_t *ctx)
{
    //  Let a new layout settle first
    ui_driver_t *self = ctx->self;
    int64_t started = self->deadline - (int64_t) self->timeout_s * G_USEC_PER_SEC;
    if (!s_showing (ctx->widget) || g_get_monotonic_time () - started < UI_SETTLE_USEC)
        return STEP_WAIT;
    int width = gtk_widget_get_width (ctx->widget);
    printf ("ui-script: width of %s: %d\n", ctx->name, width);
    fflush (stdout);
    char text [32];
    snprintf (text, sizeof text, "%d\n", width);
    return s_write_result (ctx, ctx->rest, text);
}

//  "place NAME FILE": where a widget is in its window's surface, "X Y
//  WIDTH HEIGHT" in pixels, to a file (and stdout), so that a test can
//  point at it with real pointer events (xdotool)
static step_t
s_step_place (step_ctx_t *ctx)
{
    ui_driver_t *self = ctx->self;
    int64_t started = self->deadline - (int64_t) self->timeout_s * G_USEC_PER_SEC;
    if (!s_showing (ctx->widget) || g_get_monotonic_time () - started < UI_SETTLE_USEC)
        return STEP_WAIT;
    GtkNative *native = gtk_widget_get_native (ctx->widget);
    graphene_rect_t bounds;
    if (!native || !gtk_widget_compute_bounds (ctx->widget, GTK_WIDGET (native), &bounds))
        return STEP_WAIT;
    double dx = 0, dy = 0;
    gtk_native_get_surface_transform (native, &dx, &dy);
    char text [64];
    snprintf (text, sizeof text, "%d %d %d %d\n", (int) (bounds.origin.x + dx), (int) (bounds.origin.y + dy),
              (int) bounds.size.width, (int) bounds.size.height);
    printf ("ui-script: place of %s: %s", ctx->name, text);
    fflush (stdout);
    return s_write_result (ctx, ctx->rest, text);
}

//  CPU time of the calling thread, in microseconds
static int64_t
s_thread_cpu (void)
{
    struct timespec spent = { 0, 0 };
    if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &spent))
        return 0;
    return (int64_t) spent.tv_sec * G_USEC_PER_SEC + spent.tv_nsec / 1000;
}

//  The probe of "turns": a timer every 10 ms at the default priority; the
//  longest gap between two of its calls, less its period, is the longest
//  main-loop turn (the window took nothing else meanwhile). The main
//  thread's CPU time over the same gaps tells the work done in a turn
//  from the time the thread waited for a processor on a busy machine.
static gboolean
s_turn_probe (gpointer data)
{
    ui_driver_t *self = (ui_driver_t *) data;
    int64_t now = g_get_monotonic_time (), cpu = s_thread_cpu ();
    if (now - self->turn_last - UI_TURN_PROBE_MS * 1000 > self->turn_longest)
        self->turn_longest = now - self->turn_last - UI_TURN_PROBE_MS * 1000;
    if (cpu - self->turn_cpu_last > self->turn_cpu_longest)
        self->turn_cpu_longest = cpu - self->turn_cpu_last;
    self->turn_last = now;
    self->turn_cpu_last = cpu;
    return G_SOURCE_CONTINUE;
}

static gboolean
s_turn_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
    (void) widget;
    (void) clock;
    ((ui_driver_t *) data)->frames++;
    return G_SOURCE_CONTINUE;
}

//  "turns SECONDS FILE": for SECONDS, the longest main-loop turn (ms), the
//  frames drawn and the most CPU time a turn took (ms), to FILE ("LONGEST
//  FRAMES CPU") and stdout
static step_t
s_step_turns (step_ctx_t *ctx, const char *args)
{
    ui_driver_t *self = ctx->self;
    int seconds = 0, used = 0;
    if (sscanf (args, "%d %n", &seconds, &used) != 1 || seconds < 1 || !args [used])
        return s_fail (ctx, "turns needs SECONDS FILE");
    int64_t now = g_get_monotonic_time ();
    if (!self->turn_source) {
        self->turn_last = now;
        self->turn_longest = 0;
        self->turn_cpu_last = s_thread_cpu ();
        self->turn_cpu_longest = 0;
        self->frames = 0;
        self->turn_end = now + (int64_t) seconds * G_USEC_PER_SEC;
        self->turn_source = g_timeout_add (UI_TURN_PROBE_MS, s_turn_probe, self);
        self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->window), s_turn_frame,
                                                      self, NULL);
        self->deadline = self->turn_end + (int64_t) self->timeout_s * G_USEC_PER_SEC;
    }
    if (now < self->turn_end)
        return STEP_WAIT;
    g_source_remove (self->turn_source);
    self->turn_source = 0;
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->window), self->tick_id);
    printf ("ui-script: turns: longest %d ms (%d ms of CPU at most), %d frames in %d s\n",
            (int) (self->turn_longest / 1000), (int) (self->turn_cpu_longest / 1000), self->frames,
            seconds);
    fflush (stdout);
    char text [64];
    snprintf (text, sizeof text, "%d %d %d\n", (int) (self->turn_longest / 1000), self->frames,
              (int) (self->turn_cpu_longest / 1000));
    return s_write_result (ctx, args + used, text);
}

//  True if a part of widget's box lies outside an ancestor (up to top)
//  that clips what it holds (its overflow hidden, as a column's cells)
static bool
s_clipped (GtkWidget *widget, GtkWidget *top)
{
    for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor;
         ancestor = gtk_widget_get_parent (ancestor)) {
        graphene_rect_t bounds;
        if (gtk_widget_get_overflow (ancestor) == GTK_OVERFLOW_HIDDEN
        &&  gtk_widget_compute_bounds (widget, ancestor, &bounds)
        &&  (bounds.origin.x < -0.5
             || bounds.origin.x + bounds.size.width > gtk_widget_get_width (ancestor) + 0.5))
            return true;
        if (ancestor == top)
            break;
    }
    return false;
}

//  A label's natural width without what is around its text (its padding,
//  border and margins, or a width asked for, as a table's cells have):
//  the width its text takes on one line, at most its natural width
static int
s_label_natural (GtkWidget *label)
{
    int natural = 0, text = 0;
    gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    PangoLayout *whole = pango_layout_copy (gtk_label_get_layout (GTK_LABEL (label)));
    pango_layout_set_width (whole, -1);
    pango_layout_get_pixel_size (whole, &text, NULL);
    g_object_unref (whole);
    return MIN (natural, text);
}

//  The first label under widget (itself included) that shows less than its
//  whole text (ellipsized, narrower than its text, or clipped by what holds
//  it), inside a part whose CSS name or style class is part (every part
//  for "*"); NULL if none
static GtkWidget *
s_cut_label (GtkWidget *widget, GtkWidget *top, const char *part, bool inside)
{
    inside = inside || streq (part, "*") || streq (gtk_widget_get_css_name (widget), part)
          || gtk_widget_has_css_class (widget, part);
    if (!gtk_widget_get_mapped (widget))
        return NULL;
    if (inside && GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget))) {
        PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));
        int natural = s_label_natural (widget);
        if (pango_layout_is_ellipsized (layout) || gtk_widget_get_width (widget) < natural
        ||  s_clipped (widget, top))
            return widget;
    }
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *cut = s_cut_label (child, top, part, inside);
        if (cut)
            return cut;
    }
    return NULL;
}

//  expect-uncut WIDGET PART: no label of the widget's PART (a CSS name or
//  style class, "header" for a column view's titles, "*" for all) is cut
//  short
static step_t
s_step_uncut (step_ctx_t *ctx)
{
    ui_driver_t *self = ctx->self;
    int64_t started = self->deadline - (int64_t) self->timeout_s * G_USEC_PER_SEC;
    if (!s_showing (ctx->widget) || g_get_monotonic_time () - started < UI_SETTLE_USEC)
        return STEP_WAIT;
    GtkWidget *cut = s_cut_label (ctx->widget, ctx->widget, ctx->rest && *ctx->rest ? ctx->rest : "*", false);
    if (!cut)
        return STEP_DONE;
    int natural = s_label_natural (cut);
    return s_fail (ctx, "'%s' is cut short (its text needs %d px)", gtk_label_get_text (GTK_LABEL (cut)),
                   natural);
}

static step_t
s_step_screenshot (step_ctx_t *ctx, GtkWidget *window, const char *file)
{
    //  Let style transitions (focus rings, colours) finish first
    ui_driver_t *self = ctx->self;
    int64_t started = self->deadline - (int64_t) self->timeout_s * G_USEC_PER_SEC;
    if (g_get_monotonic_time () - started < UI_SETTLE_USEC)
        return STEP_WAIT;
    //  Right after a change the window may not be laid out yet: try again
    char *path = s_screenshot_path (file);
    int rc = ui_script_screenshot (window, path);
    if (rc)
        snprintf (ctx->reason, sizeof ctx->reason, "cannot save %s", path);
    g_free (path);
    return rc ? STEP_WAIT : STEP_DONE;
}

static step_t
s_step_run (step_ctx_t *ctx, const char *command)
{
    int status = 0;
    GError *error = NULL;
    char *argv [] = { (char *) "/bin/sh", (char *) "-c", (char *) command, NULL };
    if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &status, &error)) {
        s_fail (ctx, "%s", error->message);
        g_error_free (error);
        return STEP_FAILED;
    }
    if (!g_spawn_check_wait_status (status, NULL))
        return s_fail (ctx, "command failed");
    return STEP_DONE;
}

//  Activate an action of the application ("app.about"), as its menu item
//  or shortcut does
static step_t
s_step_action (step_ctx_t *ctx, const char *name)
{
    GtkApplication *app = gtk_window_get_application (ctx->self->window);
    const char *action = g_str_has_prefix (name, "app.") ? name + 4 : name;
    if (!app || !g_action_group_has_action (G_ACTION_GROUP (app), action))
        return s_fail (ctx, "no action %s", name);
    if (!g_action_group_get_action_enabled (G_ACTION_GROUP (app), action))
        return s_fail (ctx, "action %s is disabled", name);
    g_action_group_activate_action (G_ACTION_GROUP (app), action, NULL);
    return STEP_DONE;
}

//  Steps that need no widget
static bool
s_step_global (step_ctx_t *ctx, const char *line, step_t *result)
{
    ui_driver_t *self = ctx->self;
    const char *args = line + strlen (ctx->verb);
    while (*args == ' ')
        args++;
    if (streq (ctx->verb, "sleep")) {
        *result = STEP_WAIT;
        if (self->deadline == 0)
            self->deadline = g_get_monotonic_time () + (int64_t) atoi (args) * 1000;
        else
        if (g_get_monotonic_time () >= self->deadline)
            *result = STEP_DONE;
    }
    else
    if (streq (ctx->verb, "timeout")) {
        self->timeout_s = atoi (args) > 0 ? atoi (args) : 10;
        *result = STEP_DONE;
    }
    else
    if (streq (ctx->verb, "tab"))
        *result = s_step_focus (ctx, true);
    else
    if (streq (ctx->verb, "screenshot"))
        *result = s_step_screenshot (ctx, GTK_WIDGET (self->window), args);
    else
    if (streq (ctx->verb, "run"))
        *result = s_step_run (ctx, args);
    else
    if (streq (ctx->verb, "action"))
        *result = s_step_action (ctx, args);
    else
    if (streq (ctx->verb, "toast")) {
        ui_kit_toast (GTK_WIDGET (self->window), args);
        *result = STEP_DONE;
    }
    else
    if (streq (ctx->verb, "turns"))
        *result = s_step_turns (ctx, args);
    else
    if (streq (ctx->verb, "wait-file"))
        *result = g_file_test (args, G_FILE_TEST_EXISTS) ? STEP_DONE : STEP_WAIT;
    else
    if (streq (ctx->verb, "resize")) {
        int width = 0, height = 0;
        *result = sscanf (args, "%d %d", &width, &height) == 2 && width > 0 && height > 0
                ? STEP_DONE : s_fail (ctx, "resize needs WIDTH HEIGHT");
        if (*result == STEP_DONE)
            gtk_window_set_default_size (self->window, width, height);
    }
    else
        return false;
    return true;
}

static step_t
s_step_widget (step_ctx_t *ctx)
{
    const char *verb = ctx->verb;
    if (streq (verb, "set"))
        return s_step_set (ctx);
    if (streq (verb, "click"))
        return s_step_click (ctx);
    if (streq (verb, "activate"))
        return s_step_activate (ctx);
    if (streq (verb, "focus")) {
        if (!s_showing (ctx->widget))
            return STEP_WAIT;
        return gtk_widget_grab_focus (ctx->widget) ? STEP_DONE : s_fail (ctx, "cannot take the focus");
    }
    if (streq (verb, "expect-focus"))
        return s_step_focus (ctx, false);
    if (streq (verb, "wait-focus"))         //  After a key press, when the focus moves
        return s_step_focus (ctx, false) == STEP_DONE ? STEP_DONE : STEP_WAIT;
    if (streq (verb, "wait-text"))
        return s_step_wait_text (ctx);
    if (streq (verb, "wait-visible"))
        return s_showing (ctx->widget) ? STEP_DONE : STEP_WAIT;
    if (streq (verb, "wait-hidden"))
        return s_showing (ctx->widget) ? STEP_WAIT : STEP_DONE;
    if (streq (verb, "expect-sensitive"))
        return gtk_widget_is_sensitive (ctx->widget) ? STEP_DONE : s_fail (ctx, "insensitive");
    if (streq (verb, "expect-insensitive"))
        return gtk_widget_is_sensitive (ctx->widget) ? s_fail (ctx, "sensitive") : STEP_DONE;
    if (streq (verb, "expect-class"))
        return gtk_widget_has_css_class (ctx->widget, ctx->rest) ? STEP_DONE
             : s_fail (ctx, "%s has no class %s", ctx->name, ctx->rest);
    if (streq (verb, "expect-no-class"))
        return gtk_widget_has_css_class (ctx->widget, ctx->rest)
             ? s_fail (ctx, "%s has class %s", ctx->name, ctx->rest) : STEP_DONE;
    if (streq (verb, "expect-contrast"))
        return s_step_contrast (ctx);
    if (streq (verb, "expect-tooltip"))
        return s_step_tooltip (ctx);
    if (streq (verb, "dump"))
        return s_step_dump (ctx);
    if (streq (verb, "width"))
        return s_step_width (ctx);
    if (streq (verb, "place"))
        return s_step_place (ctx);
    if (streq (verb, "expect-uncut"))
        return s_step_uncut (ctx);
    if (streq (verb, "screenshot-of"))
        return s_showing (ctx->widget)
             ? s_step_screenshot (ctx, GTK_WIDGET (gtk_widget_get_root (ctx->widget)), ctx->rest)
             : STEP_WAIT;
    return s_fail (ctx, "unknown step '%s'", verb);
}

//  Split "verb name rest" and run the step once.
static step_t
s_attempt (ui_driver_t *self, const char *line, char *reason, size_t reason_size)
{
    step_ctx_t ctx = { .self = self };
    char **words = g_strsplit (line, " ", 3);
    ctx.verb = words [0];
    ctx.name = words [0] ? words [1] : NULL;
    ctx.rest = ctx.name ? words [2] : NULL;
    step_t result = STEP_DONE;
    if (!s_step_global (&ctx, line, &result)) {
        char *pattern = NULL;
        if (streq (ctx.verb, "wait-page") && ctx.name) {
            pattern = g_strdup_printf ("^%s$", ctx.name);
            ctx.rest = pattern;
            ctx.name = (char *) "pages";
            ctx.verb = (char *) "wait-text";
        }
        ctx.widget = ctx.name ? s_find_any (self, ctx.name) : NULL;
        if (!ctx.name)
            result = s_fail (&ctx, "missing widget name");
        else
        if (!ctx.widget && streq (ctx.verb, "wait-hidden"))
            result = STEP_DONE;         //  Gone (a closed window) is hidden
        else
        if (!ctx.widget && g_str_has_prefix (ctx.verb, "wait-")) {
            //  Waits also wait for the widget to be made
            snprintf (ctx.reason, sizeof ctx.reason, "no widget named %s", ctx.name);
            result = STEP_WAIT;
        }
        else
        if (!ctx.widget)
            result = s_fail (&ctx, "no widget named %s", ctx.name);
        else {
            if (!ctx.rest)
                ctx.rest = (char *) "";
            result = s_step_widget (&ctx);
        }
        g_free (pattern);
    }
    snprintf (reason, reason_size, "%s", ctx.reason);
    g_strfreev (words);
    return result;
}

static void
s_report (ui_driver_t *self, bool pass, const char *line, const char *reason)
{
    printf ("ui-script: %s line %d: %s%s%s\n", pass ? "PASS" : "FAIL", self->current + 1,
            line, *reason ? " -- " : "", reason);
    fflush (stdout);
    if (pass)
        self->passes++;
    else
        self->failures++;
}

static void
s_finish (ui_driver_t *self, bool quit)
{
    self->completed = self->failures == 0;
    printf ("ui-script: DONE %d passed, %d failed\n", self->passes, self->failures);
    fflush (stdout);
    self->source = 0;
    if (quit && self->quit_fn)
        self->quit_fn (self->quit_arg);
}

static gboolean
s_tick (gpointer data)
{
    ui_driver_t *self = (ui_driver_t *) data;
    while (self->current < self->line_count) {
        const char *line = self->lines [self->current];
        if (*line == 0 || *line == '#') {
            self->current++;
            continue;
        }
        if (streq (line, "quit")) {
            s_report (self, true, line, "");
            s_finish (self, true);
            return G_SOURCE_REMOVE;
        }
        char reason [512] = "";
        bool was_waiting = self->deadline != 0;
        if (!was_waiting && !g_str_has_prefix (line, "sleep"))
            self->deadline = g_get_monotonic_time () + (int64_t) self->timeout_s * G_USEC_PER_SEC;
        step_t result = s_attempt (self, line, reason, sizeof reason);
        if (result == STEP_WAIT && !g_str_has_prefix (line, "sleep")
        &&  g_get_monotonic_time () > self->deadline) {
            result = STEP_FAILED;
            char timed [sizeof reason];
            snprintf (timed, sizeof timed, "timed out after %d s%s%.400s", self->timeout_s,
                      *reason ? ": " : "", reason);
            memcpy (reason, timed, sizeof reason);
        }
        if (result == STEP_WAIT)
            return G_SOURCE_CONTINUE;
        self->deadline = 0;
        s_report (self, result == STEP_DONE, line, result == STEP_DONE ? "" : reason);
        if (result == STEP_FAILED) {
            char name [32];
            snprintf (name, sizeof name, "fail-%d.png", self->current + 1);
            char *path = s_screenshot_path (name);
            ui_script_screenshot (GTK_WIDGET (self->window), path);
            printf ("ui-script: window saved to %s\n", path);
            g_free (path);
            s_finish (self, true);
            return G_SOURCE_REMOVE;
        }
        self->current++;
    }
    s_finish (self, false);
    return G_SOURCE_REMOVE;
}

ui_driver_t *
ui_driver_start (const char *env_name, GtkWindow *window,
                 void (*quit_fn) (void *arg), void *arg)
{
    const char *path = g_getenv (env_name);
    if (!path || !*path)
        return NULL;
    ui_driver_t *self = g_new0 (ui_driver_t, 1);
    self->window = window;
    self->quit_fn = quit_fn;
    self->quit_arg = arg;
    self->timeout_s = 10;
    char *contents = NULL;
    GError *error = NULL;
    if (!g_file_get_contents (path, &contents, NULL, &error)) {
        printf ("ui-script: FAIL cannot read %s: %s\n", path, error->message);
        g_error_free (error);
        self->failures = 1;
        return self;
    }
    self->lines = g_strsplit (contents, "\n", -1);
    g_free (contents);
    self->line_count = (int) g_strv_length (self->lines);
    for (int i = 0; i < self->line_count; i++)
        g_strstrip (self->lines [i]);
    printf ("ui-script: running %s (%d lines)\n", path, self->line_count);
    fflush (stdout);
    self->source = g_timeout_add (UI_SCRIPT_POLL_MS, s_tick, self);
    return self;
}

void
ui_driver_destroy (ui_driver_t **self_p)
{
    ui_driver_t *self = *self_p;
    if (!self)
        return;
    if (self->source)
        g_source_remove (self->source);
    g_strfreev (self->lines);
    g_free (self);
    *self_p = NULL;
}

bool
ui_driver_failed (ui_driver_t *self)
{
    return self && (self->failures > 0 || !self->completed);
}
