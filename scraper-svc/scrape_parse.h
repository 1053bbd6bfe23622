/*  scrape_parse - the page parsers and how to pick one by name.

    totals_html     an HTML table of provinces with cumulative totals
                    ("Tỉnh/Thành phố", "Tổng số ca", "Hôm nay", "Tử vong")
    bulletin_html   a daily bulletin listing the provinces' new cases in
                    prose ("TP. Hồ Chí Minh (1.270), ...", "Hà Nội 1.766 ca")
    feed_json       the JSON feed behind a script-built page (pipezero's
                    data.json, the national portal's API)

    data/raw/SOURCE-SHAPES.md describes each shape. Every parser reads any
    bytes without crashing: a page it cannot use fails with a reason.
*/
#ifndef SCRAPE_PARSE_H_INCLUDED
#define SCRAPE_PARSE_H_INCLUDED

#include <stddef.h>

#include "scrape_result.h"
#include "vc_date.h"
#include "vc_province.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SCRAPE_PARSER_NONE = 0,
    SCRAPE_PARSER_TOTALS_HTML,
    SCRAPE_PARSER_BULLETIN_HTML,
    SCRAPE_PARSER_FEED_JSON
} scrape_parser_t;

//  One fetched page.
typedef struct {
    const char *body;           //  Bytes as received (need not end in NUL)
    size_t size;
    const char *charset;        //  From HTTP Content-Type or config; NULL if none
    vc_day_t fetch_day;         //  When fetched; never a page's date or year
} scrape_page_t;

//  Each parser adds rows, the page's date and warnings to result and returns
//  0, or returns -1 with the reason in scrape_result_error (result).
int scrape_parse_totals_html (const scrape_page_t *page, vc_provinces_t *provinces,
                              scrape_result_t *result);
int scrape_parse_bulletin_html (const scrape_page_t *page, vc_provinces_t *provinces,
                                scrape_result_t *result);
int scrape_parse_feed_json (const scrape_page_t *page, vc_provinces_t *provinces,
                            scrape_result_t *result);

//  Run the named parser.
int scrape_parse (scrape_parser_t parser, const scrape_page_t *page,
                  vc_provinces_t *provinces, scrape_result_t *result);

//  "totals_html" <-> SCRAPE_PARSER_TOTALS_HTML and so on; NONE / NULL if unknown.
scrape_parser_t scrape_parser_from_name (const char *name);
const char *scrape_parser_name (scrape_parser_t parser);

#ifdef __cplusplus
}
#endif
#endif
