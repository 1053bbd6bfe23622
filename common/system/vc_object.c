/*  vc_object - reading decoded msgpack objects beyond a body's top level.  */
#include "vc_object.h"
#include <string.h>

const msgpack_object *
vc_map_get (const msgpack_object *map, const char *key)
{
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        return NULL;
    size_t length = strlen (key);
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object *k = &map->via.map.ptr [i].key;
        //  msgpack-c leaves ptr NULL for an empty string: no memcmp then
        if (k->type == MSGPACK_OBJECT_STR && k->via.str.size == length
        &&  (length == 0 || memcmp (k->via.str.ptr, key, length) == 0))
            return &map->via.map.ptr [i].val;
    }
    return NULL;
}

const char *
vc_map_str (const msgpack_object *map, const char *key, char *out, size_t size)
{
    const msgpack_object *value = vc_map_get (map, key);
    if (!value || vc_object_str (value, out, size))
        out [0] = 0;
    return out;
}

int
vc_object_int (const msgpack_object *object, int64_t *value)
{
    if (object && object->type == MSGPACK_OBJECT_POSITIVE_INTEGER && object->via.u64 <= INT64_MAX) {
        *value = (int64_t) object->via.u64;
        return 0;
    }
    if (object && object->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
        *value = object->via.i64;
        return 0;
    }
    return -1;
}

const msgpack_object *
vc_body_list (vc_body_t *body, const char *key)
{
    const msgpack_object *list = body ? vc_body_get (body, key) : NULL;
    return list && list->type == MSGPACK_OBJECT_ARRAY ? list : NULL;
}
