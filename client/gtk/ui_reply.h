/*  ui_reply - reading nested fields of reply bodies (lists of maps) for
    the GTK programs: a field of a msgpack map, as a string or an integer.
*/
#ifndef UI_REPLY_H_INCLUDED
#define UI_REPLY_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "vc_body.h"

//  Value of key in a msgpack map, or NULL (also if map is not a map).
const msgpack_object *ui_map_get (const msgpack_object *map, const char *key);

//  First of several keys (NULL-terminated list) present in a map.
const msgpack_object *ui_map_any (const msgpack_object *map, const char *const *keys);

//  String field into out ("" if absent or not a string); returns out.
const char *ui_map_str (const msgpack_object *map, const char *key, char *out, size_t size);

//  Integer object's value; 0, or -1 if not an integer.
int ui_object_int (const msgpack_object *object, int64_t *value);

//  Integer field, or fallback.
int64_t ui_map_int (const msgpack_object *map, const char *key, int64_t fallback);

//  The list under key of a reply body, or NULL if absent or not a list.
const msgpack_object *ui_body_list (vc_body_t *body, const char *key);

#endif
