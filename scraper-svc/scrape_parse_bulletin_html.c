/*  scrape_parse_bulletin_html - a daily bulletin listing the provinces' new cases.

    The Ministry of Health writes them inside a sentence: "Các tỉnh, thành
    phố ghi nhận ca bệnh như sau: TP. Hồ Chí Minh (1.270), Cà Mau (1.072),
    ..."; news agencies write "Hà Nội ghi nhận 1.766 ca, Tây Ninh 938 ca".
    scrape_bulletin finds the lists and what leads into them; only lists of
    new cases are stored, and only when they are whole: when the bulletin
    states its domestic count ("3.159 ca ghi nhận trong nước") the list must
    add up to it, else when it states "tại N tỉnh" the list must name N
    provinces, else the list must not stop where its sentence goes on with
    another province's count (an item between them that is not read).
    Every province of a stored list must be known. A list whose bulletin
    states a time window other than one whole day ("Tính từ 6h đến 18h30
    ngày 4/8": a mid-day count) is refused, unless the next list of new
    cases is stated to be that whole day's ("Như vậy, trong ngày 25/7 ...
    7.525 ca": the part is skipped with a note), and so is a list of an
    announcement that numbers its patients ("THÔNG BÁO VỀ 30 CA MẮC MỚI
    (BN3594-3623)"): one of several a day in 2020-2021.

    Date (with its year) from the page itself, never from the fetch day:
    a full date in the title or first heading; else the title's "15/12",
    "Tối 13-2" (not a fraction: "gần 1/2") with the year of the
    published-time metadata, or of a full
    date of the same day in the text; else the published time; else the
    latest full date in the text (dates of "từ ngày 27/4/2021 đến nay" do
    not count). A page with several lists (a timeline of bulletins) dates
    each list by the latest date written between it and the list before,
    else by the day of the list before (an item's imported cases, then its
    domestic ones); a big-story item's stamp kept only in its div.timeago's
    title is written as its text first (scrape_stamp). Two lists of new cases of one day are announcements of
    parts of it, and the page is refused.

    Lists of days before 25-07-2021 are refused. Until then the Ministry
    announced cases several times a day, and its day's count (the sum of
    the announcements since 18:30 the evening before) books cases on other
    days than the national portal's daily series, which the store holds
    (data/SOURCES.md): on 20-07-2021 the Ministry counted 4.789 domestic
    cases, the portal 14.110; on 19-07 4.175 against none; on 24-07 the
    portal adds 1.288 cases of Long An registered late that the Ministry's
    day leaves out. From 25-07-2021 on, both give the same figures. A day's
    count of the Ministry stored among the portal's days would count cases
    twice or lose them.
*/
#include "scrape_parse.h"
#include "scrape_html.h"
#include "scrape_text.h"
#include "scrape_bulletin.h"
#include "scrape_stamp.h"
#include "vc_text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DATES 64

//  The first day whose count the Ministry and the portal give alike.
#define SERIES_YEAR  2021
#define SERIES_MONTH 7
#define SERIES_MDAY  25
//  The last day the Ministry's timeline gave in two announcements, about
//  06:00 and 18:30, neither the whole day (13-08-2021 on: one a day)
#define HALVES_MONTH 8
#define HALVES_MDAY  12

//  True if the date at offset is the start of a span "... đến nay".
static bool
s_until_now (const char *text, size_t offset)
{
    const char *after = text + offset;
    while (*after && (isdigit ((unsigned char) *after) || strchr ("/-.", *after)))
        after++;
    while (*after == ' ' || *after == ')' || *after == ',')
        after++;
    return strncmp (after, "\xC4\x91\xE1\xBA\xBFn nay", 8) == 0;
}

//  Latest date in text [from, to) (full dates only when reference is 0);
//  false if none.
static bool
s_latest_date (const char *text, size_t from, size_t to, vc_day_t reference, vc_day_t *day)
{
    char *section = strndup (text + from, to - from);
    if (!section)
        return false;
    scrape_date_t dates [MAX_DATES];
    size_t count = scrape_text_dates (section, reference, dates, MAX_DATES);
    bool found = false;
    for (size_t index = 0; index < count; index++) {
        if (s_until_now (section, dates [index].offset))
            continue;
        if (!found || dates [index].day > *day)
            *day = dates [index].day;
        found = true;
    }
    free (section);
    return found;
}

//  The day of the article from its metadata; false if none.
static bool
s_published_day (htmlDocPtr doc, vc_day_t *day)
{
    static const char *names [] = { "article:published_time", "datePublished", "pubdate",
                                    "date", "dc.date", NULL };
    for (const char **name = names; *name; name++) {
        xmlChar *content = scrape_html_meta (doc, *name);
        char head [11] = "";
        if (content)
            vc_text_copy (head, sizeof head, (const char *) content);
        xmlFree (content);
        if (*head && vc_date_parse (head, day, NULL, 0) == 0)
            return true;
    }
    return false;
}

//  A full date of that day and month in the text; false if none.
static bool
s_year_in_text (const char *text, int mday, int month, vc_day_t *day)
{
    scrape_date_t dates [MAX_DATES];
    size_t count = scrape_text_dates (text, 0, dates, MAX_DATES);
    for (size_t index = 0; index < count; index++) {
        int year, m, d;
        vc_date_to_ymd (dates [index].day, &year, &m, &d);
        if (m == month && d == mday) {
            *day = dates [index].day;
            return true;
        }
    }
    return false;
}

//  The title's day and month, with a year from the page; 0, 1 if the title
//  has no day, -1 (with the reason) if the page gives no year for it.
static int
s_title_day (const char *title, const char *text, bool published, vc_day_t published_day,
             vc_day_t *day, scrape_result_t *result)
{
    int mday, month, year, m, d;
    if (!scrape_text_day_month (title, &mday, &month))
        return 1;
    if (published) {
        vc_date_to_ymd (published_day, &year, &m, &d);
        if (vc_date_from_ymd (year, month, mday, day) == 0 && *day > published_day + 1)
            vc_date_from_ymd (year - 1, month, mday, day);
        return 0;
    }
    if (s_year_in_text (text, mday, month, day))
        return 0;
    return scrape_result_fail (result, "the page dates itself %d/%d but gives no year "
                               "(no published time, no full date of that day)", mday, month);
}

//  The page's own date (see the top of this file); -1 with the reason.
static int
s_page_day (htmlDocPtr doc, const char *text, vc_day_t *day, scrape_result_t *result)
{
    vc_day_t published_day = 0;
    bool published = s_published_day (doc, &published_day);
    xmlNodePtr root = xmlDocGetRootElement (doc);
    const char *heads [] = { "title", "h1" };
    for (size_t index = 0; index < 2; index++) {
        xmlNodePtr node = scrape_html_next (root, NULL, heads [index]);
        char *title = node? scrape_html_text (node): NULL;
        if (!title)
            continue;
        scrape_date_t date;
        int rc = scrape_text_dates (title, 0, &date, 1) == 1? (*day = date.day, 0)
               : s_title_day (title, text, published, published_day, day, result);
        free (title);
        if (rc <= 0)
            return rc;
    }
    if (published) {
        *day = published_day;
        return 0;
    }
    if (s_latest_date (text, 0, strlen (text), 0, day))
        return 0;
    return scrape_result_fail (result, "no date with its year in the page");
}

//  True if the list after list goes on in the same sentence with a province:
//  the list of new cases was broken by an item that is not read ("Thái Bình
//  (32), <unread>, Lạng Sơn (28)") and may be short.
static bool
s_interrupted (const scrape_bulletin_t *scan, const scrape_bulletin_list_t *list, vc_provinces_t *provinces)
{
    const scrape_bulletin_list_t *next = list + 1;
    if (next >= scan->lists + scan->list_count)
        return false;
    size_t from = scan->pairs [list->first + list->count - 1].close;
    size_t to = scan->pairs [next->first].name_at;
    for (size_t index = from; index < to; index++)
        if (strchr (":\n", scan->text [index])
        ||  (scan->text [index] == '.' && strchr (" \n", scan->text [index + 1])))
            return false;
    return vc_provinces_match (provinces, scan->pairs [next->first].name) != NULL;
}

//  True if text, after spaces, is an ellipsis ("…" or "..."): a reprint
//  that gives the first provinces of a list and leaves the rest out.
static bool
s_ellipsis (const char *text)
{
    text += strspn (text, " ");
    return strncmp (text, "\xE2\x80\xA6", 3) == 0 || strncmp (text, "...", 3) == 0;
}

//  From 25-07 to 12-08-2021 the Ministry's timeline gave each day in two
//  announcements ("06:00 04/08/2021 THÔNG BÁO VỀ 4.271 CA MẮC MỚI", then
//  "18:20 04/08/2021 ... 3.352 ..."; the day's 7.618 domestic cases are the
//  two together): a list of such a day after a timeline item's stamp, with
//  no window stated, is a part. -1 with the reason when it is one.
static int
s_check_halves (const scrape_bulletin_t *scan, const scrape_bulletin_list_t *list, size_t bulletin,
                vc_day_t day, scrape_result_t *result)
{
    vc_day_t first, last;
    char stamp [32];
    if (vc_date_from_ymd (SERIES_YEAR, SERIES_MONTH, SERIES_MDAY, &first)
    ||  vc_date_from_ymd (SERIES_YEAR, HALVES_MONTH, HALVES_MDAY, &last))
        return scrape_result_fail (result, "no last day of the announcements in two parts");
    if (day < first || day > last
    ||  !scrape_stamp_find (scan->text, bulletin, scan->pairs [list->first].name_at, stamp,
                            sizeof stamp))
        return 0;
    return scrape_result_fail (result, "the list after '%s' is one of the two announcements "
                               "of its day in the Ministry's timeline (stamped %s): until "
                               "12-08-2021 each counted part of the day, neither the whole "
                               "day's count", list->lead, stamp);
}

//  Check a list of new cases against what the bulletin states; -1 with the
//  reason when it is not whole. Its time window and patients' numbers are
//  those stated since the list of new cases before (bulletin: an item's
//  window comes before its imported cases' list, then the domestic one), its
//  stated total and province count those since the list before (from).
static int
s_check_list (const scrape_bulletin_t *scan, const scrape_bulletin_list_t *list, size_t bulletin,
              size_t from, vc_day_t day, vc_provinces_t *provinces, scrape_result_t *result)
{
    const scrape_bulletin_pair_t *first = &scan->pairs [list->first];
    int year, month, mday;
    vc_date_to_ymd (day, &year, &month, &mday);
    char range [32];
    if (scrape_bulletin_patients (scan->text, bulletin, first->name_at, range, sizeof range))
        return scrape_result_fail (result, "the list after '%s' counts one announcement "
                                   "(patients %s), not a whole day", list->lead, range);
    int window = scrape_bulletin_window_minutes (scan->text, bulletin, first->name_at, year);
    if (window >= 0 && window != 24 * 60)
        return scrape_result_fail (result, "the list after '%s' counts %d h %02d min, not a "
                                   "whole day", list->lead, window / 60, window % 60);
    if (window < 0 && s_check_halves (scan, list, bulletin, day, result))
        return -1;
    int64_t sum = 0;
    for (size_t index = list->first; index < list->first + list->count; index++) {
        int code;
        if (scrape_result_resolve (result, provinces, scan->pairs [index].name, 0, &code)
        &&  !scrape_text_is_national (scan->pairs [index].name))
            return scrape_result_fail (result, "'%s' in the list of new cases names no province",
                                       scan->pairs [index].name);
        sum += scan->pairs [index].value;
    }
    const scrape_bulletin_pair_t *last = &scan->pairs [list->first + list->count - 1];
    if (s_ellipsis (scan->text + last->close))
        return scrape_result_fail (result, "the list after '%s' ends in an ellipsis after '%s': "
                                   "it is cut short", list->lead, last->name);
    int64_t stated_sum = scrape_bulletin_stated_sum (scan->text, from, first->name_at);
    int64_t stated = scrape_bulletin_stated_provinces (scan->text, from, first->name_at);
    if (stated_sum >= 0 && sum != stated_sum)
        return scrape_result_fail (result, "the list of %zu provinces adds up to %lld, the bulletin "
                                   "states %lld domestic cases", list->count,
                                   (long long) sum, (long long) stated_sum);
    if (list->weak && stated_sum < 0)
        return scrape_result_fail (result, "a list after '%s' may be new cases, but the page "
                                   "states no total to confirm it", list->lead);
    if (stated_sum < 0 && stated >= 0 && (int64_t) list->count != stated)
        return scrape_result_fail (result, "the list stops at %zu of the %lld provinces the "
                                   "bulletin counts", list->count, (long long) stated);
    if (stated_sum < 0 && stated < 0 && s_interrupted (scan, list, provinces))
        return scrape_result_fail (result, "the list after '%s' stops at '%s' where the "
                                   "sentence goes on with '%s': it may be short",
                                   list->lead, scan->pairs [list->first + list->count - 1].name,
                                   scan->pairs [(list + 1)->first].name);
    char counted [64] = "";
    if (stated_sum >= 0 && stated >= 0 && stated != (int64_t) list->count)
        snprintf (counted, sizeof counted, " (it counts %lld provinces)", (long long) stated);
    scrape_result_note (result, "read: %zu provinces after '%s', sum %lld%s%s", list->count,
                        list->lead, (long long) sum,
                        stated_sum >= 0? " as stated": stated >= 0? ", province count as stated"
                                                      : " (the page states no total to check)",
                        counted);
    return 0;
}

//  The day of each list: in a page of several lists of new cases (a
//  timeline), the latest date written between it and the list before, else
//  the day of the list before (the same item: its imported cases, then its
//  domestic ones); else the page's day.
static void
s_list_days (const scrape_bulletin_t *scan, vc_day_t page_day, size_t chosen, vc_day_t *days)
{
    size_t section = 0;
    vc_day_t previous = page_day;
    for (size_t index = 0; index < scan->list_count; index++) {
        const scrape_bulletin_list_t *list = &scan->lists [index];
        days [index] = page_day;
        if (chosen > 1) {
            days [index] = previous;
            s_latest_date (scan->text, section, scan->pairs [list->first].name_at, page_day,
                           &days [index]);
        }
        previous = days [index];
        section = scan->pairs [list->first + list->count - 1].close;
    }
}

//  Before 25-07-2021 the Ministry's day and the store's (the portal's
//  series) are not the same cases: -1 with the reason for such a list.
static int
s_check_series (const scrape_bulletin_list_t *list, vc_day_t day, scrape_result_t *result)
{
    vc_day_t first;
    if (vc_date_from_ymd (SERIES_YEAR, SERIES_MONTH, SERIES_MDAY, &first))
        return scrape_result_fail (result, "no first day of the daily series");
    if (day >= first)
        return 0;
    char date [16];
    vc_date_format_iso (day, date, sizeof date);
    return scrape_result_fail (result, "the list after '%s' is the Ministry's count of %s; "
                               "before 2021-07-25 the daily series is the national portal's, "
                               "which books those cases on other days: not stored",
                               list->lead, date);
}

//  A list over part of a day (its window, since the list of new cases
//  before, is not 24 h) followed by the day's count: the next list of new
//  cases is of the same day and the text between them states the whole
//  day ("Như vậy, trong ngày 25/7 ... 7.525 ca"). The part is skipped, with
//  a note. True if so.
static bool
s_part_of_day (const scrape_bulletin_t *scan, const vc_day_t *days, size_t index,
               size_t bulletin, scrape_result_t *result)
{
    const scrape_bulletin_list_t *list = &scan->lists [index];
    int year, month, mday;
    vc_date_to_ymd (days [index], &year, &month, &mday);
    int window = scrape_bulletin_window_minutes (scan->text, bulletin,
                                                 scan->pairs [list->first].name_at, year);
    if (window < 0 || window == 24 * 60)
        return false;
    size_t end = scan->pairs [list->first + list->count - 1].close;
    for (size_t later = index + 1; later < scan->list_count; later++) {
        const scrape_bulletin_list_t *next = &scan->lists [later];
        if (next->kind != SCRAPE_BULLETIN_LIST_CASES)
            continue;
        if (days [later] != days [index]
        ||  scrape_bulletin_window_minutes (scan->text, end, scan->pairs [next->first].name_at,
                                            year) != 24 * 60)
            return false;
        scrape_result_note (result, "skipped: %zu provinces after '%s' (counts %d h %02d min "
                            "of a day whose whole count follows)", list->count, list->lead,
                            window / 60, window % 60);
        return true;
    }
    return false;
}

//  A day's count is published once: two lists of new cases of one day are
//  announcements of parts of it (several a day in 2020-2021), neither the
//  whole day's count. -1 with the reason when an earlier list has its day.
static int
s_check_day (const scrape_bulletin_t *scan, const vc_day_t *days, const bool *skipped,
             size_t index, scrape_result_t *result)
{
    for (size_t earlier = 0; earlier < index; earlier++) {
        if (scan->lists [earlier].kind != SCRAPE_BULLETIN_LIST_CASES || skipped [earlier]
        ||  days [earlier] != days [index])
            continue;
        char date [16];
        vc_date_format_iso (days [index], date, sizeof date);
        return scrape_result_fail (result, "the lists of new cases after '%s' and after '%s' "
                                   "are both of %s: announcements of parts of a day, neither "
                                   "the whole day's count", scan->lists [earlier].lead,
                                   scan->lists [index].lead, date);
    }
    return 0;
}

//  No list of new cases: the refusal names the longest list of the page
//  and why it was skipped, as its note does ("the longest, 16 provinces
//  after '... do biến thể Omicron tại', was skipped (cumulative figures,
//  not new cases)"); a lone pair says nothing and is not named.
static int
s_no_cases (const scrape_bulletin_t *scan, scrape_result_t *result)
{
    const scrape_bulletin_list_t *longest = NULL;
    for (size_t index = 0; index < scan->list_count; index++)
        if (!longest || scan->lists [index].count > longest->count)
            longest = &scan->lists [index];
    if (!longest || longest->count < 2)
        return scrape_result_fail (result, "no list of new cases by province in the page");
    return scrape_result_fail (result, "no list of new cases by province in the page; the "
                               "longest, %zu provinces after '%s', was skipped (%s)",
                               longest->count, longest->lead, scrape_bulletin_kind_name (longest->kind));
}

static int
s_add_lists (const scrape_bulletin_t *scan, vc_day_t page_day, vc_provinces_t *provinces,
             scrape_result_t *result)
{
    size_t chosen = 0, section = 0;
    for (size_t index = 0; index < scan->list_count; index++)
        chosen += scan->lists [index].kind == SCRAPE_BULLETIN_LIST_CASES;
    vc_day_t *days = calloc (scan->list_count + 1, sizeof (vc_day_t));
    bool *skipped = calloc (scan->list_count + 1, sizeof (bool));
    if (!days || !skipped) {
        free (days);
        free (skipped);
        return scrape_result_fail (result, "out of memory");
    }
    s_list_days (scan, page_day, chosen, days);
    //  Every list is checked before any row is added: a page refused for
    //  one list gives no rows
    int rc = 0;
    size_t bulletin = 0;
    for (size_t index = 0; index < scan->list_count && rc == 0; index++) {
        const scrape_bulletin_list_t *list = &scan->lists [index];
        size_t from = section;
        section = scan->pairs [list->first + list->count - 1].close;
        if (list->kind != SCRAPE_BULLETIN_LIST_CASES) {
            scrape_result_note (result, "skipped: %zu provinces after '%s' (%s)", list->count,
                                list->lead, scrape_bulletin_kind_name (list->kind));
            continue;
        }
        skipped [index] = s_part_of_day (scan, days, index, bulletin, result);
        if (!skipped [index])
            rc = s_check_list (scan, list, bulletin, from, days [index], provinces, result) == 0
               ? s_check_day (scan, days, skipped, index, result): -1;
        bulletin = section;
    }
    //  The day is judged last: a list refused for another reason keeps it
    for (size_t index = 0; index < scan->list_count && rc == 0; index++)
        if (scan->lists [index].kind == SCRAPE_BULLETIN_LIST_CASES && !skipped [index])
            rc = s_check_series (&scan->lists [index], days [index], result);
    for (size_t index = 0; index < scan->list_count && rc == 0; index++) {
        const scrape_bulletin_list_t *list = &scan->lists [index];
        for (size_t pair = list->first; list->kind == SCRAPE_BULLETIN_LIST_CASES && !skipped [index]
                                     && pair < list->first + list->count; pair++)
            scrape_result_add_named (result, provinces, scan->pairs [pair].name, days [index],
                                     SCRAPE_DAILY, scan->pairs [pair].value);
    }
    free (days);
    free (skipped);
    if (rc == 0 && chosen == 0)
        return s_no_cases (scan, result);
    return rc;
}

int
scrape_parse_bulletin_html (const scrape_page_t *page, vc_provinces_t *provinces,
                            scrape_result_t *result)
{
    htmlDocPtr doc = scrape_html_read (page->body, page->size, page->charset, result);
    if (!doc)
        return -1;
    //  A timeline item's stamp kept in its title only is its text too
    char *text = scrape_stamp_fill (xmlDocGetRootElement (doc)) >= 0
               ? scrape_html_lines (xmlDocGetRootElement (doc)): NULL;
    scrape_bulletin_t *scan = text? scrape_bulletin_new (text): NULL;
    vc_day_t page_day;
    int rc = -1;
    if (!scan)
        scrape_result_fail (result, "out of memory");
    else
    if (s_page_day (doc, text, &page_day, result) == 0) {
        scrape_result_set_day (result, page_day);
        rc = s_add_lists (scan, page_day, provinces, result);
    }
    scrape_bulletin_destroy (&scan);
    free (text);
    xmlFreeDoc (doc);
    if (rc == 0 && scrape_html_truncated (page->body, page->size)) {
        scrape_result_set_truncated (result);
        scrape_result_warn (result, "page ends early (no closing </html>): rows may be missing");
    }
    if (rc == 0 && scrape_result_size (result) == 0)
        rc = scrape_result_fail (result, "the list names no known province");
    return rc;
}
