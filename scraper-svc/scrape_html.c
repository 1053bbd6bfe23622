/*  scrape_html - libxml2 HTML reading, encoding choice and text extraction.
*/
#undef NDEBUG                   //  Self-test asserts stay on in every build
#include "scrape_html.h"
#include "scrape_text.h"
#include "vc_body.h"

#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "vc_check.h"
#include "vc_text.h"

#define PRESCAN_BYTES   4096
#define TEXT_MAX_BYTES  (16 * 1024 * 1024)
#define FALLBACK        "WINDOWS-1258"

typedef struct {
    char *data;
    size_t size;
    size_t capacity;
    bool failed;
} buffer_t;

static void
s_buffer_add (buffer_t *self, const char *text, size_t length)
{
    if (self->failed || self->size + length + 1 > TEXT_MAX_BYTES)
        return;
    if (self->size + length + 1 > self->capacity) {
        size_t capacity = self->capacity? self->capacity: 256;
        while (capacity < self->size + length + 1)
            capacity *= 2;
        char *data = (char *) realloc (self->data, capacity);
        if (!data) {
            self->failed = true;
            return;
        }
        self->data = data;
        self->capacity = capacity;
    }
    memcpy (self->data + self->size, text, length);
    self->size += length;
    self->data [self->size] = 0;
}

static char *
s_buffer_take (buffer_t *self)
{
    if (self->failed) {
        free (self->data);
        return NULL;
    }
    if (!self->data)
        return strdup ("");
    return self->data;
}

//  Find "charset=" in the first bytes of the page, as browsers pre-scan.
static bool
s_prescan_charset (const char *body, size_t size, char *out, size_t out_size)
{
    size_t limit = size < PRESCAN_BYTES? size: PRESCAN_BYTES;
    const char *found = scrape_text_find (body, limit, "charset=");
    if (!found)
        return false;
    const char *start = found + 8;
    const char *end = body + limit;
    while (start < end && (*start == '"' || *start == '\'' || *start == ' '))
        start++;
    size_t length = 0;
    while (start + length < end && length + 1 < out_size
    && (isalnum ((unsigned char) start [length]) || strchr ("-_.:", start [length])))
        length++;
    memcpy (out, start, length);
    out [length] = 0;
    return length > 0;
}

static bool
s_is_utf8_name (const char *name)
{
    return strcasecmp (name, "utf-8") == 0 || strcasecmp (name, "utf8") == 0;
}

static bool
s_has_high_bytes (const char *body, size_t size)
{
    for (size_t index = 0; index < size; index++)
        if ((unsigned char) body [index] >= 0x80)
            return true;
    return false;
}

static bool
s_known_encoding (const char *name)
{
    xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler (name);
    if (!handler)
        return false;
    xmlCharEncCloseFunc (handler);
    return true;
}

bool
scrape_html_encoding (const char *body, size_t size, const char *charset,
                      char *encoding, size_t encoding_size)
{
    char declared [64] = "";
    if (charset && *charset)
        vc_text_copy (declared, sizeof declared, charset);
    else
    if (size >= 3 && memcmp (body, "\xEF\xBB\xBF", 3) == 0)
        strcpy (declared, "UTF-8");
    else
        s_prescan_charset (body, size, declared, sizeof declared);

    bool utf8 = vc_utf8_valid (body, size);
    const char *chosen = declared;
    if (!*declared || s_is_utf8_name (declared))
        chosen = utf8? "UTF-8": FALLBACK;
    else
    if (utf8 && s_has_high_bytes (body, size))
        chosen = "UTF-8";       //  Legacy text is practically never valid UTF-8
    else
    if (!s_known_encoding (declared))
        chosen = utf8? "UTF-8": FALLBACK;
    vc_text_copy (encoding, encoding_size, chosen);
    if (!*declared)
        return strcmp (chosen, FALLBACK) == 0;
    return strcasecmp (chosen, declared) != 0 && !(s_is_utf8_name (chosen) && s_is_utf8_name (declared));
}

//  libxml2 reports through global handlers even with NOERROR: count the
//  decoding failures of our own parse and print nothing.
static void
s_on_structured (void *context, xmlErrorPtr error)
{
    if (error && (error->domain == XML_FROM_I18N || error->domain == XML_FROM_IO))
        (*(int *) context)++;
}

static void
s_on_generic (void *context, const char *format, ...)
{
    (void) context;
    (void) format;
}

static htmlDocPtr
s_read_quietly (const char *body, size_t size, const char *encoding, int *decode_errors)
{
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR
                | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC;
    xmlGenericErrorFunc generic = xmlGenericError;
    void *generic_context = xmlGenericErrorContext;
    xmlStructuredErrorFunc structured = xmlStructuredError;
    void *structured_context = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc (NULL, s_on_generic);
    xmlSetStructuredErrorFunc (decode_errors, s_on_structured);
    htmlDocPtr doc = htmlReadMemory (body, (int) size, NULL, encoding, options);
    xmlSetStructuredErrorFunc (structured_context, structured);
    xmlSetGenericErrorFunc (generic_context, generic);
    return doc;
}

htmlDocPtr
scrape_html_read (const char *body, size_t size, const char *charset,
                  scrape_result_t *result)
{
    assert (result);
    if (!body || size == 0)
        return scrape_result_fail (result, "empty page"), NULL;
    if (size > INT_MAX)
        return scrape_result_fail (result, "page too large"), NULL;
    char encoding [64];
    if (scrape_html_encoding (body, size, charset, encoding, sizeof encoding))
        scrape_result_warn (result, "page encoding is not what it declares; read as %s", encoding);
    xmlInitParser ();
    int decode_errors = 0;
    htmlDocPtr doc = s_read_quietly (body, size, encoding, &decode_errors);
    if (!doc || !xmlDocGetRootElement (doc)) {
        if (doc)
            xmlFreeDoc (doc);
        return scrape_result_fail (result, "not an HTML page"), NULL;
    }
    if (decode_errors) {
        scrape_result_set_truncated (result);
        scrape_result_warn (result, "bytes not valid in %s: the page was read only in part", encoding);
    }
    return doc;
}

bool
scrape_html_truncated (const char *body, size_t size)
{
    size_t tail = size < 1024? size: 1024;
    const char *start = body + size - tail;
    return !scrape_text_find (start, tail, "</html") && !scrape_text_find (start, tail, "</body");
}

static bool
s_named (xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->name
        && strcasecmp ((const char *) node->name, name) == 0;
}

xmlNodePtr
scrape_html_next (xmlNodePtr root, xmlNodePtr current, const char *name)
{
    xmlNodePtr node = current;
    while (true) {
        if (!node)
            node = root;
        else
        if (node->children && node->type == XML_ELEMENT_NODE)
            node = node->children;
        else {
            while (node != root && !node->next)
                node = node->parent;
            if (node == root)
                return NULL;
            node = node->next;
        }
        if (!node)
            return NULL;
        if (s_named (node, name))
            return node;
    }
}

static bool
s_is_block (xmlNodePtr node)
{
    static const char *blocks [] = {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3",
        "h4", "h5", "h6", "section", "article", "header", "footer", "title",
        "blockquote", "dd", "dt", "hr", "caption", "main", "figure", "time"
    };
    for (size_t index = 0; index < sizeof blocks / sizeof blocks [0]; index++)
        if (s_named (node, blocks [index]))
            return true;
    return false;
}

//  Text of a node; with blocks, its own line breaks are spaces (HTML folds
//  them: "Bà Rịa -\nVũng Tàu" is one name), only blocks break lines.
static void
s_add_text (buffer_t *buffer, const char *text, bool blocks)
{
    size_t length = strlen (text);
    if (!blocks || !strpbrk (text, "\r\n")) {
        s_buffer_add (buffer, text, length);
        return;
    }
    for (size_t index = 0; index < length; index++)
        s_buffer_add (buffer, text [index] == '\n' || text [index] == '\r'? " ": text + index, 1);
}

static void
s_collect (xmlNodePtr node, buffer_t *buffer, bool blocks, int depth)
{
    if (depth > 256)
        return;                 //  libxml2 bounds depth too; never recurse unbounded
    for (; node; node = node->next) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content)
                s_add_text (buffer, (const char *) node->content, blocks);
            continue;
        }
        if (node->type != XML_ELEMENT_NODE
        ||  s_named (node, "script") || s_named (node, "style") || s_named (node, "noscript"))
            continue;
        bool block = blocks && s_is_block (node);
        s_buffer_add (buffer, block? "\n": " ", 1);
        s_collect (node->children, buffer, blocks, depth + 1);
        s_buffer_add (buffer, block? "\n": " ", 1);
    }
}

char *
scrape_html_text (xmlNodePtr node)
{
    assert (node);
    buffer_t buffer = { 0 };
    if (node->type == XML_ELEMENT_NODE)
        s_collect (node->children, &buffer, false, 0);
    else
        s_collect (node, &buffer, false, 0);
    char *text = s_buffer_take (&buffer);
    if (text)
        scrape_text_squash (text);
    return text;
}

char *
scrape_html_lines (xmlNodePtr node)
{
    assert (node);
    buffer_t raw = { 0 };
    s_collect (node->type == XML_ELEMENT_NODE? node->children: node, &raw, true, 0);
    char *text = s_buffer_take (&raw);
    if (!text)
        return NULL;
    buffer_t lines = { 0 };
    char *save = NULL;
    for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save)) {
        scrape_text_squash (line);
        if (*line) {
            s_buffer_add (&lines, line, strlen (line));
            s_buffer_add (&lines, "\n", 1);
        }
    }
    free (text);
    return s_buffer_take (&lines);
}

xmlChar *
scrape_html_meta (htmlDocPtr doc, const char *name)
{
    assert (doc);
    xmlNodePtr root = xmlDocGetRootElement (doc);
    static const char *attributes [] = { "property", "name", "itemprop" };
    for (xmlNodePtr meta = scrape_html_next (root, NULL, "meta"); meta;
         meta = scrape_html_next (root, meta, "meta")) {
        for (size_t index = 0; index < 3; index++) {
            xmlChar *value = xmlGetProp (meta, BAD_CAST attributes [index]);
            bool match = value && strcasecmp ((const char *) value, name) == 0;
            xmlFree (value);
            if (match)
                return xmlGetProp (meta, BAD_CAST "content");
        }
    }
    return NULL;
}

int
scrape_html_span (xmlNodePtr node, const char *attribute, int max)
{
    xmlChar *value = xmlGetProp (node, BAD_CAST attribute);
    int span = value? atoi ((const char *) value): 1;
    xmlFree (value);
    return span < 1? 1: span > max? max: span;
}

void
scrape_html_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_html: ");
    char encoding [64];
    const char *utf8 = "<html><body>H\xC3\xA0 N\xE1\xBB\x99i</body></html>";
    const char *cp1258 = "<html><meta charset=\"utf-8\"><body>H\xE0 N\xF4\xF2i</body></html>";
    VC_CHECK (!scrape_html_encoding (utf8, strlen (utf8), NULL, encoding, sizeof encoding));
    VC_CHECK (strcmp (encoding, "UTF-8") == 0);
    VC_CHECK (scrape_html_encoding (cp1258, strlen (cp1258), NULL, encoding, sizeof encoding));
    VC_CHECK (strcmp (encoding, FALLBACK) == 0);
    VC_CHECK (scrape_html_encoding (utf8, strlen (utf8), "iso-8859-1", encoding, sizeof encoding));
    VC_CHECK (strcmp (encoding, "UTF-8") == 0);
    VC_CHECK (!scrape_html_encoding (cp1258, strlen (cp1258), "windows-1258", encoding, sizeof encoding));
    VC_CHECK (scrape_html_encoding (utf8, strlen (utf8), "windows-1258", encoding, sizeof encoding));
    VC_CHECK (strcmp (encoding, "UTF-8") == 0);
    const char *ascii = "<html><body>Ha Noi</body></html>";
    VC_CHECK (!scrape_html_encoding (ascii, strlen (ascii), "windows-1258", encoding, sizeof encoding));
    VC_CHECK (strcmp (encoding, "windows-1258") == 0);

    scrape_result_t *result = scrape_result_new ();
    htmlDocPtr doc = scrape_html_read (cp1258, strlen (cp1258), NULL, result);
    VC_CHECK (doc);
    VC_CHECK (scrape_result_warnings (result) == 1);
    xmlNodePtr root = xmlDocGetRootElement (doc);
    xmlNodePtr body = scrape_html_next (root, NULL, "body");
    VC_CHECK (body);
    char *text = scrape_html_text (body);
    VC_CHECK (text && strcmp (text, "H\xC3\xA0 N\xE1\xBB\x99i") == 0);
    free (text);
    xmlFreeDoc (doc);
    VC_CHECK (scrape_html_read ("", 0, NULL, result) == NULL);
    VC_CHECK (strcmp (scrape_result_error (result), "empty page") == 0);
    scrape_result_destroy (&result);

    const char *page = "<html><head><title>T</title><meta property=\"og:x\" content=\"v\">"
                       "<script>var a = 1;</script></head><body><p>one <b>two</b></p>"
                       "<div>three<br>four</div><td colspan=\"3\">x</td></body></html>";
    result = scrape_result_new ();
    doc = scrape_html_read (page, strlen (page), NULL, result);
    VC_CHECK (doc);
    root = xmlDocGetRootElement (doc);
    text = scrape_html_lines (root);
    VC_CHECK (text && strcmp (text, "T\none two\nthree\nfour\nx\n") == 0);
    free (text);
    xmlChar *meta = scrape_html_meta (doc, "og:x");
    VC_CHECK (meta && strcmp ((const char *) meta, "v") == 0);
    xmlFree (meta);
    VC_CHECK (scrape_html_meta (doc, "og:y") == NULL);
    VC_CHECK (scrape_html_truncated (page, 40));
    VC_CHECK (!scrape_html_truncated (page, strlen (page)));
    xmlNodePtr cell = scrape_html_next (root, NULL, "td");
    VC_CHECK (cell && scrape_html_span (cell, "colspan", 10) == 3);
    VC_CHECK (scrape_html_span (cell, "rowspan", 10) == 1);
    xmlFreeDoc (doc);
    scrape_result_destroy (&result);
    if (verbose)
        printf ("OK\n");
}
