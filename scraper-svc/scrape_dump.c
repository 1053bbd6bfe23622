/*  vc-scrape-dump - fetch a page, parse it, print the rows and the verdict.

    For operators checking a source by hand: one URL with one parser, or the
    sources of a configuration file. Nothing is stored.
*/
#include "scrape_fetch.h"
#include "scrape_parse.h"
#include "scrape_sources.h"
#include "scrape_validate.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_REJECTED 1
#define EXIT_FETCH    2
#define EXIT_USAGE    64

typedef struct {
    const char *config;
    const char *source;
    const char *charset;
    long min_provinces;
    long timeout_ms;
    int retries;
    bool quiet;
} options_t;

static void
s_usage (FILE *file)
{
    fprintf (file,
        "Usage: vc-scrape-dump [options] URL PARSER\n"
        "       vc-scrape-dump [options] --config FILE [--source NAME]\n"
        "\n"
        "Fetch a page (http, https or file URL), parse it and print one row per\n"
        "line: code, province, day, kind (daily|total), value; then warnings and\n"
        "the verdict of validation. Nothing is stored.\n"
        "\n"
        "PARSER is totals_html, bulletin_html or feed_json.\n"
        "\n"
        "Options:\n"
        "  -c, --config FILE     read sources from FILE (INI, see data/sources.conf)\n"
        "  -s, --source NAME     only that source of FILE (default: every enabled one)\n"
        "      --charset NAME    read the page in this encoding\n"
        "  -m, --min N           provinces required to accept the page\n"
        "  -t, --timeout MS      total time for one request (default %d)\n"
        "  -r, --retries N       retries on transient failures (default %d)\n"
        "  -q, --quiet           print only the verdict\n"
        "  -h, --help            show this help\n"
        "\n"
        "Exit status: 0 page accepted, 1 page rejected, 2 fetch failed, 64 usage.\n",
        SCRAPE_FETCH_TOTAL_MS, SCRAPE_FETCH_RETRIES);
}

//  Fetch, parse and validate one source; returns the exit status.
static int
s_dump (scrape_fetch_t *fetch, vc_provinces_t *provinces, const scrape_source_t *source,
        const options_t *options)
{
    printf ("# %s: %s (%s)\n", source->name, source->url, scrape_parser_name (source->parser));
    scrape_fetch_result_t *fetched = scrape_fetch_get (fetch, source->url);
    if (!fetched || fetched->status != SCRAPE_FETCH_OK) {
        printf ("fetch failed: %s\n", fetched? fetched->error: "out of memory");
        scrape_fetch_result_destroy (&fetched);
        return EXIT_FETCH;
    }
    scrape_result_t *result = scrape_result_new ();
    if (!result) {
        scrape_fetch_result_destroy (&fetched);
        return EXIT_FETCH;
    }
    const char *charset = options->charset? options->charset:
                          *source->charset? source->charset: fetched->charset;
    scrape_page_t page = { fetched->body, fetched->size, *charset? charset: NULL, vc_date_today () };
    scrape_parse (source->parser, &page, provinces, result);
    if (!options->quiet)
        scrape_result_print (result, provinces, stdout);
    scrape_rules_t rules = { .min_provinces = source->min_provinces,
                             .max_day = vc_date_today () + 1 };
    char reason [1024];         //  Whole: reasons can quote a page's lead-in
    int rc = scrape_validate (result, &rules, provinces, reason, sizeof reason);
    if (rc == 0)
        printf ("accepted: %zu rows, %zu provinces\n",
                scrape_result_size (result), scrape_result_provinces (result));
    else
        printf ("rejected: %s\n", reason);
    scrape_result_destroy (&result);
    scrape_fetch_result_destroy (&fetched);
    return rc == 0? EXIT_SUCCESS: EXIT_REJECTED;
}

static int
s_run_config (scrape_fetch_t *fetch, vc_provinces_t *provinces, const options_t *options)
{
    char err [300];
    scrape_sources_t *sources = scrape_sources_load (options->config, err, sizeof err);
    if (!sources) {
        fprintf (stderr, "vc-scrape-dump: %s\n", err);
        return EXIT_USAGE;
    }
    int status = EXIT_SUCCESS;
    size_t done = 0;
    for (size_t index = 0; index < scrape_sources_size (sources); index++) {
        scrape_source_t source = *scrape_sources_at (sources, index);
        if (options->source? strcmp (options->source, source.name) != 0: !source.enabled)
            continue;
        if (options->min_provinces > 0)
            source.min_provinces = (size_t) options->min_provinces;
        int rc = s_dump (fetch, provinces, &source, options);
        status = rc > status? rc: status;
        done++;
    }
    if (done == 0) {
        fprintf (stderr, "vc-scrape-dump: no such source in %s\n", options->config);
        status = EXIT_USAGE;
    }
    scrape_sources_destroy (&sources);
    return status;
}

static int
s_run_url (scrape_fetch_t *fetch, vc_provinces_t *provinces, const options_t *options,
           char *url, const char *parser_name)
{
    scrape_source_t source = { .name = "command line", .url = url, .enabled = true };
    source.parser = scrape_parser_from_name (parser_name);
    if (!source.parser) {
        fprintf (stderr, "vc-scrape-dump: unknown parser '%s'\n", parser_name);
        return EXIT_USAGE;
    }
    source.min_provinces = options->min_provinces > 0? (size_t) options->min_provinces:
                           scrape_sources_default_min (source.parser);
    return s_dump (fetch, provinces, &source, options);
}

//  Read options; returns -1 to exit with *status.
static int
s_options (int argc, char **argv, options_t *options, int *status)
{
    static const struct option longs [] = {
        { "config", required_argument, NULL, 'c' }, { "source", required_argument, NULL, 's' },
        { "charset", required_argument, NULL, 'C' }, { "min", required_argument, NULL, 'm' },
        { "timeout", required_argument, NULL, 't' }, { "retries", required_argument, NULL, 'r' },
        { "quiet", no_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "c:s:m:t:r:qh", longs, NULL)) != -1) {
        switch (option) {
            case 'c': options->config = optarg; break;
            case 's': options->source = optarg; break;
            case 'C': options->charset = optarg; break;
            case 'm': options->min_provinces = atol (optarg); break;
            case 't': options->timeout_ms = atol (optarg); break;
            case 'r': options->retries = atoi (optarg); break;
            case 'q': options->quiet = true; break;
            case 'h': s_usage (stdout); *status = EXIT_SUCCESS; return -1;
            default: s_usage (stderr); *status = EXIT_USAGE; return -1;
        }
    }
    bool by_config = options->config && optind == argc;
    bool by_url = !options->config && optind + 2 == argc;
    if (!by_config && !by_url) {
        s_usage (stderr);
        *status = EXIT_USAGE;
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    options_t options = { .retries = SCRAPE_FETCH_RETRIES };
    int status = EXIT_SUCCESS;
    if (s_options (argc, argv, &options, &status))
        return status;
    scrape_fetch_t *fetch = scrape_fetch_new ();
    vc_provinces_t *provinces = vc_provinces_new ();
    if (!fetch || !provinces) {
        fprintf (stderr, "vc-scrape-dump: cannot start (out of memory?)\n");
        scrape_fetch_destroy (&fetch);
        vc_provinces_destroy (&provinces);
        return EXIT_FETCH;
    }
    scrape_fetch_set_timeouts (fetch, 0, options.timeout_ms);
    scrape_fetch_set_retries (fetch, options.retries, SCRAPE_FETCH_BACKOFF_MS);
    if (options.config)
        status = s_run_config (fetch, provinces, &options);
    else
        status = s_run_url (fetch, provinces, &options, argv [optind], argv [optind + 1]);
    scrape_fetch_destroy (&fetch);
    vc_provinces_destroy (&provinces);
    return status;
}
