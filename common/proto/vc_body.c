/*  vc_body - decodes a checked msgpack map and reads typed fields from it,
    refusing wrong types, missing fields, over-long strings, NULs and
    invalid UTF-8 with a human-readable reason.  */
#include "vc_body.h"
#include "vc_check.h"
#include "vc_object.h"
#include "vc_proto.h"

#include <stdarg.h>

//  Decoded strings point into the bytes they were decoded from, so the body
//  keeps its own copy of them: the message that carried it may go first.
#define VC_BODY_INLINE 512

struct _vc_body_t {
    msgpack_unpacked unpacked;
    char *bytes;                        //  inline_bytes or a heap copy
    char inline_bytes [VC_BODY_INLINE];
    char error [160];
};

bool
vc_utf8_valid (const char *data, size_t size)
{
    const unsigned char *s = (const unsigned char *) data;
    size_t i = 0;
    while (i < size) {
        //  Eight bytes at a time while they are plain ASCII without a NUL
        //  (no high bit set; no zero byte)
        if (size - i >= 8) {
            uint64_t word;
            memcpy (&word, s + i, 8);
            if (!(word & 0x8080808080808080ull)
            &&  !((word - 0x0101010101010101ull) & ~word & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s [i];
        size_t n;
        uint32_t cp;
        if (c == 0)
            return false;
        if (c < 0x80) { i++; continue; }
        if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
        else
        if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
        else
        if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
        else
            return false;
        if (size - i <= n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s [i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s [i + k] & 0x3f);
        }
        //  Overlong forms, surrogates, beyond Unicode
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
        ||  (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return false;
        i += n + 1;
    }
    return true;
}

//  Top-level keys must be strings, each present once.
static int
s_check_keys (const msgpack_object_map *map, char *err, size_t err_size)
{
    for (uint32_t i = 0; i < map->size; i++) {
        const msgpack_object *key = &map->ptr [i].key;
        if (key->type != MSGPACK_OBJECT_STR) {
            snprintf (err, err_size, "field names must be strings");
            return -1;
        }
        for (uint32_t j = 0; j < i; j++) {
            const msgpack_object *other = &map->ptr [j].key;
            if (other->via.str.size == key->via.str.size
            &&  (key->via.str.size == 0
                 || memcmp (other->via.str.ptr, key->via.str.ptr, key->via.str.size) == 0)) {
                snprintf (err, err_size, "duplicate field '%.*s'",
                          (int) (key->via.str.size < 40 ? key->via.str.size : 40), key->via.str.ptr);
                return -1;
            }
        }
    }
    return 0;
}

vc_body_t *
vc_body_decode (const void *data, size_t size, char *err, size_t err_size)
{
    if (vc_body_check (data, size, VC_DEPTH_MAX, err, err_size))
        return NULL;
    vc_body_t *self = (vc_body_t *) calloc (1, sizeof (vc_body_t));
    if (!self) {
        snprintf (err, err_size, "out of memory");
        return NULL;
    }
    msgpack_unpacked_init (&self->unpacked);
    self->bytes = size <= VC_BODY_INLINE ? self->inline_bytes : (char *) malloc (size);
    if (!self->bytes) {
        snprintf (err, err_size, "out of memory");
        vc_body_destroy (&self);
        return NULL;
    }
    if (size)
        memcpy (self->bytes, data, size);
    size_t offset = 0;
    int rc = msgpack_unpack_next (&self->unpacked, self->bytes, size, &offset);
    if (rc == MSGPACK_UNPACK_NOMEM_ERROR) {
        snprintf (err, err_size, "out of memory");
        vc_body_destroy (&self);
        return NULL;
    }
    if (rc != MSGPACK_UNPACK_SUCCESS || offset != size) {
        snprintf (err, err_size, "malformed msgpack body");
        vc_body_destroy (&self);
        return NULL;
    }
    if (self->unpacked.data.type != MSGPACK_OBJECT_MAP) {
        snprintf (err, err_size, "body must be a msgpack map");
        vc_body_destroy (&self);
        return NULL;
    }
    if (s_check_keys (&self->unpacked.data.via.map, err, err_size)) {
        vc_body_destroy (&self);
        return NULL;
    }
    return self;
}

vc_body_t *
vc_body_decode_frame (zframe_t *frame, char *err, size_t err_size)
{
    if (!frame) {
        snprintf (err, err_size, "missing body");
        return NULL;
    }
    return vc_body_decode (zframe_data (frame), zframe_size (frame), err, err_size);
}

void
vc_body_destroy (vc_body_t **self_p)
{
    vc_body_t *self = *self_p;
    if (!self)
        return;
    msgpack_unpacked_destroy (&self->unpacked);
    if (self->bytes != self->inline_bytes)
        free (self->bytes);
    free (self);
    *self_p = NULL;
}

const msgpack_object *
vc_body_root (vc_body_t *self)
{
    return &self->unpacked.data;
}

const msgpack_object *
vc_body_get (vc_body_t *self, const char *key)
{
    return vc_map_get (&self->unpacked.data, key);
}

const char *
vc_body_error (vc_body_t *self)
{
    return self->error;
}

void *
vc_body_alloc (vc_body_t *self, size_t size)
{
    return msgpack_zone_malloc (self->unpacked.zone, size ? size : 1);
}

int
vc_body_fail (vc_body_t *self, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vsnprintf (self->error, sizeof self->error, format, args);
    va_end (args);
    return -1;
}

int
vc_object_str (const msgpack_object *object, char *out, size_t out_size)
{
    if (object->type != MSGPACK_OBJECT_STR || object->via.str.size >= out_size)
        return -1;
    if (!vc_utf8_valid (object->via.str.ptr, object->via.str.size))
        return -1;
    //  msgpack-c gives empty strings a NULL pointer: no memcpy from it
    if (object->via.str.size)
        memcpy (out, object->via.str.ptr, object->via.str.size);
    out [object->via.str.size] = 0;
    return 0;
}

int
vc_body_str (vc_body_t *self, const char *key, size_t max_len, const char **value)
{
    const msgpack_object *object = vc_body_get (self, key);
    if (!object)
        return 1;
    if (object->type != MSGPACK_OBJECT_STR) {
        snprintf (self->error, sizeof self->error, "field '%s' must be a string", key);
        return -1;
    }
    size_t len = object->via.str.size;
    if (len > max_len) {
        snprintf (self->error, sizeof self->error,
                  "field '%s' is too long (%zu bytes, at most %zu)", key, len, max_len);
        return -1;
    }
    if (!vc_utf8_valid (object->via.str.ptr, len)) {
        snprintf (self->error, sizeof self->error,
                  "field '%s' is not valid UTF-8 text", key);
        return -1;
    }
    //  A NUL-terminated copy that lives as long as the body
    char *copy = (char *) msgpack_zone_malloc (self->unpacked.zone, len + 1);
    if (!copy) {
        snprintf (self->error, sizeof self->error, "out of memory");
        return -1;
    }
    if (len)
        memcpy (copy, object->via.str.ptr, len);
    copy [len] = 0;
    *value = copy;
    return 0;
}

int
vc_body_int (vc_body_t *self, const char *key, int64_t min, int64_t max, int64_t *value)
{
    const msgpack_object *object = vc_body_get (self, key);
    if (!object)
        return 1;
    int64_t v;
    if (vc_object_int (object, &v)) {
        snprintf (self->error, sizeof self->error, "field '%s' must be an integer", key);
        return -1;
    }
    if (v < min || v > max) {
        snprintf (self->error, sizeof self->error,
                  "field '%s' must be between %" PRId64 " and %" PRId64, key, min, max);
        return -1;
    }
    *value = v;
    return 0;
}

int
vc_body_bool (vc_body_t *self, const char *key, bool *value)
{
    const msgpack_object *object = vc_body_get (self, key);
    if (!object)
        return 1;
    if (object->type != MSGPACK_OBJECT_BOOLEAN) {
        snprintf (self->error, sizeof self->error, "field '%s' must be true or false", key);
        return -1;
    }
    *value = object->via.boolean;
    return 0;
}

static int
s_missing (vc_body_t *self, const char *key)
{
    snprintf (self->error, sizeof self->error, "missing field '%s'", key);
    return -1;
}

int
vc_body_need_str (vc_body_t *self, const char *key, size_t max_len, const char **value)
{
    int rc = vc_body_str (self, key, max_len, value);
    return rc == 1 ? s_missing (self, key) : rc;
}

int
vc_body_need_int (vc_body_t *self, const char *key, int64_t min, int64_t max, int64_t *value)
{
    int rc = vc_body_int (self, key, min, max, value);
    return rc == 1 ? s_missing (self, key) : rc;
}

//  ---------------------------------------------------------------------
//  Self-test: a packed body read back by the typed getters, which refuse
//  wrong types, missing fields, long strings, NULs and bad UTF-8; keys
//  that are not strings or come twice are refused.

static vc_body_t *
s_decode (const void *data, size_t size, char *err)
{
    return vc_body_decode (data, size, err, 160);
}

static void
s_test_round_trip (void)
{
    vc_pack_t *pack = vc_pack_new ();
    VC_CHECK (pack);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "lookup");
    vc_pack_kstr (pack, "province", "Hồ Chí Minh");
    vc_pack_kint (pack, "n", -42);
    vc_pack_kbool (pack, "flag", true);
    vc_pack_map_end (pack);
    char err [160];
    vc_body_t *body = s_decode (vc_pack_data (pack), vc_pack_size (pack), err);
    VC_CHECK (body);
    const char *text = NULL;
    int64_t n = 0;
    bool flag = false;
    VC_CHECK (vc_body_need_str (body, "op", 32, &text) == 0 && streq (text, "lookup"));
    VC_CHECK (vc_body_need_str (body, "province", 64, &text) == 0 && streq (text, "Hồ Chí Minh"));
    VC_CHECK (vc_body_need_int (body, "n", -100, 100, &n) == 0 && n == -42);
    VC_CHECK (vc_body_bool (body, "flag", &flag) == 0 && flag);
    //  Wrong type, missing, too long, out of range
    VC_CHECK (vc_body_need_int (body, "op", 0, 10, &n) == -1);
    VC_CHECK (strstr (vc_body_error (body), "must be an integer"));
    VC_CHECK (vc_body_need_str (body, "missing", 10, &text) == -1);
    VC_CHECK (strstr (vc_body_error (body), "missing field 'missing'"));
    VC_CHECK (vc_body_str (body, "missing", 10, &text) == 1);
    VC_CHECK (vc_body_need_str (body, "province", 5, &text) == -1);
    VC_CHECK (strstr (vc_body_error (body), "too long"));
    VC_CHECK (vc_body_need_int (body, "n", 0, 100, &n) == -1);
    vc_body_destroy (&body);
    vc_pack_destroy (&pack);
}

static void
s_test_keys (void)
{
    char err [160];
    //  Non-string key and duplicate keys
    const uint8_t int_key [] = { 0x81, 0x01, 0x02 };
    VC_CHECK (!s_decode (int_key, sizeof int_key, err) && strstr (err, "must be strings"));
    const uint8_t dup [] = { 0x82, 0xa1, 'k', 0x01, 0xa1, 'k', 0x02 };
    VC_CHECK (!s_decode (dup, sizeof dup, err) && strstr (err, "duplicate field 'k'"));
}

static void
s_test_strings (void)
{
    char err [160];
    const char *text = NULL;
    //  {"k": "a\0b"}: embedded NUL refused by the getter
    const uint8_t nul [] = { 0x81, 0xa1, 'k', 0xa3, 'a', 0x00, 'b' };
    vc_body_t *body = s_decode (nul, sizeof nul, err);
    VC_CHECK (body && vc_body_need_str (body, "k", 10, &text) == -1);
    vc_body_destroy (&body);
    //  {"k": "\xff\xfe"}: invalid UTF-8
    const uint8_t bad_utf8 [] = { 0x81, 0xa1, 'k', 0xa2, 0xff, 0xfe };
    body = s_decode (bad_utf8, sizeof bad_utf8, err);
    VC_CHECK (body && vc_body_need_str (body, "k", 10, &text) == -1);
    VC_CHECK (body && strstr (vc_body_error (body), "UTF-8"));
    vc_body_destroy (&body);
    VC_CHECK (vc_utf8_valid ("Đà Nẵng", strlen ("Đà Nẵng")));
    VC_CHECK (!vc_utf8_valid ("\xc0\xaf", 2));          //  Overlong
    VC_CHECK (!vc_utf8_valid ("\xed\xa0\x80", 3));      //  Surrogate
    VC_CHECK (!vc_utf8_valid ("\xe1\xba", 2));          //  Truncated sequence
}

//  Long ASCII (read eight bytes at a time) with one NUL, one bad byte,
//  one overlong or one truncated sequence at every place, and a
//  Vietnamese letter at every place
static void
s_test_utf8_words (void)
{
    char text40 [40];
    for (size_t at = 0; at < sizeof text40; at++) {
        memset (text40, 'x', sizeof text40);
        VC_CHECK (vc_utf8_valid (text40, sizeof text40));
        text40 [at] = 0;
        VC_CHECK (!vc_utf8_valid (text40, sizeof text40));
        text40 [at] = (char) 0xff;
        VC_CHECK (!vc_utf8_valid (text40, sizeof text40));
        text40 [at] = (char) 0x80;
        VC_CHECK (!vc_utf8_valid (text40, sizeof text40));
        if (at + 1 < sizeof text40) {
            memcpy (text40 + at, "\xc0\xaf", 2);
            VC_CHECK (!vc_utf8_valid (text40, sizeof text40));
            memcpy (text40 + at, "\xc3\xa0", 2);     //  à
            VC_CHECK (vc_utf8_valid (text40, sizeof text40));
        }
        memset (text40, 'x', sizeof text40);
        text40 [sizeof text40 - 1] = (char) 0xe1;
        VC_CHECK (!vc_utf8_valid (text40 + at, sizeof text40 - at));
    }
}

void
vc_body_test (bool verbose)
{
    if (verbose)
        printf (" * vc_body: ");
    s_test_round_trip ();
    s_test_keys ();
    s_test_strings ();
    s_test_utf8_words ();
    if (verbose)
        printf ("OK\n");
}
