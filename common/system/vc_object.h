/*  vc_object - reading decoded msgpack objects beyond a body's top level:
    a field of a map (lists of maps in replies), as a string or an integer.
    Used by vc_body's getters and by every program that reads replies.
*/
#ifndef VC_OBJECT_H_INCLUDED
#define VC_OBJECT_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "vc_body.h"

#ifdef __cplusplus
extern "C" {
#endif

//  Value of key in a msgpack map, or NULL (also if map is not a map).
const msgpack_object *vc_map_get (const msgpack_object *map, const char *key);

//  String field into out ("" if absent or not a string); returns out.
const char *vc_map_str (const msgpack_object *map, const char *key, char *out, size_t size);

//  Integer object's value; 0, or -1 if not an integer that fits int64_t.
int vc_object_int (const msgpack_object *object, int64_t *value);

//  The list under key of a body, or NULL if absent or not a list.
const msgpack_object *vc_body_list (vc_body_t *body, const char *key);

#ifdef __cplusplus
}
#endif
#endif
