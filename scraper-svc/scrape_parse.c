/*  scrape_parse - parser names and dispatch.
*/
#include "scrape_parse.h"

#include <string.h>

static const struct {
    scrape_parser_t parser;
    const char *name;
} s_parsers [] = {
    { SCRAPE_PARSER_TOTALS_HTML, "totals_html" },
    { SCRAPE_PARSER_BULLETIN_HTML, "bulletin_html" },
    { SCRAPE_PARSER_FEED_JSON, "feed_json" }
};

#define PARSER_COUNT (sizeof s_parsers / sizeof s_parsers [0])

scrape_parser_t
scrape_parser_from_name (const char *name)
{
    for (size_t index = 0; name && index < PARSER_COUNT; index++)
        if (strcmp (name, s_parsers [index].name) == 0)
            return s_parsers [index].parser;
    return SCRAPE_PARSER_NONE;
}

const char *
scrape_parser_name (scrape_parser_t parser)
{
    for (size_t index = 0; index < PARSER_COUNT; index++)
        if (s_parsers [index].parser == parser)
            return s_parsers [index].name;
    return NULL;
}

int
scrape_parse (scrape_parser_t parser, const scrape_page_t *page,
              vc_provinces_t *provinces, scrape_result_t *result)
{
    switch (parser) {
        case SCRAPE_PARSER_TOTALS_HTML:
            return scrape_parse_totals_html (page, provinces, result);
        case SCRAPE_PARSER_BULLETIN_HTML:
            return scrape_parse_bulletin_html (page, provinces, result);
        case SCRAPE_PARSER_FEED_JSON:
            return scrape_parse_feed_json (page, provinces, result);
        default:
            return scrape_result_fail (result, "unknown parser");
    }
}
