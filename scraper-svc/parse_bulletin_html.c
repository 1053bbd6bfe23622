/*  parse_bulletin_html - a daily bulletin listing "Province (count)" in prose.

    Ministry of Health bulletins write new cases as a list inside a sentence:
    "Các ca nhiễm mới ghi nhận tại 59 tỉnh, thành phố: TP. Hồ Chí Minh
    (1.270), Cà Mau (1.072), ... và Lai Châu (1)". The page text is cut into
    pairs "Name (count)"; consecutive pairs separated only by commas,
    semicolons or line breaks form a list. A list whose lead-in speaks of new
    cases is used; lists about deaths, recoveries, vaccination or changes
    "compared with the day before" are skipped.

    Date: the title ("Ngày 15/12: Có 16.011 ca mắc ..."), else the article's
    published time, else the latest date in the text. A page with several
    lists (a timeline of bulletins) dates each list by the latest date written
    between it and the list before.
*/
#include "scrape_parse.h"
#include "scrape_html.h"
#include "scrape_text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAIRS       4096
#define NAME_MAX_BYTES  60
#define COUNT_MAX_BYTES 48
#define LEAD_MAX_BYTES  300
#define MAX_DATES       64

typedef struct {
    size_t segment;             //  Where the name's segment starts
    size_t close;               //  Offset of ')'
    char name [NAME_MAX_BYTES + 1];
    int64_t value;
} pair_t;

typedef struct {
    size_t first;               //  Index of the first pair
    size_t count;
    bool cases;                 //  Lead-in speaks of new cases
    bool excluded;              //  Lead-in speaks of deaths, recoveries, ...
} run_t;

typedef struct {
    const char *text;
    pair_t *pairs;
    size_t pair_count;
    run_t *runs;
    size_t run_count;
} scan_t;

//  Read the count inside "(...)" at open; 0 with *value, -1 if not a count.
static int
s_count_at (const char *text, size_t open, size_t *close, int64_t *value)
{
    const char *end = strchr (text + open + 1, ')');
    if (!end || end - (text + open) > COUNT_MAX_BYTES)
        return -1;
    size_t length = (size_t) (end - (text + open) - 1);
    char inner [COUNT_MAX_BYTES + 1];
    memcpy (inner, text + open + 1, length);
    inner [length] = 0;
    if (strpbrk (inner, "(\n"))
        return -1;
    //  The count is the leading token: "1.270", "1.270 ca", "1.270 ca, trong đó ..."
    size_t token = strspn (inner, " +-0123456789.,");
    while (strncmp (inner + token, "\xE2\x88\x92", 3) == 0)
        token += 3 + strspn (inner + token + 3, "0123456789.,");
    while (token && (inner [token - 1] == ',' || inner [token - 1] == ' '))
        token--;
    if (inner [token] && inner [token] != ' ' && inner [token] != ',')
        return -1;
    inner [token] = 0;
    *close = (size_t) (end - text);
    return scrape_text_count (inner, value) == 0? 0: -1;
}

//  Cut the name before "(" at open; false if it cannot be a province name.
static bool
s_name_at (const char *text, size_t open, pair_t *pair)
{
    size_t start = open;
    while (start > 0 && !strchr (",;:()\n", text [start - 1]))
        start--;
    pair->segment = start;
    //  A sentence end inside the segment starts the name, but "TP. " does not.
    for (size_t dot = start; dot + 1 < open; dot++)
        if (text [dot] == '.' && text [dot + 1] == ' '
        && !(dot >= start + 2 && strncasecmp (text + dot - 2, "tp", 2) == 0))
            start = dot + 2;
    while (start < open && text [start] == ' ')
        start++;
    if (strncmp (text + start, "v\xC3\xA0 ", 4) == 0)             //  "và "
        start += 4;
    else
    if (strncasecmp (text + start, "and ", 4) == 0)
        start += 4;
    size_t end = open;
    while (end > start && text [end - 1] == ' ')
        end--;
    if (end == start || end - start > NAME_MAX_BYTES)
        return false;
    for (size_t index = start; index < end; index++)
        if (isdigit ((unsigned char) text [index]))
            return false;
    memcpy (pair->name, text + start, end - start);
    pair->name [end - start] = 0;
    return true;
}

//  Find every "Name (count)" pair in the text.
static void
s_find_pairs (scan_t *scan)
{
    const char *text = scan->text;
    for (const char *open = strchr (text, '('); open && scan->pair_count < MAX_PAIRS;
         open = strchr (open + 1, '(')) {
        pair_t *pair = &scan->pairs [scan->pair_count];
        size_t offset = (size_t) (open - text);
        if (s_count_at (text, offset, &pair->close, &pair->value) == 0
        &&  s_name_at (text, offset, pair))
            scan->pair_count++;
    }
}

//  True if only separators lie between two pairs.
static bool
s_adjacent (const char *text, const pair_t *before, const pair_t *after)
{
    for (size_t index = before->close + 1; index < after->segment; index++)
        if (!strchr (" ,;\n", text [index]))
            return false;
    return true;
}

//  Classify a list by the sentence that leads into it.
static void
s_classify (const char *text, size_t from, size_t to, run_t *run)
{
    static const char *excluded [] = { "tu vong", "khoi benh", "ra vien", "xuat vien",
                                       "tiem", "vac xin", "vaccine", "tho may", "deaths",
                                       "so voi", "nhieu nhat", NULL };
    static const char *cases [] = { "nhiem moi", "mac moi", "ca moi", "ca mac", "ca nhiem",
                                    "ghi nhan", "so ca", "new cases", NULL };
    size_t start = to > from + LEAD_MAX_BYTES? to - LEAD_MAX_BYTES: from;
    for (size_t index = to; index > start; index--)
        if (text [index - 1] == '\n' || (text [index - 1] == ' ' && index >= 2 && text [index - 2] == '.')) {
            start = index;
            break;
        }
    while (start < to && ((unsigned char) text [start] & 0xC0) == 0x80)
        start++;                //  Never start inside a UTF-8 sequence
    char lead [LEAD_MAX_BYTES + 1];
    memcpy (lead, text + start, to - start);
    lead [to - start] = 0;
    char normal [2 * LEAD_MAX_BYTES];
    vc_province_normalize (lead, normal, sizeof normal);
    for (const char **word = excluded; *word; word++)
        if (strstr (normal, *word))
            run->excluded = true;
    for (const char **word = cases; *word; word++)
        if (strstr (normal, *word))
            run->cases = true;
}

//  Group adjacent pairs into lists.
static void
s_find_runs (scan_t *scan)
{
    for (size_t index = 0; index < scan->pair_count; index++) {
        bool joins = index > 0
                  && s_adjacent (scan->text, &scan->pairs [index - 1], &scan->pairs [index]);
        if (joins) {
            scan->runs [scan->run_count - 1].count++;
            continue;
        }
        run_t *run = &scan->runs [scan->run_count++];
        *run = (run_t) { .first = index, .count = 1 };
        size_t from = index > 0? scan->pairs [index - 1].close + 1: 0;
        s_classify (scan->text, from, scan->pairs [index].segment, run);
    }
}

//  Mark the lists to use: those about new cases, else the longest one.
static size_t
s_choose_runs (scan_t *scan, bool *chosen, scrape_result_t *result)
{
    size_t count = 0;
    size_t longest = SIZE_MAX;
    for (size_t index = 0; index < scan->run_count; index++) {
        run_t *run = &scan->runs [index];
        chosen [index] = run->cases && !run->excluded;
        count += chosen [index];
        if (!run->excluded && run->count >= 3
        && (longest == SIZE_MAX || run->count > scan->runs [longest].count))
            longest = index;
    }
    if (count == 0 && longest != SIZE_MAX) {
        chosen [longest] = true;
        count = 1;
        scrape_result_warn (result, "no list introduced as new cases; using the longest list");
    }
    return count;
}

//  Latest date in text [from, to); false if none.
static bool
s_latest_date (const char *text, size_t from, size_t to, vc_day_t reference, vc_day_t *day)
{
    char *section = strndup (text + from, to - from);
    if (!section)
        return false;
    scrape_date_t dates [MAX_DATES];
    size_t count = scrape_text_dates (section, reference, dates, MAX_DATES);
    free (section);
    for (size_t index = 0; index < count; index++)
        if (index == 0 || dates [index].day > *day)
            *day = dates [index].day;
    return count > 0;
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
            snprintf (head, sizeof head, "%s", (const char *) content);
        xmlFree (content);
        if (*head && vc_date_parse (head, day, NULL, 0) == 0)
            return true;
    }
    return false;
}

//  The page's own date: title, then published time, then latest in the text.
static bool
s_page_day (htmlDocPtr doc, const char *text, vc_day_t fetch_day, vc_day_t *day)
{
    vc_day_t reference = fetch_day;
    bool published = s_published_day (doc, &reference);
    xmlNodePtr root = xmlDocGetRootElement (doc);
    const char *heads [] = { "title", "h1" };
    for (size_t index = 0; index < 2; index++) {
        xmlNodePtr node = scrape_html_next (root, NULL, heads [index]);
        char *title = node? scrape_html_text (node): NULL;
        scrape_date_t date;
        size_t found = title? scrape_text_dates (title, reference, &date, 1): 0;
        free (title);
        if (found) {
            *day = date.day;
            return true;
        }
    }
    if (published) {
        *day = reference;
        return true;
    }
    return s_latest_date (text, 0, strlen (text), reference, day);
}

static void
s_add_runs (scan_t *scan, const bool *chosen, size_t chosen_count, vc_day_t page_day,
            vc_day_t reference, vc_provinces_t *provinces, scrape_result_t *result)
{
    size_t section = 0;
    for (size_t index = 0; index < scan->run_count; index++) {
        run_t *run = &scan->runs [index];
        size_t start = scan->pairs [run->first].segment;
        vc_day_t day = page_day;
        if (chosen_count > 1)
            s_latest_date (scan->text, section, start, reference, &day);
        section = scan->pairs [run->first + run->count - 1].close + 1;
        if (!chosen [index])
            continue;
        for (size_t pair = run->first; pair < run->first + run->count; pair++)
            scrape_result_add_named (result, provinces, scan->pairs [pair].name, day,
                                     SCRAPE_DAILY, scan->pairs [pair].value);
    }
}

static int
s_parse_text (htmlDocPtr doc, const char *text, const scrape_page_t *page,
              vc_provinces_t *provinces, scrape_result_t *result)
{
    scan_t scan = { .text = text };
    scan.pairs = (pair_t *) calloc (MAX_PAIRS, sizeof (pair_t));
    scan.runs = (run_t *) calloc (MAX_PAIRS, sizeof (run_t));
    bool *chosen = (bool *) calloc (MAX_PAIRS, sizeof (bool));
    int rc = -1;
    vc_day_t page_day;
    if (!scan.pairs || !scan.runs || !chosen)
        scrape_result_fail (result, "out of memory");
    else
    if (!s_page_day (doc, text, page->fetch_day, &page_day))
        scrape_result_fail (result, "no date in the bulletin");
    else {
        s_find_pairs (&scan);
        s_find_runs (&scan);
        size_t count = s_choose_runs (&scan, chosen, result);
        if (count == 0)
            scrape_result_fail (result, "no \"Province (count)\" list of new cases in the page");
        else {
            scrape_result_set_day (result, page_day);
            s_add_runs (&scan, chosen, count, page_day, page_day, provinces, result);
            rc = scrape_result_error (result)? -1: 0;
        }
    }
    free (scan.pairs);
    free (scan.runs);
    free (chosen);
    return rc;
}

int
parse_bulletin_html (const scrape_page_t *page, vc_provinces_t *provinces,
                     scrape_result_t *result)
{
    htmlDocPtr doc = scrape_html_read (page->body, page->size, page->charset, result);
    if (!doc)
        return -1;
    char *text = scrape_html_lines (xmlDocGetRootElement (doc));
    int rc = text? s_parse_text (doc, text, page, provinces, result)
                 : scrape_result_fail (result, "out of memory");
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
