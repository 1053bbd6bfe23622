/*  scrape_sources - the list of pages to scrape, read from a small INI file.

        # comment (also ';')
        [moh-totals]
        url = https://example.org/totals
        parser = totals_html            # totals_html | bulletin_html | feed_json
        min_provinces = 50              # optional; default 50, bulletins 1
        charset = windows-1258          # optional; overrides what HTTP says
        enabled = yes                   # optional; "no" keeps it listed but unused
        unlisted = zero                 # optional; a page that lists every
                                        # province with cases for each day
                                        # it covers: the others had 0 that
                                        # day (default: unknown, no row)

    A url starting with "file:" but not "file://" is a path relative to the
    configuration file's folder and becomes an absolute file:// URL, so a
    shipped snapshot can be imported offline from wherever it is installed.
*/
#ifndef SCRAPE_SOURCES_H_INCLUDED
#define SCRAPE_SOURCES_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#include "scrape_parse.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCRAPE_SOURCE_NAME_MAX 64
#define SCRAPE_SOURCES_MAX     64

typedef struct {
    char name [SCRAPE_SOURCE_NAME_MAX];
    char *url;
    scrape_parser_t parser;
    size_t min_provinces;
    char charset [32];          //  "" if not set
    bool enabled;
    bool unlisted_zero;         //  Provinces a day leaves out had 0 that day
} scrape_source_t;

typedef struct _scrape_sources_t scrape_sources_t;

//  Read a configuration file. Returns NULL with a reason ("file:line: ...")
//  in err.
scrape_sources_t *scrape_sources_load (const char *path, char *err, size_t err_size);

//  Read configuration text; base_dir resolves relative "file:" URLs (NULL:
//  the current folder). Returns NULL with a reason in err.
scrape_sources_t *scrape_sources_parse (const char *text, const char *base_dir,
                                        char *err, size_t err_size);

void scrape_sources_destroy (scrape_sources_t **self_p);

size_t scrape_sources_size (const scrape_sources_t *self);
const scrape_source_t *scrape_sources_at (const scrape_sources_t *self, size_t index);
const scrape_source_t *scrape_sources_find (const scrape_sources_t *self, const char *name);

//  Default minimum number of provinces for a parser.
size_t scrape_sources_default_min (scrape_parser_t parser);

void scrape_sources_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
