/*  json_reader - bounded recursive-descent JSON reader into a value tree.
*/
#undef NDEBUG                   //  Self-test asserts stay on in every build
#include "json_reader.h"
#include "scrape_text.h"
#include "vc_body.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_MAX_BYTES 64

struct _json_value_t {
    json_type_t type;
    bool boolean;
    char *text;                 //  String contents or number as written
    json_value_t **items;       //  Array elements or object member values
    char **keys;                //  Object member keys
    size_t size;
    size_t capacity;
};

typedef struct {
    const char *text;
    size_t size;
    size_t pos;
    int depth;
    size_t values;
    json_limits_t limits;
    char *err;
    size_t err_size;
    bool failed;
} reader_t;

static json_value_t *s_parse_value (reader_t *self);

static void
s_fail (reader_t *self, const char *format, ...)
{
    if (self->failed)
        return;
    self->failed = true;
    char reason [160];
    va_list args;
    va_start (args, format);
    vsnprintf (reason, sizeof reason, format, args);
    va_end (args);
    if (self->err && self->err_size)
        snprintf (self->err, self->err_size, "%s at offset %zu", reason, self->pos);
}

void
json_value_destroy (json_value_t **self_p)
{
    assert (self_p);
    json_value_t *self = *self_p;
    if (!self)
        return;
    for (size_t index = 0; index < self->size; index++) {
        json_value_destroy (&self->items [index]);
        if (self->keys)
            free (self->keys [index]);
    }
    free (self->items);
    free (self->keys);
    free (self->text);
    free (self);
    *self_p = NULL;
}

static json_value_t *
s_value_new (reader_t *self, json_type_t type)
{
    if (++self->values > self->limits.max_values) {
        s_fail (self, "more than %zu values", self->limits.max_values);
        return NULL;
    }
    json_value_t *value = (json_value_t *) calloc (1, sizeof (json_value_t));
    if (!value)
        s_fail (self, "out of memory");
    else
        value->type = type;
    return value;
}

static void
s_skip_space (reader_t *self)
{
    while (self->pos < self->size) {
        char c = self->text [self->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        self->pos++;
    }
}

static int
s_peek (reader_t *self)
{
    s_skip_space (self);
    return self->pos < self->size? (unsigned char) self->text [self->pos]: -1;
}

//  Append value (and key, taken over) to a container.
static int
s_append (reader_t *self, json_value_t *container, char *key, json_value_t *value)
{
    if (container->size == container->capacity) {
        size_t capacity = container->capacity? container->capacity * 2: 8;
        json_value_t **items = (json_value_t **) realloc (container->items, capacity * sizeof (json_value_t *));
        if (items)
            container->items = items;
        char **keys = NULL;
        if (items && container->type == JSON_OBJECT) {
            keys = (char **) realloc (container->keys, capacity * sizeof (char *));
            if (keys)
                container->keys = keys;
        }
        if (!items || (container->type == JSON_OBJECT && !keys)) {
            s_fail (self, "out of memory");
            free (key);
            json_value_destroy (&value);
            return -1;
        }
        container->capacity = capacity;
    }
    if (container->keys)
        container->keys [container->size] = key;
    container->items [container->size++] = value;
    return 0;
}

static int
s_hex4 (reader_t *self, unsigned int *point)
{
    if (self->pos + 4 > self->size) {
        s_fail (self, "short \\u escape");
        return -1;
    }
    *point = 0;
    for (int index = 0; index < 4; index++) {
        char c = self->text [self->pos++];
        int digit = c >= '0' && c <= '9'? c - '0':
                    c >= 'a' && c <= 'f'? c - 'a' + 10:
                    c >= 'A' && c <= 'F'? c - 'A' + 10: -1;
        if (digit < 0) {
            s_fail (self, "bad \\u escape");
            return -1;
        }
        *point = (*point << 4) | (unsigned int) digit;
    }
    return 0;
}

//  Read \uXXXX (and its low surrogate) after the "\u"; 0 or -1.
static int
s_unicode_escape (reader_t *self, unsigned int *point)
{
    if (s_hex4 (self, point))
        return -1;
    if (*point >= 0xD800 && *point <= 0xDBFF) {
        unsigned int low;
        if (self->pos + 2 > self->size || self->text [self->pos] != '\\'
        ||  self->text [self->pos + 1] != 'u') {
            s_fail (self, "lone surrogate");
            return -1;
        }
        self->pos += 2;
        if (s_hex4 (self, &low))
            return -1;
        if (low < 0xDC00 || low > 0xDFFF) {
            s_fail (self, "bad surrogate pair");
            return -1;
        }
        *point = 0x10000 + ((*point - 0xD800) << 10) + (low - 0xDC00);
    }
    else
    if (*point >= 0xDC00 && *point <= 0xDFFF) {
        s_fail (self, "lone surrogate");
        return -1;
    }
    if (*point == 0) {
        s_fail (self, "NUL in string");
        return -1;
    }
    return 0;
}

static size_t
s_utf8_encode (unsigned int point, char *out)
{
    if (point < 0x80) {
        out [0] = (char) point;
        return 1;
    }
    if (point < 0x800) {
        out [0] = (char) (0xC0 | (point >> 6));
        out [1] = (char) (0x80 | (point & 0x3F));
        return 2;
    }
    if (point < 0x10000) {
        out [0] = (char) (0xE0 | (point >> 12));
        out [1] = (char) (0x80 | ((point >> 6) & 0x3F));
        out [2] = (char) (0x80 | (point & 0x3F));
        return 3;
    }
    out [0] = (char) (0xF0 | (point >> 18));
    out [1] = (char) (0x80 | ((point >> 12) & 0x3F));
    out [2] = (char) (0x80 | ((point >> 6) & 0x3F));
    out [3] = (char) (0x80 | (point & 0x3F));
    return 4;
}

//  Decode one escape after the backslash into out; bytes written or 0.
static size_t
s_escape (reader_t *self, char *out)
{
    if (self->pos >= self->size) {
        s_fail (self, "unterminated string");
        return 0;
    }
    char c = self->text [self->pos++];
    const char *from = "\"\\/bfnrt";
    const char *to = "\"\\/\b\f\n\r\t";
    const char *found = strchr (from, c);
    if (found && c) {
        out [0] = to [found - from];
        return 1;
    }
    unsigned int point;
    if (c != 'u') {
        s_fail (self, "bad escape '\\%c'", c);
        return 0;
    }
    if (s_unicode_escape (self, &point))
        return 0;
    return s_utf8_encode (point, out);
}

//  Read a string at pos (on the opening quote); returns a new C string.
static char *
s_parse_string (reader_t *self)
{
    self->pos++;
    //  Decoded text is never longer than the source, escapes included.
    size_t end = self->pos;
    while (end < self->size && self->text [end] != '"')
        end += self->text [end] == '\\'? 2: 1;
    if (end >= self->size) {
        s_fail (self, "unterminated string");
        return NULL;
    }
    char *buffer = (char *) malloc (end - self->pos + 1);
    if (!buffer) {
        s_fail (self, "out of memory");
        return NULL;
    }
    size_t length = 0;
    while (!self->failed && self->text [self->pos] != '"') {
        unsigned char c = (unsigned char) self->text [self->pos];
        if (c < 0x20)
            s_fail (self, "control character in string");
        else
        if (c == '\\') {
            self->pos++;
            length += s_escape (self, buffer + length);
        }
        else {
            buffer [length++] = (char) c;
            self->pos++;
        }
    }
    buffer [length] = 0;
    if (!self->failed && !vc_utf8_valid (buffer, length))
        s_fail (self, "string is not valid UTF-8");
    if (self->failed) {
        free (buffer);
        return NULL;
    }
    self->pos++;                //  Closing quote
    return buffer;
}

static bool
s_digit_at (reader_t *self, size_t pos)
{
    return pos < self->size && self->text [pos] >= '0' && self->text [pos] <= '9';
}

static json_value_t *
s_parse_number (reader_t *self)
{
    size_t start = self->pos;
    size_t pos = start;
    if (pos < self->size && self->text [pos] == '-')
        pos++;
    if (!s_digit_at (self, pos)) {
        s_fail (self, "bad number");
        return NULL;
    }
    if (self->text [pos] == '0' && s_digit_at (self, pos + 1)) {
        s_fail (self, "leading zero in number");
        return NULL;
    }
    while (s_digit_at (self, pos))
        pos++;
    if (pos < self->size && self->text [pos] == '.') {
        if (!s_digit_at (self, ++pos)) {
            s_fail (self, "bad fraction");
            return NULL;
        }
        while (s_digit_at (self, pos))
            pos++;
    }
    if (pos < self->size && (self->text [pos] == 'e' || self->text [pos] == 'E')) {
        pos++;
        if (pos < self->size && (self->text [pos] == '+' || self->text [pos] == '-'))
            pos++;
        if (!s_digit_at (self, pos)) {
            s_fail (self, "bad exponent");
            return NULL;
        }
        while (s_digit_at (self, pos))
            pos++;
    }
    if (pos - start > NUMBER_MAX_BYTES) {
        s_fail (self, "number too long");
        return NULL;
    }
    json_value_t *value = s_value_new (self, JSON_NUMBER);
    if (value)
        value->text = strndup (self->text + start, pos - start);
    if (value && !value->text) {
        s_fail (self, "out of memory");
        json_value_destroy (&value);
    }
    self->pos = pos;
    return value;
}

static json_value_t *
s_parse_word (reader_t *self)
{
    static const char *words [] = { "true", "false", "null" };
    for (int index = 0; index < 3; index++) {
        size_t length = strlen (words [index]);
        if (self->pos + length <= self->size
        &&  memcmp (self->text + self->pos, words [index], length) == 0) {
            self->pos += length;
            json_value_t *value = s_value_new (self, index == 2? JSON_NULL: JSON_BOOL);
            if (value)
                value->boolean = index == 0;
            return value;
        }
    }
    s_fail (self, "unexpected character");
    return NULL;
}

//  Parse the members of an array or object after its opening bracket.
static json_value_t *
s_parse_container (reader_t *self, json_type_t type)
{
    char close = type == JSON_ARRAY? ']': '}';
    if (++self->depth > self->limits.max_depth) {
        s_fail (self, "nesting deeper than %d", self->limits.max_depth);
        return NULL;
    }
    json_value_t *container = s_value_new (self, type);
    self->pos++;
    bool first = true;
    while (container && !self->failed) {
        int c = s_peek (self);
        if (c == close && first)
            break;
        char *key = NULL;
        if (type == JSON_OBJECT) {
            if (c != '"') {
                s_fail (self, "expected a member name");
                break;
            }
            key = s_parse_string (self);
            if (!key)
                break;
            if (s_peek (self) != ':') {
                free (key);
                s_fail (self, "expected ':'");
                break;
            }
            self->pos++;
        }
        json_value_t *item = s_parse_value (self);
        if (!item) {
            free (key);
            break;
        }
        if (s_append (self, container, key, item))
            break;
        first = false;
        c = s_peek (self);
        if (c == ',') {
            self->pos++;
            continue;
        }
        if (c != close)
            s_fail (self, c < 0? "unexpected end of input": "expected ',' or '%c'", close);
        break;
    }
    if (self->failed)
        json_value_destroy (&container);
    else
        self->pos++;            //  Closing bracket
    self->depth--;
    return container;
}

static json_value_t *
s_parse_value (reader_t *self)
{
    int c = s_peek (self);
    if (c < 0) {
        s_fail (self, "unexpected end of input");
        return NULL;
    }
    if (c == '[')
        return s_parse_container (self, JSON_ARRAY);
    if (c == '{')
        return s_parse_container (self, JSON_OBJECT);
    if (c == '-' || (c >= '0' && c <= '9'))
        return s_parse_number (self);
    if (c != '"')
        return s_parse_word (self);
    json_value_t *value = s_value_new (self, JSON_STRING);
    if (value) {
        value->text = s_parse_string (self);
        if (!value->text)
            json_value_destroy (&value);
    }
    return value;
}

json_value_t *
json_reader_parse (const char *text, size_t size, const json_limits_t *limits,
                   char *err, size_t err_size)
{
    reader_t reader = { .text = text, .size = size, .err = err, .err_size = err_size };
    if (limits)
        reader.limits = *limits;
    if (!reader.limits.max_size)
        reader.limits.max_size = 8 * 1024 * 1024;
    if (!reader.limits.max_depth)
        reader.limits.max_depth = 64;
    if (!reader.limits.max_values)
        reader.limits.max_values = 1000000;
    if (err && err_size)
        *err = 0;
    if (!text || size > reader.limits.max_size) {
        s_fail (&reader, "input larger than %zu bytes", reader.limits.max_size);
        return NULL;
    }
    if (size >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
        reader.pos = 3;
    json_value_t *root = s_parse_value (&reader);
    if (root && s_peek (&reader) >= 0) {
        s_fail (&reader, "trailing data after the value");
        json_value_destroy (&root);
    }
    return root;
}

json_type_t
json_value_type (const json_value_t *self)
{
    assert (self);
    return self->type;
}

size_t
json_value_size (const json_value_t *self)
{
    return self && (self->type == JSON_ARRAY || self->type == JSON_OBJECT)? self->size: 0;
}

const json_value_t *
json_value_at (const json_value_t *self, size_t index)
{
    return index < json_value_size (self)? self->items [index]: NULL;
}

const char *
json_value_key_at (const json_value_t *self, size_t index)
{
    if (!self || self->type != JSON_OBJECT || index >= self->size)
        return NULL;
    return self->keys [index];
}

const json_value_t *
json_value_get (const json_value_t *self, const char *key)
{
    if (!self || self->type != JSON_OBJECT)
        return NULL;
    for (size_t index = 0; index < self->size; index++)
        if (strcmp (self->keys [index], key) == 0)
            return self->items [index];
    return NULL;
}

const char *
json_value_string (const json_value_t *self)
{
    return self && self->type == JSON_STRING? self->text: NULL;
}

const char *
json_value_number_text (const json_value_t *self)
{
    return self && self->type == JSON_NUMBER? self->text: NULL;
}

int
json_value_int64 (const json_value_t *self, int64_t *value)
{
    if (!self || self->type != JSON_NUMBER || strpbrk (self->text, ".eE"))
        return -1;
    errno = 0;
    char *end = NULL;
    long long parsed = strtoll (self->text, &end, 10);
    if (errno || !end || *end)
        return -1;
    *value = parsed;
    return 0;
}

double
json_value_double (const json_value_t *self)
{
    return self && self->type == JSON_NUMBER? strtod (self->text, NULL): 0.0;
}

bool
json_value_bool (const json_value_t *self)
{
    return self && self->type == JSON_BOOL && self->boolean;
}

static void
s_expect_error (const char *text, const json_limits_t *limits, const char *reason)
{
    char err [200];
    json_value_t *value = json_reader_parse (text, strlen (text), limits, err, sizeof err);
    assert (value == NULL);
    if (!strstr (err, reason)) {
        fprintf (stderr, "json '%s': got '%s', want '%s'\n", text, err, reason);
        assert (false);
    }
}

void
json_reader_test (bool verbose)
{
    if (verbose)
        printf (" * json_reader: ");
    const char *text = "\xEF\xBB\xBF [ {\"name\": \"H\\u1ed3 Ch\xC3\xAD Minh\", \"cases\": 502632,"
                       " \"ok\": true, \"x\": null, \"f\": -1.5e2, \"e\": \"\\ud83d\\ude00\\n\"}, [], {} ] ";
    char err [200];
    json_value_t *root = json_reader_parse (text, strlen (text), NULL, err, sizeof err);
    assert (root);
    assert (json_value_type (root) == JSON_ARRAY && json_value_size (root) == 3);
    const json_value_t *item = json_value_at (root, 0);
    assert (json_value_type (item) == JSON_OBJECT && json_value_size (item) == 6);
    assert (strcmp (json_value_string (json_value_get (item, "name")), "H\xE1\xBB\x93 Ch\xC3\xAD Minh") == 0);
    int64_t number = 0;
    assert (json_value_int64 (json_value_get (item, "cases"), &number) == 0 && number == 502632);
    assert (json_value_int64 (json_value_get (item, "f"), &number) == -1);
    assert (json_value_double (json_value_get (item, "f")) == -150.0);
    assert (json_value_bool (json_value_get (item, "ok")));
    assert (json_value_type (json_value_get (item, "x")) == JSON_NULL);
    assert (strcmp (json_value_string (json_value_get (item, "e")), "\xF0\x9F\x98\x80\n") == 0);
    assert (strcmp (json_value_key_at (item, 1), "cases") == 0);
    assert (json_value_get (item, "missing") == NULL);
    assert (json_value_at (root, 3) == NULL);
    assert (json_value_size (json_value_at (root, 1)) == 0);
    json_value_destroy (&root);
    assert (root == NULL);

    s_expect_error ("", NULL, "unexpected end");
    s_expect_error ("[1,2", NULL, "unexpected end");
    s_expect_error ("[1,]", NULL, "unexpected character");
    s_expect_error ("{\"a\" 1}", NULL, "expected ':'");
    s_expect_error ("{\"a\":1,}", NULL, "expected a member name");
    s_expect_error ("\"abc", NULL, "unterminated");
    s_expect_error ("\"a\\u0000\"", NULL, "NUL");
    s_expect_error ("\"\\ud800x\"", NULL, "lone surrogate");
    s_expect_error ("\"\xE1\xBB\"", NULL, "UTF-8");
    s_expect_error ("\"tab\there\"", NULL, "control character");
    s_expect_error ("01", NULL, "leading zero");
    s_expect_error ("[1] x", NULL, "trailing data");
    s_expect_error ("99999999999999999999999999999999999999999999999999999999999999999", NULL, "too long");
    json_limits_t limits = { .max_depth = 3 };
    s_expect_error ("[[[[1]]]]", &limits, "nesting deeper than 3");
    limits = (json_limits_t) { .max_values = 3 };
    s_expect_error ("[1,2,3]", &limits, "more than 3 values");
    limits = (json_limits_t) { .max_size = 4 };
    s_expect_error ("[1,2,3]", &limits, "larger than 4");
    //  Nesting within the default limit parses and frees
    char deep [130];
    memset (deep, '[', 60);
    memset (deep + 60, ']', 60);
    root = json_reader_parse (deep, 120, NULL, err, sizeof err);
    assert (root);
    json_value_destroy (&root);
    if (verbose)
        printf ("OK\n");
}
