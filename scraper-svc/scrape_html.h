/*  scrape_html - reading scraped HTML pages with libxml2, encoding included.

    The encoding is the one given by HTTP or the configuration, else the
    page's own declaration (BOM, <meta charset>), else UTF-8. Pages that lie
    are corrected, with a warning: bytes that are not UTF-8 under a UTF-8 (or
    missing) label are read as windows-1258, the Vietnamese Windows code page;
    valid UTF-8 with non-ASCII bytes under any other label is read as UTF-8
    (text in a legacy code page is practically never valid UTF-8). Parsing is lenient
    (recover, no network, no error output) and text comes out as UTF-8.
*/
#ifndef SCRAPE_HTML_H_INCLUDED
#define SCRAPE_HTML_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <libxml/HTMLparser.h>

#include "scrape_result.h"

#ifdef __cplusplus
extern "C" {
#endif

//  Parse a page. Returns a document to free with xmlFreeDoc, or NULL after
//  scrape_result_fail (result, reason). Encoding corrections are warnings.
htmlDocPtr scrape_html_read (const char *body, size_t size,
                             const char *charset, scrape_result_t *result);

//  The encoding scrape_html_read would use for these bytes, written to
//  encoding; returns true if that corrects what was declared.
bool scrape_html_encoding (const char *body, size_t size, const char *charset,
                           char *encoding, size_t encoding_size);

//  True if the page ends without its closing </body> or </html> tag.
bool scrape_html_truncated (const char *body, size_t size);

//  Next element named name (lower case) after current, in document order,
//  inside root; current NULL starts at root itself. NULL when none is left.
xmlNodePtr scrape_html_next (xmlNodePtr root, xmlNodePtr current, const char *name);

//  Text of a node as one line, white space squashed. Caller frees; NULL on
//  no memory.
char *scrape_html_text (xmlNodePtr node);

//  Text of a node with one line per block element (p, div, li, tr, br,
//  headings, ...), each line squashed, empty lines dropped; script and
//  style are skipped. Caller frees; NULL on no memory.
char *scrape_html_lines (xmlNodePtr node);

//  Content of the first <meta> whose name, property or itemprop is name;
//  caller frees with xmlFree. NULL if none.
xmlChar *scrape_html_meta (htmlDocPtr doc, const char *name);

//  Integer value of an attribute such as colspan, clamped to 1..max.
int scrape_html_span (xmlNodePtr node, const char *attribute, int max);

void scrape_html_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
