/*  scrape_parse_feed_json - the JSON feed behind a script-built province page.

    The list read is the first array of objects that carry province names,
    at the top or in a member of the top object, at any depth: pipezero's
    data.json (covid19.gov.vn's feed) is {total, today, overview: [7 days],
    locations: [63 provinces]}, and only "locations" names provinces; the
    national portal's API answers a top-level array. Members read:
        name        name, province, provinceName, tinh, ten
        total       cases, total_case, total, confirmed, soCaNhiem, tongCa
        today       casesToday, new_case, newCases, today, caMoi, new
        date        lastUpdate, last_updated, lastUpdated, updatedAt, updated,
                    date, ngay ("2021-12-15 ...", "15/12/2021 18:30:00")
    Counts may be numbers or strings written the Vietnamese way ("502.632").
    A JSONP wrapper or "var x = ...;" around the data is tolerated.

    The date, with its year, must be in the feed (an item's or the top
    object's): a feed without one (pipezero's has only "dd-mm" in its
    overview) is refused, never dated by the fetch. In a feed dated item by
    item, an item without its own date is left out with a warning.

    The portal's series by date keyed by its own province ids ("?filter_type=
    case_by_time": {"1": {"18/3/2020": 0, ...}, ...}) names no province and
    is refused with that reason. So is the VnCDC dashboard's report of one
    province ("/v2/vietnam/report-epi?province_ids=..."): {"report": [{"name":
    "Cộng đồng", "code": "local_case", "data": [[1627796796000, 207], ...]},
    ...]}, whose names are its series', not provinces (the province is only
    in the query).

    Notes say which list was read, which members gave the figures and the
    date, and which members were not read (the portal's "new_death" is no
    day's deaths: for TP HCM on 19-09-2021 it is its total, 13281).
*/
#include "scrape_parse.h"
#include "scrape_text.h"
#include "scrape_json.h"

#include <stdio.h>
#include <string.h>

#define FIND_DEPTH 4
#define SKIPPED_MAX 400

static const char *const s_name_keys [] = { "name", "province", "provinceName", "tinh", "ten", NULL };
static const char *const s_total_keys [] = { "cases", "total_case", "total", "confirmed", "soCaNhiem",
                                             "tongCa", NULL };
static const char *const s_today_keys [] = { "casesToday", "new_case", "newCases", "today", "caMoi",
                                             "new", NULL };
static const char *const s_date_keys [] = { "lastUpdate", "last_updated", "lastUpdated", "updatedAt",
                                            "updated", "date", "ngay", NULL };

//  The first of keys that object has, or NULL.
static const char *
s_key (json_object *object, const char *const *keys)
{
    for (; *keys; keys++)
        if (scrape_json_member (object, *keys))
            return *keys;
    return NULL;
}

static json_object *
s_member (json_object *object, const char *const *keys)
{
    const char *key = s_key (object, keys);
    return key? scrape_json_member (object, key): NULL;
}

//  A date with its year as "2021-12-15...", "15/12/2021" or "15-12-2021".
static bool
s_date (json_object *object, vc_day_t *day)
{
    const char *text = scrape_json_string (s_member (object, s_date_keys));
    if (!text)
        return false;
    scrape_date_t date;
    if (scrape_text_dates (text, 0, &date, 1) == 1 && date.offset == 0) {
        *day = date.day;
        return true;
    }
    return false;
}

//  An array whose first object has a province name member.
static bool
s_is_list (json_object *value)
{
    json_object *first = json_object_is_type (value, json_type_array)?
                         json_object_array_get_idx (value, 0): NULL;
    return json_object_is_type (first, json_type_object)
        && scrape_json_string (s_member (first, s_name_keys)) != NULL;
}

//  The list of province objects: the root, or a member of it at any depth
//  (breadth first). Arrays passed over are noted.
static json_object *
s_find_list (json_object *root, int depth, scrape_result_t *result)
{
    if (s_is_list (root)) {
        if (depth == 0)
            scrape_result_note (result, "read: the %zu items of the top-level array",
                                json_object_array_length (root));
        return root;
    }
    if (!json_object_is_type (root, json_type_object) || depth == FIND_DEPTH)
        return NULL;
    json_object_object_foreach (root, key, member) {
        if (s_is_list (member)) {
            scrape_result_note (result, "read: the %zu items of '%s'",
                                json_object_array_length (member), key);
            return member;
        }
        if (json_object_is_type (member, json_type_array))
            scrape_result_note (result, "skipped: '%s' (%zu items without province names)",
                                key, json_object_array_length (member));
    }
    json_object_object_foreach (root, key2, member2) {
        (void) key2;
        json_object *list = s_find_list (member2, depth + 1, result);
        if (list)
            return list;
    }
    return NULL;
}

//  One province. When the feed is dated item by item (the portal's API),
//  an item without a date of its own is not read: it is not dated by the
//  others.
static void
s_add_item (json_object *item, size_t index, vc_day_t day, bool item_dated,
            vc_provinces_t *provinces, scrape_result_t *result)
{
    const char *name = scrape_json_string (s_member (item, s_name_keys));
    if (!json_object_is_type (item, json_type_object) || !name) {
        scrape_result_warn (result, "entry %zu has no province name", index);
        return;
    }
    if (!s_date (item, &day) && item_dated) {
        scrape_result_warn (result, "entry %zu: %s has no date with its year of its own: not read",
                            index, name);
        return;
    }
    int64_t total = 0, today = 0;
    int total_rc = scrape_json_count (s_member (item, s_total_keys), &total);
    int today_rc = scrape_json_count (s_member (item, s_today_keys), &today);
    int code;
    if (scrape_result_resolve (result, provinces, name, total, &code))
        return;
    if (total_rc == 0)
        scrape_result_add (result, code, day, SCRAPE_TOTAL, total);
    else
        scrape_result_warn (result, "%s total for %s", total_rc > 0? "no": "bad", name);
    if (today_rc == 0)
        scrape_result_add (result, code, day, SCRAPE_DAILY, today);
    else
    if (today_rc < 0)
        scrape_result_warn (result, "bad new-case count for %s", name);
}

//  Skip a JSONP or "var x = " wrapper: the slice from the first '[' or '{'
//  to the last ']' or '}'.
static void
s_unwrap (const scrape_page_t *page, const char **start, size_t *size,
          scrape_result_t *result)
{
    const char *body = page->body;
    size_t first = 0;
    if (page->size >= 3 && memcmp (body, "\xEF\xBB\xBF", 3) == 0)
        first = 3;
    while (first < page->size && strchr (" \t\r\n", body [first]))
        first++;
    *start = body + first;
    *size = page->size - first;
    if (first >= page->size || body [first] == '[' || body [first] == '{')
        return;
    size_t open = first;
    while (open < page->size && body [open] != '[' && body [open] != '{')
        open++;
    size_t close = page->size;
    while (close > open && body [close - 1] != ']' && body [close - 1] != '}')
        close--;
    if (close > open) {
        *start = body + open;
        *size = close - open;
        scrape_result_warn (result, "feed is wrapped in script; reading the data inside");
    }
}

static bool
s_is_key (const char *key, const char *const *keys)
{
    for (; *keys; keys++)
        if (strcmp (key, *keys) == 0)
            return true;
    return false;
}

//  Which members of the first item gave the figures and the date, and
//  which were not read.
static void
s_note_members (json_object *first, json_object *dated, scrape_result_t *result)
{
    const char *total = s_key (first, s_total_keys);
    const char *today = s_key (first, s_today_keys);
    scrape_result_note (result, "read: totals from '%s', new cases from '%s', dated by '%s'",
                        total? total: "-", today? today: "-", s_key (dated, s_date_keys));
    char skipped [SKIPPED_MAX] = "";
    size_t used = 0;
    json_object_object_foreach (first, key, value) {
        (void) value;
        if (s_is_key (key, s_name_keys) || s_is_key (key, s_total_keys)
        ||  s_is_key (key, s_today_keys) || s_is_key (key, s_date_keys))
            continue;
        int written = snprintf (skipped + used, sizeof skipped - used, "%s'%s'",
                                used? ", ": "", key);
        if (written < 0 || (size_t) written >= sizeof skipped - used) {
            snprintf (skipped + used, sizeof skipped - used, ", ...");
            break;
        }
        used += (size_t) written;
    }
    if (used)
        scrape_result_note (result, "skipped: members not read: %s (only names, cases and "
                            "the date are read)", skipped);
}

//  True if key is a portal id: digits only.
static bool
s_is_id (const char *key)
{
    return *key && strspn (key, "0123456789") == strlen (key);
}

//  The portal's "/provinces?filter_type=case_by_time" reply (death_by_time,
//  recovered_by_time alike): {"1": {"18/3/2020": 0, ...}, "2": {...}}, one
//  series of counts by date per province, keyed by the portal's own ids.
//  No member names a province, so it is not read; -1 with that reason if
//  root is one, else 0.
static int
s_id_series (json_object *root, scrape_result_t *result)
{
    if (!json_object_is_type (root, json_type_object) || json_object_object_length (root) == 0)
        return 0;
    char ids [120] = "";
    size_t used = 0, count = 0;
    json_object *first = NULL;
    json_object_object_foreach (root, key, series) {
        if (!s_is_id (key) || !json_object_is_type (series, json_type_object))
            return 0;
        if (count++ < 3)
            used += (size_t) snprintf (ids + used, sizeof ids - used, "'%.20s', ", key);
        if (!first)
            first = series;
    }
    const char *date = NULL;
    json_object_object_foreach (first, day, value) {
        (void) value;
        date = day;
        break;
    }
    scrape_date_t found;
    if (!date || scrape_text_dates (date, 0, &found, 1) != 1 || found.offset != 0)
        return 0;
    return scrape_result_fail (result, "a series of counts by date ('%s', ...) for each of %zu "
                               "ids (%s...): the portal's own province ids name no province, "
                               "so it is not read", date, count, ids);
}

//  The length of text cut to at most most bytes, at a character's start.
static int
s_cut (const char *text, size_t most)
{
    size_t length = strlen (text);
    if (length <= most)
        return (int) length;
    while (most > 0 && ((unsigned char) text [most] & 0xC0) == 0x80)
        most--;
    return (int) most;
}

//  True if value is a series of points [number, number].
static bool
s_is_points (json_object *value)
{
    json_object *point = json_object_is_type (value, json_type_array)?
                         json_object_array_get_idx (value, 0): NULL;
    return json_object_is_type (point, json_type_array)
        && json_object_array_length (point) == 2
        && json_object_is_type (json_object_array_get_idx (point, 0), json_type_int)
        && json_object_is_type (json_object_array_get_idx (point, 1), json_type_int);
}

//  The VnCDC dashboard's report of one province, {"report": [{"name": "Cộng
//  đồng", "code": "local_case", "data": [[1627796796000, 207], ...]}, ...]}:
//  named series of points (a time in milliseconds, a count), at the top or in
//  a member of the top object. The names are the series', and the province
//  is only in the query, so it is not read; -1 with that reason if root is
//  one, else 0.
static int
s_point_series (json_object *root, scrape_result_t *result)
{
    json_object *list = root;
    if (json_object_is_type (root, json_type_object)) {
        list = NULL;
        json_object_object_foreach (root, key, member) {
            (void) key;
            if (json_object_is_type (member, json_type_array)) {
                list = member;
                break;
            }
        }
    }
    json_object *first = json_object_is_type (list, json_type_array)?
                         json_object_array_get_idx (list, 0): NULL;
    if (!json_object_is_type (first, json_type_object)
    ||  !s_is_points (scrape_json_member (first, "data")))
        return 0;
    char names [160] = "";
    size_t used = 0, length = json_object_array_length (list);
    for (size_t index = 0; index < length && index < 3; index++) {
        const char *name = scrape_json_string (scrape_json_member (
                               json_object_array_get_idx (list, index), "name"));
        if (!name)
            name = "?";
        int written = snprintf (names + used, sizeof names - used, "'%.*s', ",
                                s_cut (name, 40), name);
        if (written < 0 || (size_t) written >= sizeof names - used)
            break;
        used += (size_t) written;
    }
    return scrape_result_fail (result, "%zu series of counts by time (%s...) of one place the "
                               "reply does not name: their names are the series', not "
                               "provinces, so it is not read", length, names);
}

static int
s_read (json_object *root, vc_provinces_t *provinces, scrape_result_t *result)
{
    if (s_point_series (root, result))
        return -1;
    json_object *list = s_find_list (root, 0, result);
    if (!list && s_id_series (root, result))
        return -1;
    if (!list)
        return scrape_result_fail (result, "no list of provinces in the feed");
    json_object *first = json_object_array_get_idx (list, 0);
    vc_day_t day;
    json_object *dated = root;
    if (!s_date (root, &day)) {
        dated = first;
        if (!s_date (first, &day))
            return scrape_result_fail (result, "no date with its year in the feed");
    }
    scrape_result_set_day (result, day);
    s_note_members (first, dated, result);
    size_t length = json_object_array_length (list);
    for (size_t index = 0; index < length; index++)
        s_add_item (json_object_array_get_idx (list, index), index, day, dated == first,
                    provinces, result);
    if (scrape_result_error (result))
        return -1;
    if (scrape_result_size (result) == 0)
        return scrape_result_fail (result, "the feed names no known province");
    return 0;
}

int
scrape_parse_feed_json (const scrape_page_t *page, vc_provinces_t *provinces,
                        scrape_result_t *result)
{
    if (!page->body || page->size == 0)
        return scrape_result_fail (result, "empty page");
    const char *start;
    size_t size;
    s_unwrap (page, &start, &size, result);
    char err [200];
    json_object *root = scrape_json_parse (start, size, err, sizeof err);
    if (!root)
        return scrape_result_fail (result, "not a JSON feed: %s", err);
    int rc = s_read (root, provinces, result);
    json_object_put (root);
    return rc;
}
