/*  scrape_sources - INI reader for the list of sources.
*/
#undef NDEBUG                   //  Self-test asserts stay on in every build
#include "scrape_sources.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vc_check.h"
#include "vc_text.h"

#define LINE_MAX_BYTES  4096
#define FILE_MAX_BYTES  (1024 * 1024)

struct _scrape_sources_t {
    scrape_source_t sources [SCRAPE_SOURCES_MAX];
    size_t size;
};

typedef struct {
    scrape_sources_t *self;
    const char *base_dir;
    char *err;
    size_t err_size;
    int line;
} reader_t;

static int
s_fail (reader_t *reader, const char *format, ...)
{
    char reason [200];
    va_list args;
    va_start (args, format);
    vsnprintf (reason, sizeof reason, format, args);
    va_end (args);
    snprintf (reader->err, reader->err_size, "line %d: %s", reader->line, reason);
    return -1;
}

size_t
scrape_sources_default_min (scrape_parser_t parser)
{
    return parser == SCRAPE_PARSER_BULLETIN_HTML? 1: 50;
}

static char *
s_trim (char *text)
{
    size_t length;
    text += vc_text_trim (text, &length);
    text [length] = 0;
    return text;
}

//  Turn "file:relative/path" into "file:///base/relative/path".
static char *
s_resolve_url (const char *url, const char *base_dir)
{
    char *resolved = NULL;
    if (strncmp (url, "file:", 5) != 0 || strncmp (url, "file://", 7) == 0 || url [5] == '/') {
        if (strncmp (url, "file:/", 6) == 0 && url [6] != '/')
            return asprintf (&resolved, "file://%s", url + 5) < 0? NULL: resolved;
        return strdup (url);
    }
    char cwd [PATH_MAX];
    if (!base_dir || !*base_dir)
        base_dir = getcwd (cwd, sizeof cwd)? cwd: ".";
    if (asprintf (&resolved, "file://%s%s%s", base_dir,
                  base_dir [strlen (base_dir) - 1] == '/'? "": "/", url + 5) < 0)
        return NULL;
    return resolved;
}

static int
s_set (reader_t *reader, scrape_source_t *source, const char *key, const char *value)
{
    if (strcmp (key, "url") == 0) {
        free (source->url);
        source->url = s_resolve_url (value, reader->base_dir);
        return source->url? 0: s_fail (reader, "out of memory");
    }
    if (strcmp (key, "parser") == 0) {
        source->parser = scrape_parser_from_name (value);
        return source->parser? 0: s_fail (reader, "unknown parser '%s' "
                                          "(totals_html, bulletin_html or feed_json)", value);
    }
    if (strcmp (key, "min_provinces") == 0) {
        char *end = NULL;
        errno = 0;
        long number = strtol (value, &end, 10);
        if (errno || !end || *end || number < 1 || number > 63)
            return s_fail (reader, "min_provinces must be 1..63");
        source->min_provinces = (size_t) number;
        return 0;
    }
    if (strcmp (key, "charset") == 0) {
        if (strlen (value) >= sizeof source->charset)
            return s_fail (reader, "charset name too long");
        strcpy (source->charset, value);
        return 0;
    }
    if (strcmp (key, "enabled") == 0) {
        bool yes = !strcmp (value, "yes") || !strcmp (value, "true") || !strcmp (value, "1");
        bool no = !strcmp (value, "no") || !strcmp (value, "false") || !strcmp (value, "0");
        if (!yes && !no)
            return s_fail (reader, "enabled must be yes or no");
        source->enabled = yes;
        return 0;
    }
    if (strcmp (key, "unlisted") == 0) {
        if (strcmp (value, "zero") && strcmp (value, "unknown"))
            return s_fail (reader, "unlisted must be zero or unknown");
        source->unlisted_zero = !strcmp (value, "zero");
        return 0;
    }
    return s_fail (reader, "unknown key '%s'", key);
}

static int
s_section (reader_t *reader, char *line)
{
    char *end = strchr (line, ']');
    if (!end || end [1])
        return s_fail (reader, "section header must be [name]");
    *end = 0;
    char *name = s_trim (line + 1);
    if (!*name || strlen (name) >= SCRAPE_SOURCE_NAME_MAX)
        return s_fail (reader, "source name must be 1..%d characters", SCRAPE_SOURCE_NAME_MAX - 1);
    if (scrape_sources_find (reader->self, name))
        return s_fail (reader, "source '%s' listed twice", name);
    if (reader->self->size >= SCRAPE_SOURCES_MAX)
        return s_fail (reader, "more than %d sources", SCRAPE_SOURCES_MAX);
    scrape_source_t *source = &reader->self->sources [reader->self->size++];
    memset (source, 0, sizeof *source);
    strcpy (source->name, name);
    source->enabled = true;
    return 0;
}

static int
s_line (reader_t *reader, char *line)
{
    char *comment = strstr (line, " #");
    if (comment)
        *comment = 0;
    line = s_trim (line);
    if (!*line || *line == '#' || *line == ';')
        return 0;
    if (*line == '[')
        return s_section (reader, line);
    char *equals = strchr (line, '=');
    if (!equals)
        return s_fail (reader, "expected key = value");
    if (reader->self->size == 0)
        return s_fail (reader, "key outside a [source] section");
    *equals = 0;
    return s_set (reader, &reader->self->sources [reader->self->size - 1],
                  s_trim (line), s_trim (equals + 1));
}

//  Every source needs a url and a parser; fill defaults.
static int
s_finish (reader_t *reader)
{
    for (size_t index = 0; index < reader->self->size; index++) {
        scrape_source_t *source = &reader->self->sources [index];
        if (!source->url || !*source->url || !source->parser) {
            snprintf (reader->err, reader->err_size, "source '%s' needs a url and a parser",
                      source->name);
            return -1;
        }
        if (!source->min_provinces)
            source->min_provinces = scrape_sources_default_min (source->parser);
    }
    return 0;
}

scrape_sources_t *
scrape_sources_parse (const char *text, const char *base_dir, char *err, size_t err_size)
{
    assert (text);
    char dummy [8];
    reader_t reader = { .base_dir = base_dir, .err = err? err: dummy,
                        .err_size = err? err_size: sizeof dummy };
    reader.self = (scrape_sources_t *) calloc (1, sizeof (scrape_sources_t));
    char *copy = strdup (text);
    if (!reader.self || !copy) {
        free (copy);
        scrape_sources_destroy (&reader.self);
        snprintf (reader.err, reader.err_size, "out of memory");
        return NULL;
    }
    int rc = 0;
    char *cursor = copy;
    while (cursor && rc == 0) {
        char *line = cursor;
        cursor = strchr (cursor, '\n');
        if (cursor)
            *cursor++ = 0;
        reader.line++;
        rc = strlen (line) > LINE_MAX_BYTES? s_fail (&reader, "line too long"): s_line (&reader, line);
    }
    free (copy);
    if (rc == 0)
        rc = s_finish (&reader);
    if (rc)
        scrape_sources_destroy (&reader.self);
    return reader.self;
}

scrape_sources_t *
scrape_sources_load (const char *path, char *err, size_t err_size)
{
    assert (path);
    FILE *file = fopen (path, "r");
    if (!file) {
        snprintf (err, err_size, "%s: %s", path, strerror (errno));
        return NULL;
    }
    char *text = (char *) calloc (1, FILE_MAX_BYTES + 1);
    size_t size = text? fread (text, 1, FILE_MAX_BYTES + 1, file): 0;
    bool failed = !text || ferror (file) || size > FILE_MAX_BYTES;
    fclose (file);
    if (failed) {
        snprintf (err, err_size, "%s: cannot read (or larger than 1 MiB)", path);
        free (text);
        return NULL;
    }
    char base_dir [PATH_MAX];
    vc_text_copy (base_dir, sizeof base_dir, path);
    char *slash = strrchr (base_dir, '/');
    if (slash)
        *slash = 0;
    char absolute [PATH_MAX];
    const char *base = slash? (slash == base_dir? "/": base_dir): NULL;
    if (base && realpath (base, absolute))
        base = absolute;
    char reason [200] = "";
    scrape_sources_t *self = scrape_sources_parse (text, base, reason, sizeof reason);
    if (!self)
        snprintf (err, err_size, "%s: %s", path, reason);
    free (text);
    return self;
}

void
scrape_sources_destroy (scrape_sources_t **self_p)
{
    assert (self_p);
    scrape_sources_t *self = *self_p;
    if (!self)
        return;
    for (size_t index = 0; index < self->size; index++)
        free (self->sources [index].url);
    free (self);
    *self_p = NULL;
}

size_t
scrape_sources_size (const scrape_sources_t *self)
{
    assert (self);
    return self->size;
}

const scrape_source_t *
scrape_sources_at (const scrape_sources_t *self, size_t index)
{
    assert (self);
    return index < self->size? &self->sources [index]: NULL;
}

const scrape_source_t *
scrape_sources_find (const scrape_sources_t *self, const char *name)
{
    assert (self);
    for (size_t index = 0; index < self->size; index++)
        if (strcmp (self->sources [index].name, name) == 0)
            return &self->sources [index];
    return NULL;
}

static void
s_expect_error (const char *text, const char *reason)
{
    char err [200] = "";
    scrape_sources_t *self = scrape_sources_parse (text, "/data", err, sizeof err);
    VC_CHECK (self == NULL);
    if (!strstr (err, reason)) {
        fprintf (stderr, "sources: got '%s', want '%s'\n", err, reason);
        VC_CHECK (false);
    }
}

void
scrape_sources_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_sources: ");
    const char *text =
        "# sources\n"
        "[totals]\n"
        "url = https://example.org/a?x=1#frag\n"
        "parser = totals_html   # a comment\n"
        "\n"
        "; other comment\n"
        "[bulletin]\n"
        "  url=file:raw/bulletin.html\n"
        "parser=bulletin_html\n"
        "charset = windows-1258\n"
        "unlisted = zero\n"
        "[feed]\n"
        "url = file:///srv/feed.json\n"
        "parser = feed_json\n"
        "min_provinces = 40\n"
        "enabled = no\n";
    char err [200];
    scrape_sources_t *self = scrape_sources_parse (text, "/data", err, sizeof err);
    VC_CHECK (self);
    VC_CHECK (scrape_sources_size (self) == 3);
    const scrape_source_t *source = scrape_sources_at (self, 0);
    VC_CHECK (strcmp (source->name, "totals") == 0);
    VC_CHECK (strcmp (source->url, "https://example.org/a?x=1#frag") == 0);
    VC_CHECK (source->parser == SCRAPE_PARSER_TOTALS_HTML && source->min_provinces == 50);
    VC_CHECK (source->enabled);
    source = scrape_sources_find (self, "bulletin");
    VC_CHECK (source && strcmp (source->url, "file:///data/raw/bulletin.html") == 0);
    VC_CHECK (source->min_provinces == 1 && strcmp (source->charset, "windows-1258") == 0);
    VC_CHECK (source->unlisted_zero);
    source = scrape_sources_find (self, "feed");
    VC_CHECK (source && strcmp (source->url, "file:///srv/feed.json") == 0);
    VC_CHECK (source->min_provinces == 40 && !source->enabled && !source->unlisted_zero);
    VC_CHECK (scrape_sources_find (self, "none") == NULL);
    VC_CHECK (scrape_sources_at (self, 3) == NULL);
    scrape_sources_destroy (&self);
    VC_CHECK (self == NULL);

    s_expect_error ("url = x\n", "line 1: key outside");
    s_expect_error ("[a]\nunlisted = none\n", "line 2: unlisted must be zero or unknown");
    s_expect_error ("[a]\nparser = html\n", "line 2: unknown parser 'html'");
    s_expect_error ("[a]\nurl = x\n", "source 'a' needs a url and a parser");
    s_expect_error ("[a]\nurl = x\nparser = feed_json\n[a]\n", "line 4: source 'a' listed twice");
    s_expect_error ("[a]\nmin_provinces = 70\n", "min_provinces must be 1..63");
    s_expect_error ("[a]\ncolour = red\n", "unknown key 'colour'");
    s_expect_error ("[a\n", "section header");
    s_expect_error ("[a]\njust words\n", "expected key = value");
    VC_CHECK (scrape_sources_load ("/nonexistent/sources.conf", err, sizeof err) == NULL);
    VC_CHECK (strstr (err, "/nonexistent/sources.conf"));
    if (verbose)
        printf ("OK\n");
}
