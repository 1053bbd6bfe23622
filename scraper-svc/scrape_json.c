/*  scrape_json - JSON feeds read with json-c, bounded (see scrape_json.h).
*/
#include "scrape_json.h"
#include "scrape_text.h"
#include "vc_check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  What json-c found wrong, at offset end, in the scraper's words (its
//  own text, in English, only for an error it has no words for)
static void
s_json_error (enum json_tokener_error error, size_t end, char *err, size_t err_size)
{
    switch (error) {
        case json_tokener_error_depth:
            snprintf (err, err_size, "nested too deeply at offset %zu", end);
            break;
        case json_tokener_error_parse_eof:
            snprintf (err, err_size, "unterminated JSON (input ends at offset %zu)", end);
            break;
        case json_tokener_error_parse_unexpected:
            snprintf (err, err_size, "unexpected character at offset %zu", end);
            break;
        case json_tokener_error_parse_null:
        case json_tokener_error_parse_boolean:
        case json_tokener_error_parse_number:
            snprintf (err, err_size, "a malformed value at offset %zu", end);
            break;
        case json_tokener_error_parse_array:
            snprintf (err, err_size, "a malformed array at offset %zu", end);
            break;
        case json_tokener_error_parse_object_key_name:
        case json_tokener_error_parse_object_key_sep:
        case json_tokener_error_parse_object_value_sep:
            snprintf (err, err_size, "a malformed object at offset %zu", end);
            break;
        case json_tokener_error_parse_string:
            snprintf (err, err_size, "a malformed string at offset %zu", end);
            break;
        case json_tokener_error_parse_utf8_string:
            snprintf (err, err_size, "text that is not UTF-8 at offset %zu", end);
            break;
        case json_tokener_error_size:
            snprintf (err, err_size, "page too large");
            break;
        default:
            snprintf (err, err_size, "JSON error at offset %zu: %s", end,
                      json_tokener_error_desc (error));
    }
}

json_object *
scrape_json_parse (const char *text, size_t size, char *err, size_t err_size)
{
    if (size > SCRAPE_JSON_MAX_SIZE) {
        snprintf (err, err_size, "%zu bytes, more than the %d allowed", size, SCRAPE_JSON_MAX_SIZE);
        return NULL;
    }
    size_t start = size >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0? 3: 0;
    struct json_tokener *tokener = json_tokener_new_ex (SCRAPE_JSON_MAX_DEPTH);
    if (!tokener) {
        snprintf (err, err_size, "out of memory");
        return NULL;
    }
    json_tokener_set_flags (tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *root = json_tokener_parse_ex (tokener, text + start, (int) (size - start));
    enum json_tokener_error error = json_tokener_get_error (tokener);
    size_t end = start + json_tokener_get_parse_end (tokener);
    if (error == json_tokener_continue) {
        //  A literal at the very end ("null", "12") ends only at a terminator
        root = json_tokener_parse_ex (tokener, "", 1);
        error = json_tokener_get_error (tokener) == json_tokener_success?
                json_tokener_success: json_tokener_continue;
        end = size;
    }
    json_tokener_free (tokener);
    if (error == json_tokener_continue)
        snprintf (err, err_size, "unterminated JSON (input ends at offset %zu)", size);
    else
    if (error != json_tokener_success)
        s_json_error (error, end, err, err_size);
    else
    if (!root)
        snprintf (err, err_size, "the feed is null");
    else {
        while (end < size && strchr (" \t\r\n", text [end]))
            end++;
        if (end == size)
            return root;
        snprintf (err, err_size, "unexpected data after the JSON value at offset %zu", end);
    }
    json_object_put (root);
    return NULL;
}

json_object *
scrape_json_member (json_object *object, const char *key)
{
    json_object *value = NULL;
    if (!json_object_is_type (object, json_type_object)
    ||  !json_object_object_get_ex (object, key, &value))
        return NULL;
    return value;                //  NULL for a JSON null too
}

const char *
scrape_json_string (json_object *value)
{
    if (!json_object_is_type (value, json_type_string))
        return NULL;
    const char *text = json_object_get_string (value);
    return strlen (text) == (size_t) json_object_get_string_len (value)? text: NULL;
}

int
scrape_json_count (json_object *value, int64_t *count)
{
    if (!value)
        return 1;
    if (json_object_is_type (value, json_type_int)) {
        errno = 0;
        *count = json_object_get_int64 (value);
        return errno == 0 && *count != INT64_MAX && *count != INT64_MIN? 0: -1;
    }
    if (json_object_is_type (value, json_type_string)) {
        const char *text = scrape_json_string (value);
        return text? scrape_text_count (text, count): -1;
    }
    return -1;
}

static void
s_expect_error (const char *text, const char *reason)
{
    char err [200] = "";
    json_object *root = scrape_json_parse (text, strlen (text), err, sizeof err);
    if (root)
        fprintf (stderr, "scrape_json: '%s' was accepted\n", text);
    VC_CHECK (root == NULL);
    if (!strstr (err, reason)) {
        fprintf (stderr, "scrape_json: '%s' gave '%s', expected '%s'\n", text, err, reason);
        VC_CHECK (false);
    }
}

void
scrape_json_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_json: ");
    char err [200];
    const char *text = "\xEF\xBB\xBF{\"a\": [1, \"2.345\", null, 1.5, \"x\"], \"s\": \"H\xC3\xA0 N\xE1\xBB\x99i\"}\n";
    json_object *root = scrape_json_parse (text, strlen (text), err, sizeof err);
    VC_CHECK (root);
    json_object *list = scrape_json_member (root, "a");
    VC_CHECK (json_object_array_length (list) == 5);
    int64_t count = 0;
    VC_CHECK (scrape_json_count (json_object_array_get_idx (list, 0), &count) == 0 && count == 1);
    VC_CHECK (scrape_json_count (json_object_array_get_idx (list, 1), &count) == 0 && count == 2345);
    VC_CHECK (scrape_json_count (json_object_array_get_idx (list, 2), &count) == 1);
    VC_CHECK (scrape_json_count (json_object_array_get_idx (list, 3), &count) == -1);
    VC_CHECK (scrape_json_count (json_object_array_get_idx (list, 4), &count) == -1);
    VC_CHECK (strcmp (scrape_json_string (scrape_json_member (root, "s")), "H\xC3\xA0 N\xE1\xBB\x99i") == 0);
    VC_CHECK (scrape_json_member (root, "missing") == NULL);
    VC_CHECK (scrape_json_member (list, "a") == NULL);
    json_object_put (root);

    s_expect_error ("[1, 2", "unterminated");
    s_expect_error ("", "unterminated");
    s_expect_error ("[1] x", "offset 4");
    //  json-c's errors in the scraper's words, not the library's
    s_expect_error ("{\"a\" 1}", "a malformed object at offset ");
    s_expect_error ("[1,]", "unexpected character at offset ");
    s_expect_error ("[\"\xFF\"]", "text that is not UTF-8 at offset ");
    s_expect_error ("null", "null");
    char deep [100];
    memset (deep, '[', 40);
    memset (deep + 40, ']', 40);
    deep [80] = 0;
    s_expect_error (deep, "nested too deeply at offset ");
    char *big = (char *) malloc (SCRAPE_JSON_MAX_SIZE + 1);
    VC_CHECK (big);
    memset (big, ' ', SCRAPE_JSON_MAX_SIZE + 1);
    VC_CHECK (scrape_json_parse (big, SCRAPE_JSON_MAX_SIZE + 1, err, sizeof err) == NULL);
    VC_CHECK (strstr (err, "more than"));
    free (big);
    root = scrape_json_parse ("[\"a\\u0000b\"]", 12, err, sizeof err);
    VC_CHECK (root && scrape_json_string (json_object_array_get_idx (root, 0)) == NULL);
    json_object_put (root);
    if (verbose)
        printf ("OK\n");
}
