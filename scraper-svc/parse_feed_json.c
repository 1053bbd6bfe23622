/*  parse_feed_json - the JSON feed behind a JavaScript-built totals page.

    The feed is an array of province objects, either at the top or under a
    member of the top object ({"data": [...]}, {"provinces": [...]}):
        {"name": "Hồ Chí Minh", "cases": 502632, "casesToday": 1270,
         "death": 20421, "lastUpdate": "2021-12-15T18:30:00+07:00"}
    Member names vary between feeds, so a few common spellings are accepted;
    counts may be numbers or strings written the Vietnamese way ("502.632").
    A JSONP wrapper or "var x = ...;" around the data is tolerated.
*/
#include "scrape_parse.h"
#include "scrape_text.h"
#include "scrape_json.h"

#include <stdio.h>
#include <string.h>

static const char *const s_name_keys [] = { "name", "province", "provinceName", "tinh", "ten", NULL };
static const char *const s_total_keys [] = { "cases", "total", "confirmed", "soCaNhiem", "tongCa", NULL };
static const char *const s_today_keys [] = { "casesToday", "newCases", "today", "caMoi", "new", NULL };
static const char *const s_date_keys [] = { "lastUpdate", "lastUpdated", "updatedAt", "updated",
                                            "date", "ngay", NULL };

static json_object *
s_member (json_object *object, const char *const *keys)
{
    for (; *keys; keys++) {
        json_object *value = scrape_json_member (object, *keys);
        if (value)
            return value;
    }
    return NULL;
}

//  A date as "2021-12-15...", "15/12/2021" or "15-12-2021"; false if none.
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

//  The array of province objects: the root, or an array member of it.
static json_object *
s_find_list (json_object *root)
{
    if (json_object_is_type (root, json_type_array))
        return root;
    if (!json_object_is_type (root, json_type_object))
        return NULL;
    json_object_object_foreach (root, key, member) {
        (void) key;
        if (json_object_is_type (member, json_type_array)
        &&  json_object_is_type (json_object_array_get_idx (member, 0), json_type_object))
            return member;
    }
    json_object_object_foreach (root, key2, member2) {
        (void) key2;
        json_object *list = json_object_is_type (member2, json_type_object)? s_find_list (member2): NULL;
        if (list)
            return list;
    }
    return NULL;
}

static void
s_add_item (json_object *item, size_t index, vc_day_t day,
            vc_provinces_t *provinces, scrape_result_t *result)
{
    const char *name = scrape_json_string (s_member (item, s_name_keys));
    if (!json_object_is_type (item, json_type_object) || !name) {
        scrape_result_warn (result, "entry %zu has no province name", index);
        return;
    }
    s_date (item, &day);
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

int
parse_feed_json (const scrape_page_t *page, vc_provinces_t *provinces,
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
    json_object *list = s_find_list (root);
    vc_day_t day = page->fetch_day;
    if (!s_date (root, &day) && !(list && s_date (json_object_array_get_idx (list, 0), &day)))
        scrape_result_warn (result, "no date in the feed; using the fetch day");
    scrape_result_set_day (result, day);
    size_t length = list? json_object_array_length (list): 0;
    for (size_t index = 0; index < length; index++)
        s_add_item (json_object_array_get_idx (list, index), index, day, provinces, result);
    json_object_put (root);
    if (scrape_result_error (result))
        return -1;
    if (!list)
        return scrape_result_fail (result, "no list of provinces in the feed");
    if (scrape_result_size (result) == 0)
        return scrape_result_fail (result, "the feed names no known province");
    return 0;
}
