/*  json_reader - a small, bounded JSON reader (RFC 8259) into a value tree.

    Input size, nesting depth and number of values are limited, strings must
    be valid UTF-8 and may not contain NUL (also not as \u0000), and every
    failure comes back as a reason with the byte offset. A leading UTF-8 BOM
    is skipped. Objects keep their members in document order.
*/
#ifndef JSON_READER_H_INCLUDED
#define JSON_READER_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_type_t;

typedef struct {
    size_t max_size;            //  Bytes of input; 0 = 8 MiB
    int max_depth;              //  Nesting of arrays and objects; 0 = 64
    size_t max_values;          //  Values in the whole document; 0 = 1 000 000
} json_limits_t;

typedef struct _json_value_t json_value_t;

//  Parse text (need not be NUL-terminated). Returns the root value, or NULL
//  with a reason in err. limits may be NULL for the defaults.
json_value_t *json_reader_parse (const char *text, size_t size,
                                 const json_limits_t *limits,
                                 char *err, size_t err_size);

void json_value_destroy (json_value_t **self_p);

json_type_t json_value_type (const json_value_t *self);

//  Elements of an array, members of an object, 0 otherwise.
size_t json_value_size (const json_value_t *self);

//  Element of an array or value of an object member; NULL if out of range.
const json_value_t *json_value_at (const json_value_t *self, size_t index);

//  Key of an object member; NULL if not an object or out of range.
const char *json_value_key_at (const json_value_t *self, size_t index);

//  Value of the first member named key; NULL if none or not an object.
const json_value_t *json_value_get (const json_value_t *self, const char *key);

//  The string (UTF-8, NUL-terminated); NULL if not a string.
const char *json_value_string (const json_value_t *self);

//  The number as written; NULL if not a number.
const char *json_value_number_text (const json_value_t *self);

//  The number as an exact integer: 0, or -1 if not a number, not integral,
//  or out of the int64 range.
int json_value_int64 (const json_value_t *self, int64_t *value);

//  The number as a double; 0.0 if not a number.
double json_value_double (const json_value_t *self);

//  The boolean; false if not a boolean.
bool json_value_bool (const json_value_t *self);

void json_reader_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
