/*  lookup_inputs - province completion (GtkEntryCompletion over the 63
    names, matched on folded spellings and aliases) and the date entry
    with its calendar popover.  */
#include "lookup_inputs.h"
#include "ui_kit.h"
#include "vc_i18n.h"
#include <stdlib.h>
#include <string.h>

enum { COL_NAME, COL_KEYS, COL_COUNT };

#define CALENDAR_KEY "lookup-calendar"
#define RANGE_KEY    "lookup-range"         //  vc_day_t [2]: days with data
#define PICKED_KEY   "lookup-picked"        //  Callback when a day is picked

typedef struct {
    void (*fn) (GtkWidget *entry, gpointer user);
    gpointer user;
} picked_t;

char *
lookup_province_keys (const char *name, const vc_province_t *province)
{
    GString *keys = g_string_new (" ");
    char folded [256];
    vc_province_normalize (name, folded, sizeof folded);
    g_string_append_printf (keys, "%s |", folded);
    if (province) {
        vc_province_normalize (province->ascii, folded, sizeof folded);
        g_string_append_printf (keys, " %s |", folded);
        char **aliases = g_strsplit (province->aliases ? province->aliases : "", "|", -1);
        for (char **alias = aliases; *alias; alias++) {
            vc_province_normalize (*alias, folded, sizeof folded);
            if (*folded)
                g_string_append_printf (keys, " %s |", folded);
        }
        g_strfreev (aliases);
    }
    return g_string_free (keys, FALSE);
}

static void
s_add_row (GtkListStore *store, const char *name, const vc_province_t *province)
{
    char *keys = lookup_province_keys (name, province);
    GtkTreeIter iter;
    gtk_list_store_append (store, &iter);
    gtk_list_store_set (store, &iter, COL_NAME, name, COL_KEYS, keys, -1);
    g_free (keys);
}

bool
lookup_province_keys_match (const char *keys, const char *folded)
{
    char pattern [260];
    if (!*folded)
        return false;
    snprintf (pattern, sizeof pattern, " %.250s", folded);
    return strstr (keys, pattern) != NULL;
}

static gboolean
s_match (GtkEntryCompletion *completion, const char *key, GtkTreeIter *iter, gpointer user)
{
    (void) key, (void) user;
    GtkWidget *entry = gtk_entry_completion_get_entry (completion);
    char typed [256];
    vc_province_normalize (gtk_editable_get_text (GTK_EDITABLE (entry)), typed, sizeof typed);
    if (!*typed)
        return FALSE;
    char *keys = NULL;
    gtk_tree_model_get (gtk_entry_completion_get_model (completion), iter, COL_KEYS, &keys, -1);
    gboolean match = keys && lookup_province_keys_match (keys, typed);
    g_free (keys);
    return match;
}

GtkWidget *
lookup_province_new (vc_provinces_t *provinces)
{
    GtkWidget *entry = gtk_entry_new ();
    gtk_widget_set_name (entry, "lookup-province");
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. TP. Hồ Chí Minh, ha noi, HCM"));
    GtkEntryCompletion *completion = gtk_entry_completion_new ();
    gtk_entry_completion_set_text_column (completion, COL_NAME);
    gtk_entry_completion_set_match_func (completion, s_match, NULL, NULL);
    gtk_entry_completion_set_minimum_key_length (completion, 1);
    gtk_entry_set_completion (GTK_ENTRY (entry), completion);
    g_object_unref (completion);
    lookup_province_set_names (entry, provinces, NULL);
    return entry;
}

void
lookup_province_set_names (GtkWidget *entry, vc_provinces_t *provinces, GPtrArray *names)
{
    GtkListStore *store = gtk_list_store_new (COL_COUNT, G_TYPE_STRING, G_TYPE_STRING);
    if (names)
        for (guint i = 0; i < names->len; i++) {
            const char *name = (const char *) g_ptr_array_index (names, i);
            s_add_row (store, name, vc_provinces_match (provinces, name));
        }
    else
        for (size_t i = 0; i < vc_provinces_size (provinces); i++) {
            const vc_province_t *province = vc_provinces_at (provinces, i);
            s_add_row (store, province->name, province);
        }
    GtkEntryCompletion *completion = gtk_entry_get_completion (GTK_ENTRY (entry));
    gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (store));
    g_object_unref (store);
}

int
lookup_date_get (GtkWidget *entry, vc_day_t *day, char *err, size_t err_size)
{
    char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
    char reason [160];
    int rc = *text ? vc_date_parse (text, day, reason, sizeof reason) : 1;
    if (rc < 0 && strstr (reason, "not a real date"))
        snprintf (err, err_size, _("%s is not a real date: that month has fewer days."), text);
    else
    if (rc < 0)
        snprintf (err, err_size, _("“%s” is not a date. Type it as dd-mm-yyyy, e.g. 15-12-2021."), text);
    g_free (text);
    return rc;
}

//  Mark the field while what is typed is not a date
static void
s_on_date_changed (GtkEditable *editable, gpointer user)
{
    (void) user;
    GtkWidget *entry = GTK_WIDGET (editable);
    char err [160];
    vc_day_t day;
    if (lookup_date_get (entry, &day, err, sizeof err) < 0) {
        gtk_widget_add_css_class (entry, "error");
        gtk_widget_set_tooltip_text (entry, err);
    }
    else {
        gtk_widget_remove_css_class (entry, "error");
        gtk_widget_set_tooltip_text (entry, _("dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd; empty for the total"));
    }
}

static bool
s_in_range (GtkWidget *entry, vc_day_t day)
{
    vc_day_t *range = (vc_day_t *) g_object_get_data (G_OBJECT (entry), RANGE_KEY);
    return !range || (day >= range [0] && day <= range [1]);
}

//  The labels of the shown month's days, as the style sheet sees them:
//  GtkCalendar (4.8) gives a day's label the "checked" state of its mark
//  only when it lays out a month, before the month's marks are set here
static void
s_show_marks (GtkCalendar *calendar)
{
    for (GtkWidget *part = gtk_widget_get_first_child (GTK_WIDGET (calendar)); part;
         part = gtk_widget_get_next_sibling (part)) {
        if (!GTK_IS_GRID (part))
            continue;
        for (GtkWidget *label = gtk_widget_get_first_child (part); label;
             label = gtk_widget_get_next_sibling (label)) {
            if (!GTK_IS_LABEL (label) || !gtk_widget_has_css_class (label, "day-number")
            ||  gtk_widget_has_css_class (label, "other-month"))
                continue;
            int mday = atoi (gtk_label_get_text (GTK_LABEL (label)));
            if (mday >= 1 && mday <= 31 && gtk_calendar_get_day_is_marked (calendar, (guint) mday))
                gtk_widget_set_state_flags (label, GTK_STATE_FLAG_CHECKED, FALSE);
            else
                gtk_widget_unset_state_flags (label, GTK_STATE_FLAG_CHECKED);
        }
    }
}

//  Mark the days of the shown month that have figures
static void
s_mark_days (GtkCalendar *calendar, GtkWidget *entry)
{
    gtk_calendar_clear_marks (calendar);
    int year = 0, month = 0;
    g_object_get (calendar, "year", &year, "month", &month, NULL);
    for (int mday = 1; mday <= 31; mday++) {
        vc_day_t day;
        if (vc_date_from_ymd (year, month + 1, mday, &day) == 0 && s_in_range (entry, day)
        &&  g_object_get_data (G_OBJECT (entry), RANGE_KEY))
            gtk_calendar_mark_day (calendar, (guint) mday);
    }
    s_show_marks (calendar);
}

static void
s_on_month_changed (GObject *calendar, GParamSpec *spec, gpointer user)
{
    (void) spec;
    s_mark_days (GTK_CALENDAR (calendar), GTK_WIDGET (user));
}

static void
s_on_day_selected (GtkCalendar *calendar, gpointer user)
{
    GtkWidget *entry = GTK_WIDGET (user);
    GDateTime *date = gtk_calendar_get_date (calendar);
    char *text = g_date_time_format (date, "%d-%m-%Y");
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
    g_free (text);
    g_date_time_unref (date);
    GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);
    if (popover)
        gtk_popover_popdown (GTK_POPOVER (popover));
    //  A day is picked: look it up at once
    picked_t *picked = (picked_t *) g_object_get_data (G_OBJECT (entry), PICKED_KEY);
    if (picked)
        picked->fn (entry, picked->user);
}

static void
s_select_quietly (GtkWidget *calendar, GtkWidget *entry, vc_day_t day)
{
    int year, month, mday;
    vc_date_to_ymd (day, &year, &month, &mday);
    GDateTime *date = g_date_time_new_local (year, month, mday, 12, 0, 0);
    if (!date)
        return;
    g_signal_handlers_block_by_func (calendar, s_on_day_selected, entry);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), date);
    g_signal_handlers_unblock_by_func (calendar, s_on_day_selected, entry);
    g_date_time_unref (date);
    s_mark_days (GTK_CALENDAR (calendar), entry);
}

//  The calendar opens on the typed day, else the newest day with figures
static void
s_on_calendar_show (GtkWidget *popover, gpointer user)
{
    (void) popover;
    GtkWidget *entry = GTK_WIDGET (user);
    GtkWidget *calendar = GTK_WIDGET (g_object_get_data (G_OBJECT (entry), CALENDAR_KEY));
    vc_day_t *range = (vc_day_t *) g_object_get_data (G_OBJECT (entry), RANGE_KEY);
    vc_day_t day;
    char err [200];
    if (lookup_date_get (entry, &day, err, sizeof err) == 0)
        s_select_quietly (calendar, entry, day);
    else
    if (range)
        s_select_quietly (calendar, entry, range [1]);
}

//  How many days of the shown month the style sheet draws faint (the
//  days without figures, "calendar.day-marks" in ui_kit's sheet): each
//  day's label as drawn, its colour's alpha
static int
s_dimmed_days (GtkWidget *calendar)
{
    int dimmed = 0;
    for (GtkWidget *part = gtk_widget_get_first_child (calendar); part;
         part = gtk_widget_get_next_sibling (part)) {
        if (!GTK_IS_GRID (part))
            continue;
        for (GtkWidget *label = gtk_widget_get_first_child (part); label;
             label = gtk_widget_get_next_sibling (label)) {
            if (!gtk_widget_has_css_class (label, "day-number")
            ||  gtk_widget_has_css_class (label, "other-month"))
                continue;
            GdkRGBA colour;
            G_GNUC_BEGIN_IGNORE_DEPRECATIONS
            gtk_style_context_get_color (gtk_widget_get_style_context (label), &colour);
            G_GNUC_END_IGNORE_DEPRECATIONS
            dimmed += colour.alpha < 0.6 ? 1 : 0;
        }
    }
    return dimmed;
}

//  The calendar for test scripts: the selected day, how many days of the
//  shown month are marked as having figures and how many are drawn faint
//  ("2021-12-05 marked=31 dimmed=0")
static char *
s_calendar_text (GtkWidget *widget)
{
    GtkCalendar *calendar = GTK_CALENDAR (widget);
    GDateTime *date = gtk_calendar_get_date (calendar);
    int marked = 0;
    for (guint mday = 1; mday <= 31; mday++)
        marked += gtk_calendar_get_day_is_marked (calendar, mday) ? 1 : 0;
    char *day = g_date_time_format (date, "%Y-%m-%d");
    char *text = g_strdup_printf ("%s marked=%d dimmed=%d", day, marked, s_dimmed_days (widget));
    g_free (day);
    g_date_time_unref (date);
    return text;
}

void
lookup_date_on_pick (GtkWidget *entry, void (*fn) (GtkWidget *entry, gpointer user), gpointer user)
{
    picked_t *picked = (picked_t *) g_malloc0 (sizeof (picked_t));
    picked->fn = fn;
    picked->user = user;
    g_object_set_data_full (G_OBJECT (entry), PICKED_KEY, picked, g_free);
}

GtkWidget *
lookup_date_new (GtkWidget **entry_p)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
    GtkWidget *entry = gtk_entry_new ();
    gtk_widget_set_name (entry, "lookup-date");
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("dd-mm-yyyy (empty: total)"));
    gtk_entry_set_max_length (GTK_ENTRY (entry), 10);
    gtk_widget_set_hexpand (entry, TRUE);
    g_signal_connect (entry, "changed", G_CALLBACK (s_on_date_changed), NULL);
    s_on_date_changed (GTK_EDITABLE (entry), NULL);

    GtkWidget *calendar = gtk_calendar_new ();
    gtk_widget_set_name (calendar, "lookup-calendar");
    gtk_widget_add_css_class (calendar, "day-marks");
    ui_kit_set_text_func (calendar, s_calendar_text);
    g_signal_connect (calendar, "day-selected", G_CALLBACK (s_on_day_selected), entry);
    g_signal_connect (calendar, "notify::month", G_CALLBACK (s_on_month_changed), entry);
    g_signal_connect (calendar, "notify::year", G_CALLBACK (s_on_month_changed), entry);
    GtkWidget *popover = gtk_popover_new ();
    gtk_popover_set_child (GTK_POPOVER (popover), calendar);
    GtkWidget *button = gtk_menu_button_new ();
    gtk_widget_set_name (button, "lookup-date-pick");
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
    gtk_widget_set_tooltip_text (button, _("Pick the day on a calendar (days with figures are marked)"));
    g_signal_connect (popover, "show", G_CALLBACK (s_on_calendar_show), entry);
    gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
    g_object_set_data (G_OBJECT (entry), CALENDAR_KEY, calendar);

    gtk_box_append (GTK_BOX (row), entry);
    gtk_box_append (GTK_BOX (row), button);
    *entry_p = entry;
    return row;
}

void
lookup_date_set_range (GtkWidget *entry, vc_day_t first, vc_day_t last)
{
    vc_day_t *range = (vc_day_t *) g_malloc (2 * sizeof (vc_day_t));
    range [0] = first;
    range [1] = last;
    g_object_set_data_full (G_OBJECT (entry), RANGE_KEY, range, g_free);
    GtkWidget *calendar = GTK_WIDGET (g_object_get_data (G_OBJECT (entry), CALENDAR_KEY));
    if (calendar)
        s_select_quietly (calendar, entry, last);
}
