/*  scrape_json - JSON feeds read with json-c, bounded.

    Input size and nesting depth are limited, strings must be valid UTF-8,
    the whole input must be one JSON value (white space may follow), and
    every failure comes back as a reason with the byte offset. A leading
    UTF-8 BOM is skipped. Values are json-c objects (json_object_put frees
    the root); the helpers below read the members the feed parsers need.
*/
#ifndef SCRAPE_JSON_H_INCLUDED
#define SCRAPE_JSON_H_INCLUDED

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCRAPE_JSON_MAX_SIZE   (8 * 1024 * 1024)
#define SCRAPE_JSON_MAX_DEPTH  32

//  Parse text (need not end in NUL). Returns the root (free it with
//  json_object_put), or NULL with a reason in err. A JSON null document
//  is refused too ("the feed is null").
json_object *scrape_json_parse (const char *text, size_t size,
                                char *err, size_t err_size);

//  Member key of an object; NULL when absent, JSON null, or not an object.
json_object *scrape_json_member (json_object *object, const char *key);

//  The string value without embedded NUL; NULL otherwise.
const char *scrape_json_string (json_object *value);

//  A count as an integer number or a string written the Vietnamese way
//  ("502.632"): 0 with *count, 1 when value is NULL or blank, -1 when not
//  a count (a fraction, out of range, another type).
int scrape_json_count (json_object *value, int64_t *count);

void scrape_json_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
