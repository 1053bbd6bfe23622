/*  lookup_inputs - the lookup page's two fields: a province entry that
    completes any common spelling of the 63 names ("hcm", "ha noi",
    "Hồ Chí Minh"), and a date entry checked as it is typed, with a
    calendar to pick the day.
*/
#ifndef LOOKUP_INPUTS_H_INCLUDED
#define LOOKUP_INPUTS_H_INCLUDED

#include <gtk/gtk.h>
#include "vc_date.h"
#include "vc_province.h"

//  Province entry named "lookup-province", completing the built-in names.
GtkWidget *lookup_province_new (vc_provinces_t *provinces);
//  Complete these names instead (from the server's province list).
void lookup_province_set_names (GtkWidget *entry, vc_provinces_t *provinces, GPtrArray *names);

//  Completion keys of a name: " name | ascii | alias |..." folded, so that
//  typed text (folded with vc_province_normalize) matches at word starts.
//  (free the keys with g_free).
char *lookup_province_keys (const char *name, const vc_province_t *province);
bool lookup_province_keys_match (const char *keys, const char *folded);

//  Date entry named "lookup-date" with a calendar button beside it; returns
//  the row, and the entry in *entry_p.
GtkWidget *lookup_date_new (GtkWidget **entry_p);
//  The days with figures: the calendar marks them and, when the field
//  holds no date, opens on the last.
void lookup_date_set_range (GtkWidget *entry, vc_day_t first, vc_day_t last);
//  fn (entry, user) runs when a day is picked on the calendar (the field
//  holds it then).
void lookup_date_on_pick (GtkWidget *entry, void (*fn) (GtkWidget *entry, gpointer user),
                          gpointer user);
//  The day typed: 1 if empty, 0 with *day set, -1 with a reason (in
//  plain words, translated) in err.
int lookup_date_get (GtkWidget *entry, vc_day_t *day, char *err, size_t err_size);

#endif
