/*  scrape_parse_totals_html - an HTML table of provinces with cumulative totals.

    The table is found by its header cells, not by position or id: a column
    naming the province ("Tỉnh/Thành phố", "Địa phương"), a cumulative
    column ("Tổng số ca", "Ca nhiễm") and optionally today's new cases
    ("Hôm nay", "Mới"). Other columns ("Tử vong", "STT") are ignored. Each
    data row gives a total row and, if present, a daily row for the page's
    date: the first full date in the caption, the title or the page text
    ("Cập nhật lúc 18:30 ngày 15/12/2021"); a page without one is refused.
    covid19.gov.vn's script-filled province grid, empty as served, is
    refused with that reason.
*/
#include "scrape_parse.h"
#include "scrape_html.h"
#include "scrape_text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS  32
#define HEADER_ROWS  3

typedef enum { ROLE_OTHER, ROLE_NAME, ROLE_TOTAL, ROLE_TODAY } role_t;

typedef struct {
    int name;                   //  Column positions, -1 if absent
    int total;
    int today;
} columns_t;

//  True if word (one or more words, ASCII) occurs in the normalised text.
static bool
s_has_word (const char *normal, const char *word)
{
    char padded [256];
    char needle [64];
    snprintf (padded, sizeof padded, " %s ", normal);
    snprintf (needle, sizeof needle, " %s ", word);
    return strstr (padded, needle) != NULL;
}

static bool
s_has_any (const char *normal, const char *const *words)
{
    for (; *words; words++)
        if (s_has_word (normal, *words))
            return true;
    return false;
}

static role_t
s_role (const char *header)
{
    static const char *const other [] = { "tu vong", "khoi", "dieu tri", "stt", "deaths",
                                          "recovered", "ty le", NULL };
    static const char *const today [] = { "hom nay", "moi", "24h", "today", "new", NULL };
    static const char *const name [] = { "tinh", "thanh pho", "dia phuong", "province",
                                         "tinh thanh", NULL };
    static const char *const total [] = { "tong", "so ca", "ca nhiem", "total", "cases",
                                          "confirmed", "tong so ca", NULL };
    char normal [200];
    vc_province_normalize (header, normal, sizeof normal);
    if (s_has_any (normal, other))
        return ROLE_OTHER;
    if (s_has_any (normal, today))
        return ROLE_TODAY;
    if (s_has_any (normal, name))
        return ROLE_NAME;
    if (s_has_any (normal, total))
        return ROLE_TOTAL;
    return ROLE_OTHER;
}

//  Cells of a row by column position, following colspan. Returns the count.
static int
s_row_cells (xmlNodePtr row, xmlNodePtr *cells)
{
    int count = 0;
    for (xmlNodePtr cell = row->children; cell && count < MAX_COLUMNS; cell = cell->next) {
        if (cell->type != XML_ELEMENT_NODE
        || (strcmp ((const char *) cell->name, "td") && strcmp ((const char *) cell->name, "th")))
            continue;
        int span = scrape_html_span (cell, "colspan", MAX_COLUMNS);
        for (int index = 0; index < span && count < MAX_COLUMNS; index++)
            cells [count++] = cell;
    }
    return count;
}

//  Recognise a header row; true if it names provinces and totals.
static bool
s_header (xmlNodePtr row, columns_t *columns)
{
    xmlNodePtr cells [MAX_COLUMNS];
    int count = s_row_cells (row, cells);
    *columns = (columns_t) { -1, -1, -1 };
    for (int index = 0; index < count; index++) {
        if (index > 0 && cells [index] == cells [index - 1])
            continue;           //  Spanned copy
        char *text = scrape_html_text (cells [index]);
        role_t role = text? s_role (text): ROLE_OTHER;
        free (text);
        int *slot = role == ROLE_NAME? &columns->name: role == ROLE_TOTAL? &columns->total:
                    role == ROLE_TODAY? &columns->today: NULL;
        if (slot && *slot < 0)
            *slot = index;
    }
    return columns->name >= 0 && columns->total >= 0;
}

//  Parse one count cell into a row of the given kind.
static void
s_add_cell (scrape_result_t *result, xmlNodePtr cell, int code, const char *name,
            vc_day_t day, scrape_kind_t kind)
{
    char *text = scrape_html_text (cell);
    if (!text)
        return;
    int64_t value;
    int rc = scrape_text_count (text, &value);
    if (rc == 0)
        scrape_result_add (result, code, day, kind, value);
    else
    if (kind == SCRAPE_TOTAL)
        scrape_result_warn (result, "%s total for %s: '%.40s'",
                            rc > 0? "no": "bad", name, text);
    else
    if (rc < 0)
        scrape_result_warn (result, "bad new-case count for %s: '%.40s'", name, text);
    free (text);
}

static void
s_data_row (xmlNodePtr row, const columns_t *columns, vc_provinces_t *provinces,
            vc_day_t day, scrape_result_t *result)
{
    xmlNodePtr cells [MAX_COLUMNS];
    int count = s_row_cells (row, cells);
    if (count <= columns->name || count <= columns->total)
        return;                 //  Spacer or footnote row
    char *name = scrape_html_text (cells [columns->name]);
    if (!name || !*name) {
        free (name);
        return;
    }
    int code;
    char *total = scrape_html_text (cells [columns->total]);
    int64_t value = 0;
    if (total && scrape_text_count (total, &value) < 0)
        value = 0;
    free (total);
    if (scrape_result_resolve (result, provinces, name, value, &code) == 0) {
        s_add_cell (result, cells [columns->total], code, name, day, SCRAPE_TOTAL);
        if (columns->today >= 0 && count > columns->today)
            s_add_cell (result, cells [columns->today], code, name, day, SCRAPE_DAILY);
    }
    free (name);
}

//  First date with a year in the node's text; true if found.
static bool
s_date_in (xmlNodePtr node, vc_day_t reference, vc_day_t *day)
{
    char *text = node? scrape_html_lines (node): NULL;
    scrape_date_t dates [16];
    size_t count = text? scrape_text_dates (text, reference, dates, 16): 0;
    free (text);
    for (size_t index = 0; index < count; index++)
        if (dates [index].has_year) {
            *day = dates [index].day;
            return true;
        }
    return false;
}

//  The page's date with its year: table caption, title, first heading,
//  then the whole page; -1 if none (the fetch day is never used).
static int
s_page_day (xmlNodePtr root, xmlNodePtr table, vc_day_t *day)
{
    xmlNodePtr candidates [] = {
        scrape_html_next (table, NULL, "caption"),
        scrape_html_next (root, NULL, "title"),
        scrape_html_next (root, NULL, "h1"),
        root
    };
    for (size_t index = 0; index < sizeof candidates / sizeof candidates [0]; index++)
        if (candidates [index] && s_date_in (candidates [index], 0, day))
            return 0;
    return -1;
}

//  covid19.gov.vn's province grid (div#location, rows of span.city,
//  span.total, span.daynow, span.die) is filled by script from a JSON feed:
//  as served, it holds only its header row. The reason for such a page.
static int
s_script_grid (xmlNodePtr root, scrape_result_t *result)
{
    for (xmlNodePtr span = scrape_html_next (root, NULL, "span"); span;
         span = scrape_html_next (root, span, "span")) {
        xmlChar *class_name = xmlGetProp (span, BAD_CAST "class");
        bool city = class_name && strcmp ((const char *) class_name, "city") == 0;
        xmlFree (class_name);
        if (!city)
            continue;
        char *text = scrape_html_text (span);
        bool header = text && strstr (text, "T\xE1\xBB\x89nh");           //  "Tỉnh/TP"
        free (text);
        if (!header)
            break;              //  A grid with province rows: not read yet
        xmlNodePtr row = span->parent;
        xmlNodePtr body = row? row->next: NULL;
        while (body && body->type != XML_ELEMENT_NODE)
            body = body->next;
        if (body && !scrape_html_next (body, NULL, "span")) {
            scrape_result_note (result, "skipped: the province grid (header 'T\xE1\xBB\x89nh/TP, "
                                "T\xE1\xBB\x95ng s\xE1\xBB\x91 ca, H\xC3\xB4m nay, T\xE1\xBB\xAD vong') "
                                "has no rows: a script fills it from the site's JSON feed");
            return scrape_result_fail (result, "the province grid is empty as served: the page "
                                       "fills it by script from its JSON feed (read the feed instead)");
        }
        break;
    }
    return scrape_result_fail (result, "no table with a province column and a total column");
}

//  Find the first table with a province and a total column.
static xmlNodePtr
s_find_table (xmlNodePtr root, columns_t *columns, xmlNodePtr *header)
{
    for (xmlNodePtr table = scrape_html_next (root, NULL, "table"); table;
         table = scrape_html_next (root, table, "table")) {
        int rows = 0;
        for (xmlNodePtr row = scrape_html_next (table, NULL, "tr");
             row && rows < HEADER_ROWS; row = scrape_html_next (table, row, "tr"), rows++)
            if (s_header (row, columns)) {
                *header = row;
                return table;
            }
    }
    return NULL;
}

int
scrape_parse_totals_html (const scrape_page_t *page, vc_provinces_t *provinces,
                          scrape_result_t *result)
{
    htmlDocPtr doc = scrape_html_read (page->body, page->size, page->charset, result);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement (doc);
    columns_t columns;
    xmlNodePtr header = NULL;
    xmlNodePtr table = s_find_table (root, &columns, &header);
    vc_day_t day;
    if (!table || s_page_day (root, table, &day)) {
        int rc = table? scrape_result_fail (result, "no date with its year in the page")
                      : s_script_grid (root, result);
        xmlFreeDoc (doc);
        return rc;
    }
    scrape_result_set_day (result, day);
    size_t last_row = 0;
    for (xmlNodePtr row = scrape_html_next (table, header, "tr"); row;
         row = scrape_html_next (table, row, "tr")) {
        size_t before = scrape_result_size (result);
        s_data_row (row, &columns, provinces, day, result);
        if (scrape_result_size (result) > before)
            last_row = before;
    }
    xmlFreeDoc (doc);
    if (scrape_result_error (result))
        return -1;
    if (scrape_html_truncated (page->body, page->size)) {
        //  The last row may hold a number cut short: keep nothing from it.
        scrape_result_truncate (result, last_row);
        scrape_result_set_truncated (result);
        scrape_result_warn (result, "page ends early (no closing </html>): "
                                    "last table row ignored, rows may be missing");
    }
    if (scrape_result_size (result) == 0)
        return scrape_result_fail (result, "the totals table has no province rows");
    scrape_result_note (result, "read: %zu provinces from the table (%s)",
                        scrape_result_provinces (result),
                        columns.today >= 0? "totals and today's new cases": "totals");
    if (scrape_result_unknown (result))
        scrape_result_note (result, "skipped: %zu rows naming no province",
                            scrape_result_unknown (result));
    return 0;
}
