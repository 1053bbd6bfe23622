/*  vc_codec - typed readers and writers for the generated message codecs.  */
#include "vc_codec.h"
#include "vc_object.h"

void
vc_pack_date (vc_pack_t *pack, vc_day_t day)
{
    char text [16];
    vc_date_format_iso (day, text, sizeof text);
    vc_pack_str (pack, text);
}

int
vc_codec_missing (vc_body_t *body, const char *key)
{
    return vc_body_fail (body, "missing field '%s'", key);
}

int
vc_codec_map (vc_body_t *body, const msgpack_object *value, const char *key)
{
    if (value->type != MSGPACK_OBJECT_MAP)
        return vc_body_fail (body, "field '%s' must be a map", key);
    return 0;
}

int
vc_codec_row (vc_body_t *body, const msgpack_object *value, const char *key, size_t size)
{
    if (value->type != MSGPACK_OBJECT_ARRAY || value->via.array.size != size)
        return vc_body_fail (body, "field '%s' must hold rows of %zu items", key, size);
    return 0;
}

int
vc_codec_str (vc_body_t *body, const msgpack_object *value, const char *key,
              size_t max_len, const char **out)
{
    if (value->type != MSGPACK_OBJECT_STR)
        return vc_body_fail (body, "field '%s' must be a string", key);
    size_t len = value->via.str.size;
    if (len > max_len)
        return vc_body_fail (body, "field '%s' is too long (%zu bytes, at most %zu)",
                             key, len, max_len);
    if (!vc_utf8_valid (value->via.str.ptr, len))
        return vc_body_fail (body, "field '%s' is not valid UTF-8 text", key);
    char *copy = (char *) vc_body_alloc (body, len + 1);
    if (!copy)
        return vc_body_fail (body, "out of memory");
    if (len)
        memcpy (copy, value->via.str.ptr, len);
    copy [len] = 0;
    *out = copy;
    return 0;
}

int
vc_codec_int (vc_body_t *body, const msgpack_object *value, const char *key,
              int64_t min, int64_t max, int64_t *out)
{
    int64_t number;
    if (vc_object_int (value, &number))
        return vc_body_fail (body, "field '%s' must be an integer", key);
    if (number < min || number > max)
        return vc_body_fail (body, "field '%s' must be between %" PRId64 " and %" PRId64,
                             key, min, max);
    *out = number;
    return 0;
}

int
vc_codec_bool (vc_body_t *body, const msgpack_object *value, const char *key, bool *out)
{
    if (value->type != MSGPACK_OBJECT_BOOLEAN)
        return vc_body_fail (body, "field '%s' must be true or false", key);
    *out = value->via.boolean;
    return 0;
}

int
vc_codec_double (vc_body_t *body, const msgpack_object *value, const char *key, double *out)
{
    int64_t number;
    if (value->type == MSGPACK_OBJECT_FLOAT32 || value->type == MSGPACK_OBJECT_FLOAT64)
        *out = value->via.f64;
    else
    if (vc_object_int (value, &number) == 0)
        *out = (double) number;
    else
        return vc_body_fail (body, "field '%s' must be a number", key);
    return 0;
}

int
vc_codec_bin (vc_body_t *body, const msgpack_object *value, const char *key,
              const void **out, size_t *size)
{
    if (value->type != MSGPACK_OBJECT_BIN)
        return vc_body_fail (body, "field '%s' must be bytes", key);
    *out = value->via.bin.ptr;
    *size = value->via.bin.size;
    return 0;
}

int
vc_codec_date (vc_body_t *body, const msgpack_object *value, const char *key, vc_day_t *out)
{
    const char *text = NULL;
    char err [96];
    if (vc_codec_str (body, value, key, 32, &text))
        return -1;
    if (vc_date_parse (text, out, err, sizeof err))
        return vc_body_fail (body, "field '%s' must be a date: %s", key, err);
    return 0;
}

int
vc_codec_list (vc_body_t *body, const msgpack_object *value, const char *key,
               size_t item_size, const msgpack_object **items, size_t *count, void **memory)
{
    if (value->type != MSGPACK_OBJECT_ARRAY)
        return vc_body_fail (body, "field '%s' must be a list", key);
    *items = value->via.array.ptr;
    *count = value->via.array.size;
    *memory = vc_body_alloc (body, *count * item_size);
    if (!*memory)
        return vc_body_fail (body, "out of memory");
    memset (*memory, 0, *count * item_size);
    return 0;
}
